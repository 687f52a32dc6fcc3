import ConvModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Scenario {
    /// The scenario as a file of the format: the hyper-parameters, then the input, kernel and bias written out as
    /// numbers (each as its shortest decimal, which reads back to the same number), one matrix row a line. The
    /// text is decoded again before it is returned: it is returned only if `validate` accepts it and it gives
    /// back this layer, topic, title and notes; otherwise the error says what cannot be written.
    public func encoded() throws(ScenarioError) -> [UInt8] {
        func refuse(_ place: ScenarioError.Place, _ problem: OutputProblem) -> ScenarioError {
            ScenarioError(kind: .invalid, name: name, place: place, problem: .output(problem))
        }
        var w = ScenarioText()
        w.member("title", Self.text(title))
        if let notes { w.member("notes", Self.text(notes)) }
        w.member("op", jsonQuoted(layer.op.rawValue))
        w.member("topic", jsonQuoted(topic.rawValue))
        let g = layer.geometry
        if g.stride != Pair(both: 1) { w.member("stride", Self.pair(g.stride)) }
        guard let padding = writtenPadding else {
            throw refuse(.path("padding"), .unevenPadding)
        }
        if let padding { w.member("padding", padding) }
        if g.dilation != Pair(both: 1) { w.member("dilation", Self.pair(g.dilation)) }
        if g.outputPadding != Pair(both: 0) { w.member("output_padding", Self.pair(g.outputPadding)) }
        w.tensor("input", shape: layer.input.shape, layer.input.values)
        w.tensor("kernel", shape: layer.kernel.shape, layer.kernel.values)
        w.member("bias", "[" + layer.bias.map(Num.format).joined(separator: ", ") + "]")
        if let rf = receptiveField {
            var block = "{\"layers\": \(Self.stack(rf))"
            if let compareField { block += ", \"compare\": \(Self.stack(compareField))" }
            w.member("receptive_field", block + "}")
        }
        let bytes = w.finish()
        guard bytes.count <= Limits.fileBytes else {
            throw refuse(.file, .tooLarge(bytes: bytes.count, limit: Limits.fileBytes))
        }
        let back = try Scenario.decode(bytes, name: name)
        guard back.layer == layer, back.topic == topic, back.title == title, back.notes == notes,
            back.receptiveField == receptiveField, back.compareField == compareField
        else { throw refuse(.file, .notReadBack) }
        return bytes
    }

    /// Writes `encoded()` to `path` atomically: into a temporary file beside it, then renamed into place, so the
    /// file is either the old one or the whole new one. An existing file (even a dangling link) is refused unless
    /// `force`; without `force` the new file is linked into place, so a file created meanwhile is not replaced.
    public func save(to path: FileName, force: Bool = false) throws(ScenarioError) {
        try FileAccess.writeAtomically(try encoded(), to: path, replace: force)
    }

    /// The padding as the file says it: `"same"`, `"full"` or `"valid"` when the mode gives exactly this padding,
    /// else the number or `[h, w]`; `.some(nil)` for none; nil when it cannot be written (uneven, not "same").
    private var writtenPadding: String?? {
        let g = layer.geometry
        let p = g.padding
        switch paddingMode {
        case .same where PyTorchCall.isPyTorchSame(g.spec, kernel: g.kernelSize): return "\"same\""
        case .full where p == Padding.full(kernel: g.kernelSize, dilation: g.dilation): return "\"full\""
        case .valid where p.isZero: return "\"valid\""
        default: break
        }
        if p.isZero { return .some(nil) }
        if !p.isSymmetric { return PyTorchCall.isPyTorchSame(g.spec, kernel: g.kernelSize) ? "\"same\"" : nil }
        return Self.pair(p.leading)
    }

    private static func pair(_ p: Pair) -> String { p.isSquare ? "\(p.h)" : "[\(p.h), \(p.w)]" }

    private static func text(_ t: Localized) -> String {
        var parts: [String] = []
        if let en = t.en { parts.append("\"en\": " + jsonQuoted(en)) }
        if let zh = t.zh { parts.append("\"zh\": " + jsonQuoted(zh)) }
        return parts.count == 1 && t.en != nil
            ? jsonQuoted(t.en ?? "") : "{" + parts.joined(separator: ", ") + "}"
    }

    private static func stack(_ rf: ReceptiveField) -> String {
        "["
            + rf.layers.map { "{\"kernel\": \($0.kernel), \"stride\": \($0.stride), \"dilation\": \($0.dilation)}" }
            .joined(separator: ", ") + "]"
    }
}

/// The text of a scenario file being written: members of the top-level object, two spaces in.
private struct ScenarioText {
    private var out = "{\n"
    private var first = true

    mutating func member(_ key: String, _ value: String) {
        out += (first ? "" : ",\n") + "  \"\(key)\": " + value
        first = false
    }

    /// A tensor as nested arrays, one innermost row a line.
    mutating func tensor(_ key: String, shape: [Int], _ values: [Double]) {
        var text = ""
        Self.nested(shape[...], values, from: 0, indent: "  ", into: &text)
        member(key, text)
    }

