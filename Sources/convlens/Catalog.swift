import Foundation
import ScenarioFormat

/// The shipped scenarios: where they are and what they hold.
enum Catalog {
    /// The environment variable that points at a scenario directory.
    static let environmentVariable = "CONVLENS_SCENARIOS"

    /// Finds the scenario directory: the flag, then `$CONVLENS_SCENARIOS`, then a `Scenarios/` folder beside
    /// or up to five levels above the executable (a SwiftPM build directory, `.build/debug`, lies below the
    /// checkout), or an install's `share/convlens/Scenarios`.
    static func locate(
        flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = Catalog.executablePath
    ) -> String? {
        if let flag {
            return flag
        }
        if let env = environment[environmentVariable], !env.isEmpty {
            return env
        }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for relative in ["Scenarios", "share/convlens/Scenarios"] {
                let candidate = dir.appendingPathComponent(relative).path
                if isDirectory(candidate) {
                    return candidate
                }
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// The running executable: from the system (so a command found through `PATH` is found too), else `argv[0]`.
    static var executablePath: String {
        Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
    }

    /// The `.json` files of a directory, sorted by name (the teaching order), or an error if it cannot be read.
    static func files(in dir: String) throws(ScenarioError) -> [String] {
        guard isDirectory(dir) else {
            throw ScenarioError(kind: .unreadable, file: dir, path: "", message: "no such directory")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw ScenarioError(kind: .unreadable, file: dir, path: "", message: "cannot be read")
        }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { (dir as NSString).appendingPathComponent($0) }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
