#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything measured for one scenario at one size.
struct SizeRow {
    let scenario: String
    let path: String
    let width: Int
    let height: Int
    var firstFrame = Samples()
    var firstFramePeak = Samples()
    var steps = StepFigures()
    var keys = KeyFigures()
    var binaryKey = Samples()
    var binaryPeak = Samples()
    /// A parameter change in the panel: ms from the key to the frame drawn, and the cells it changed.
    var edits = StepFigures()

    var size: String { "\(width)×\(height)" }
}

/// `eval` of one scenario.
struct EvalRow {
    let scenario: String
    var ms = Samples()
    var peak = Samples()
}

/// The tables `convlens bench` prints: medians with (min–max) over the repeats, steps or keys.
struct BenchReport {
    var rows: [SizeRow] = []
    var evals: [EvalRow] = []
    /// The reference program's time to exit per size (e.g. a Swift hello world that imports Foundation).
    var reference: [(size: String, ms: Samples, peak: Samples)] = []
    var referenceName = ""

    private static let nameWidth = 34

    func printAll(_ measures: Set<BenchMeasure>, keys: Int) {
        if measures.contains(.firstFrame) { printFirstFrames() }
        if measures.contains(.step) { printSteps() }
        if measures.contains(.keys) { printKeys(keys) }
        if measures.contains(.edit) { printEdits() }
        if measures.contains(.eval) { printEvals() }
    }

    private func line(_ cells: [(String, Int)]) {
        print(cells.map { pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces)
    }

    private func printFirstFrames() {
        print("first frame: `convlens play FILE` on a pty, start to first frame drawn (ms); its peak memory (MB)")
        line([("scenario", Self.nameWidth), ("size", 8), ("first frame ms", 26), ("peak MB", 20)])
        for r in rows {
            line([(r.scenario, Self.nameWidth), (r.size, 8), (r.firstFrame.text(), 26), (r.firstFramePeak.text(1), 20)])
        }
        for r in reference {
            line([(referenceName, Self.nameWidth), (r.size, 8), (r.ms.text(), 26), (r.peak.text(1), 20)])
        }
        print("")
    }

    private func printSteps() {
        print("step: render + draw on a pty (ms), bytes written per step, cells changed per step")
        let header = [
            ("scenario", Self.nameWidth), ("size", 8), ("step ms", 24), ("bytes/step", 22), ("changed cells", 22),
            ("bytes/changed", 13),
        ]
        line(header)
        for r in rows {
            let perCell = r.steps.changed.median > 0 ? r.steps.bytes.median / r.steps.changed.median : .nan
            line([
                (r.scenario, Self.nameWidth), (r.size, 8), (r.steps.ms.text(3), 24), (r.steps.bytes.text(0), 22),
                (r.steps.changed.text(0), 22), (perCell.isNaN ? "-" : fixed(perCell, 1), 13),
            ])
        }
        print("")
    }

    private func printKeys(_ keys: Int) {
        print(
            "held →, \(keys) presses: ms per key with a frame per key, as the loop coalesces them, and the real "
                + "binary (typed at once into a pty, until the screen settles); its peak memory (MB)")
        line([
            ("scenario", Self.nameWidth), ("size", 8), ("frame per key", 24), ("loop", 24), ("binary", 24),
            ("peak MB", 20),
        ])
        for r in rows {
            line([
                (r.scenario, Self.nameWidth), (r.size, 8), (r.keys.perKeyFrame.text(3), 24),
                (r.keys.coalesced.text(4), 24), (r.binaryKey.text(4), 24), (r.binaryPeak.text(1), 20),
            ])
        }
        print("")
    }

    private func printEdits() {
        print("edit: a parameter change in the panel (stride +1, then −1), reduced, rendered and drawn (ms)")
        line([("scenario", Self.nameWidth), ("size", 8), ("edit ms", 24), ("changed cells", 22)])
        for r in rows {
            line([(r.scenario, Self.nameWidth), (r.size, 8), (r.edits.ms.text(3), 24), (r.edits.changed.text(0), 22)])
        }
        print("")
    }

    private func printEvals() {
        print("eval: `convlens eval FILE > /dev/null` (ms); its peak memory (MB)")
        line([("scenario", Self.nameWidth), ("eval ms", 26), ("peak MB", 20)])
        for r in evals {
            line([(r.scenario, Self.nameWidth), (r.ms.text(), 26), (r.peak.text(1), 20)])
        }
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
