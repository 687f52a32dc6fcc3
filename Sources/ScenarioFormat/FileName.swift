/// A path as the system sees it: bytes, which need not be UTF-8 (a Linux file name is any bytes but NUL and
/// `/`). Opened with these bytes, shown with `description` (control characters and invalid bytes escaped).
public struct FileName: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ path: String) { bytes = Array(path.utf8) }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The name decoded as UTF-8, invalid bytes replaced by U+FFFD: for JSON output and comparisons.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The name for a message or a listing, on one line: control characters escaped, invalid UTF-8 bytes as
    /// `\xFF`, an empty name as `''`.
    public var description: String { bytes.isEmpty ? "''" : shown(bytes: bytes, limit: FileName.shownLimit) }

    /// Characters of a name shown in a message (PATH_MAX: a longer name cannot be opened anyway).
    static let shownLimit = 4096

    /// True when the name holds no invalid UTF-8: then `string` is exact.
    public var isUTF8: Bool {
        var i = 0
        while i < bytes.count {
            let n = utf8SequenceLength(bytes, at: i)
            guard n > 0 else { return false }
            i += n
        }
        return true
    }

    /// The last component (after the last `/`), as bytes.
    public var lastComponent: FileName {
        FileName(bytes: Array(bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).last ?? []))
    }

    /// The last component without its extension (`06-padding-strides` for `Scenarios/06-padding-strides.json`).
    public var baseName: FileName {
        let last = lastComponent.bytes
        guard let dot = last.lastIndex(of: UInt8(ascii: ".")), dot > 0 else { return lastComponent }
        return FileName(bytes: Array(last[..<dot]))
    }

    /// `self/component`, with one slash between them.
    public func appending(_ component: FileName) -> FileName {
        if bytes.isEmpty { return component }
        return FileName(bytes: bytes + (bytes.last == UInt8(ascii: "/") ? [] : [UInt8(ascii: "/")]) + component.bytes)
    }

    /// Calls `body` with the name as a NUL-terminated C string; nil when the name itself holds a NUL byte.
    func withCString<T>(_ body: (UnsafePointer<CChar>) -> T) -> T? {
        guard !bytes.contains(0) else { return nil }
        return (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }
}
