import Foundation
import Testing

/// `convlens --version`: one line with the version and the commit the binary was built from, which
/// `scripts/stamp-commit.sh` bakes in (`scripts/install.sh` runs it); a plain `swift build` says "unknown commit".
@Suite struct VersionTests {
    @Test func versionNamesTheCommit() throws {
        let run = try convlens(["--version"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "")
        let line = try #require(run.stdoutLines.first, "\(run)")
        #expect(run.stdoutLines.count == 1, "\(run)")
        let pattern = #/convlens \d+\.\d+\.\d+ \((commit [0-9a-f]{7,40}(-dirty)?|unknown commit)\)/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
        #expect(!line.contains("/"), "no path of the build machine: \(line)")
    }

    /// The version line is the only text the commit changes: help still prints as the parser writes it.
    @Test func helpIsUntouched() throws {
        let run = try convlens(["--help"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("USAGE: convlens"), "\(run)")
        #expect(!run.stdout.contains("commit"), "\(run)")
    }
}
