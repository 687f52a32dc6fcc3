import Foundation
import Testing

/// `play FILE --view NAME` opens a lens directly; unknown or inapplicable names are usage errors.
@Suite struct ViewFlagTests {
    @Test(arguments: [
        ("06", "weights", "conv parameters"), ("14", "upsample", "upsampled 5×5"),
        ("11", "conv", "input 7×7"), ("14", "scatter", "scatter 7×7"),
    ])
    func opensTheNamedView(_ file: String, _ view: String, _ text: String) throws {
        let run = try convlens(["play", file, "--view", view, "--plain", "--step", "1"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains(text), "\(run.stdout)")
    }

    @Test func unknownViewIsAUsageError() throws {
        let run = try convlens(["play", "06", "--view", "sideways", "--plain"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown view 'sideways'") && run.stderr.contains("conv, weights, scatter"))
        #expect(run.stdout == "")
    }

    @Test func viewTheScenarioDoesNotOfferIsAUsageError() throws {
        let run = try convlens(["play", "06", "--view", "scatter", "--plain"])
        #expect(run.status == 64, "\(run)")
        let lines = run.stderr.split(separator: "\n")
        #expect(
            lines.count == 1 && lines[0].contains("--view scatter does not apply") && lines[0].contains("conv, weights")
        )
    }

    @Test func viewNeedsAFile() throws {
        let run = try convlens(["play", "--view", "conv", "--plain"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--view needs a scenario FILE"))
    }

    @Test func helpListsTheViewsAndKeys() throws {
        let run = try convlens(["play", "--help"])
        #expect(run.status == 0)
        for name in ["conv", "weights", "scatter", "upsample", "field"] { #expect(run.stdout.contains(name)) }
        #expect(run.stdout.contains("close this help"))
    }
}
