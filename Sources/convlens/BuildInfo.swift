/// What `convlens --version` prints: the version (`Convlens.configuration`) and the commit the binary was built
/// from.
///
/// The commit is baked in at build time, without a plugin or the network: `scripts/stamp-commit.sh` (run by
/// `scripts/install.sh` around its build) writes `Sources/convlens/BuildCommit.generated.swift`, ignored by git,
/// with `extension BuildInfo { static var commit: String { "commit 1a2b3c4d5e6f" } }`, which takes the place of
/// the default below. A plain `swift build` has no such file: "unknown commit". Only the commit is stamped, never
/// a path of the build machine.
protocol BuildStamp {
    static var commit: String { get }
}

extension BuildStamp {
    static var commit: String { "unknown commit" }
}

enum BuildInfo: BuildStamp {
    /// `convlens 0.1.0 (commit 1a2b3c4d5e6f)`, or `convlens 0.1.0 (unknown commit)` from a plain build.
    static var versionLine: String {
        "convlens \(Convlens.configuration.version) (\(commit))"
    }
}
