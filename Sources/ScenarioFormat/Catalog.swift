import ConvModel
import Foundation

/// The shipped scenarios: where they are and what they hold.
public enum Catalog {
    /// The environment variable that points at a scenario directory.
    public static let environmentVariable = "CONVLENS_SCENARIOS"

    /// Finds the scenario directory: the flag, then `$CONVLENS_SCENARIOS`, then a `Scenarios/` folder beside
    /// or above the executable (a SwiftPM build or an install with `share/convlens/Scenarios`), then the
    /// checkout this binary was built from.
    public static func locate(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "") -> String? {
        if let flag { return flag }
        if let env = environment[environmentVariable], !env.isEmpty { return env }
        let fm = FileManager.default
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Scenarios"))
            candidates.append(dir.appendingPathComponent("share/convlens/Scenarios"))
            dir = dir.deletingLastPathComponent()
        }
        // Sources/ConvModel/Catalog.swift → the checkout's Scenarios/.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios"))
        for url in candidates {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue { return url.path }
        }
        return nil
    }

    /// The `.json` files of a directory, sorted by name (the teaching order), or an error if it cannot be read.
    public static func files(in dir: String) throws(ScenarioError) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ScenarioError(file: dir, path: "", message: "no such directory", exitCode: 66)
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw ScenarioError(file: dir, path: "", message: "cannot be read", exitCode: 66)
        }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { (dir as NSString).appendingPathComponent($0) }
    }
}

extension Scenario {
    /// "1×5×5 → 1×3×3" style summary of the shapes.
    public var shapeSummary: String {
        let i = layer.input, o = layer.outputShape
        return "\(i.channels)×\(i.height)×\(i.width) → \(o[0])×\(o[1])×\(o[2])"
    }
}