    private static func nested(
        _ shape: ArraySlice<Int>, _ values: [Double], from base: Int, indent: String, into s: inout String
    ) {
        guard let count = shape.first else { return }
        let inner = shape.dropFirst()
        let stride = inner.reduce(1, *)
        if inner.isEmpty {
            s += "[" + values[base..<base + count].map(Num.format).joined(separator: ", ") + "]"
            return
        }
        s += "[\n"
        for i in 0..<count {
            s += indent + "  "
            nested(inner, values, from: base + i * stride, indent: indent + "  ", into: &s)
            s += i + 1 < count ? ",\n" : "\n"
        }
        s += indent + "]"
    }

    mutating func finish() -> [UInt8] { Array((out + "\n}\n").utf8) }
}

extension FileAccess {
    /// Writes `bytes` to `name` through a temporary file in the same directory (written, flushed to disk, made
    /// 0644), then linked (`replace` false: refused when `name` exists, even as a dangling link) or renamed
    /// (`replace` true) into place. The temporary file never outlives a failure.
    public static func writeAtomically(_ bytes: [UInt8], to name: FileName, replace: Bool) throws(ScenarioError) {
        func fail(_ kind: ScenarioError.Kind, _ problem: FileProblem) -> ScenarioError {
            ScenarioError(kind: kind, name: name, problem: .file(problem))
        }
        if let problem = targetProblem(name, replace: replace) { throw fail(.cannotCreate, problem) }
        let slash = name.bytes.lastIndex(of: UInt8(ascii: "/"))
        let dir = slash.map { Array(name.bytes[...$0]) } ?? []
        let base = slash.map { Array(name.bytes[($0 + 1)...]) } ?? name.bytes
        guard !base.isEmpty, !name.bytes.contains(0) else { throw fail(.cannotCreate, .expectedFileName) }
        var template = (dir + Array(".".utf8) + base.prefix(100) + Array(".tmp-XXXXXX".utf8) + [0]).map {
            CChar(bitPattern: $0)
        }
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw fail(.cannotCreate, problem(errno: errno, directory: true)) }
        let temp = FileName(bytes: template.dropLast().map { UInt8(bitPattern: $0) })
        var placed = false
        defer {
            if !placed { _ = temp.withCString { unlink($0) } }
        }
        let written = writeAll(fd, bytes)
        let synced = written == 0 && fchmod(fd, 0o644) == 0 && fsync(fd) == 0 ? 0 : errno
        close(fd)
        if written != 0 || synced != 0 { throw fail(.writeFailed, problem(errno: written != 0 ? written : synced)) }
        try place(temp, at: name, replace: replace, fail: fail)
        placed = true
    }

    /// Why `name` cannot be written, from what is there now: "already exists" without `replace`; never over a
    /// directory, a device, a FIFO or a socket (or a link to one), even with `replace`; the precise reason when the
    /// path itself is wrong (a file where a directory should be, a name too long). Nil when it can be written.
    private static func targetProblem(_ name: FileName, replace: Bool) -> FileProblem? {
        var info = stat()
        guard name.withCString({ lstat($0, &info) }) == 0 else {
            let code = errno
            return code == ENOENT ? nil : problem(errno: code, directory: true)
        }
        var target = info
        let isLink = info.st_mode & S_IFMT == S_IFLNK
        // A link that leads to a file of another kind is refused as that file; a dangling one counts as a file.
        if isLink && name.withCString({ stat($0, &target) }) != 0 { target = info }
        if !isLink || target.st_mode & S_IFMT != S_IFLNK, let other = kind(target.st_mode) {
            return .wrongKind(other, expected: .scenarioFile)
        }
        return replace ? nil : .alreadyExists
    }

    /// Links (or renames) the finished temporary file into place; without `replace`, unlinks it afterwards.
    private static func place(
        _ temp: FileName, at name: FileName, replace: Bool,
        fail: (ScenarioError.Kind, FileProblem) -> ScenarioError
    ) throws(ScenarioError) {
        let code: Int32? =
            temp.withCString { t in
                name.withCString { n -> Int32 in
                    if replace { return rename(t, n) == 0 ? 0 : errno }
                    if link(t, n) == 0 {
                        unlink(t)
                        return 0
                    }
                    // A file system without hard links: fall back to a rename when the name is still free.
                    guard errno == EPERM || errno == ENOTSUP || errno == EXDEV || errno == ENOSYS else { return errno }
                    guard isAbsent(name) else { return EEXIST }
                    return rename(t, n) == 0 ? 0 : errno
                } ?? EINVAL
            } ?? EINVAL
        guard let code, code != 0 else { return }
        throw fail(.cannotCreate, code == EEXIST ? .alreadyExists : problem(errno: code, directory: true))
    }

    /// Writes every byte, retrying on EINTR; 0, or the errno of the failure.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return n < 0 ? errno : EIO }
            offset += n
        }
        return 0
    }
}

/// A JSON string literal of `s`: quotes and backslashes escaped, a line break as `\n`, a tab and a carriage return as
/// `\t` and `\r`; C0, DEL, C1 (0x9B is a terminal's CSI), line and paragraph separators and bidi controls as
/// `\u` escapes, so a name or title never acts on a terminal that shows the text (`eval`, a saved scenario).
public func jsonQuoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0x2028...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                let hex = String(v, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
