import Animator
import ScenarioFormat

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How much to measure, and the loops over scenarios and sizes.
struct BenchPlan {
    let steps: Int
    let keys: Int
    let repeats: Int
    let sizes: [(width: Int, height: Int)]
    /// `--view`: the view the in-process measures take (nil: each scenario's own).
    var view: LensName? = nil

    /// The in-process measurements (steps, held keys on one screen per size), one row per scenario and size, in
    /// scenario order.
    func inProcess(_ targets: [(path: String, name: String)], measures: Set<BenchMeasure>) throws(BenchError)
        -> [SizeRow]
    {
        var bySize: [[SizeRow]] = []
        for size in sizes {
            var rows = targets.map { SizeRow(scenario: $0.name, path: $0.path, width: size.width, height: size.height) }
            if measures.contains(.step) || measures.contains(.keys) || measures.contains(.edit) {
                let bench = try ScreenBench(width: size.width, height: size.height)
                defer { bench.close() }
                let opened = targets.map { target -> (deck: Deck, start: State)? in
                    guard let scenario = try? Scenario.load(path: target.path) else { return nil }
                    let deck = Deck([Slide(scenario, name: target.name)])
                    var start = reduce(State(screen: .picker), .pickerChosen, deck: deck).state
                    if let view {
                        guard deck.slides[0].views.contains(view) else {
                            printError("convlens bench: --view \(view) does not apply to \(target.name): left out")
                            return nil
                        }
                        start.view = view
                    }
                    return (deck, start)
                }
                if measures.contains(.step) { stepRounds(opened, bench: bench, into: &rows) }
                for (i, open) in opened.enumerated() {
                    guard let (deck, start) = open else { continue }
                    if measures.contains(.keys) {
                        rows[i].keys = bench.heldKeys(start, deck: deck, keys: keys, repeats: repeats)
                    }
                    if measures.contains(.edit) { rows[i].edits = bench.edits(start, deck: deck, count: steps) }
                }
            }
            bySize.append(rows)
        }
        return targets.indices.flatMap { i in bySize.map { $0[i] } }
    }

    /// The walks of every scenario at one size, in `repeats` rounds that take the scenarios in turn (each round
    /// goes on with the next stretch of every walk): every scenario's steps are spread over the same stretch of
    /// time, so a quiet or a busy moment of the machine (or where the scheduler put the pty's reader) falls on
    /// all of them alike, and the ratios between them hold from run to run.
    private func stepRounds(_ opened: [(deck: Deck, start: State)?], bench: ScreenBench, into rows: inout [SizeRow]) {
        let rounds = max(1, min(repeats, steps))
        var done = 0
        for round in 0..<rounds {
            let count = steps * (round + 1) / rounds - done
            for (i, open) in opened.enumerated() {
                guard let (deck, start) = open else { continue }
                bench.steps(start, deck: deck, from: 1 + done, count: count, into: &rows[i].steps)
            }
            done += count
        }
    }

    /// The measurements on child processes: first frames and bursts per row, eval per scenario.
    func inProcesses(
        _ targets: [(path: String, name: String)], _ processes: ProcessBench, measures: Set<BenchMeasure>,
        into report: inout BenchReport
    ) throws(BenchError) {
        for i in report.rows.indices {
            let row = report.rows[i]
            let path = row.path
            for _ in 0..<repeats where measures.contains(.firstFrame) {
                let r = try processes.firstFrame(path, width: row.width, height: row.height)
                report.rows[i].firstFrame.add(r.ms)
                report.rows[i].firstFramePeak.add(r.peakMB)
            }
            for _ in 0..<repeats where measures.contains(.keys) {
                let r = try processes.heldKeys(path, width: row.width, height: row.height, keys: keys)
                report.rows[i].binaryKey.add(r.msPerKey)
                report.rows[i].binaryPeak.add(r.peakMB)
            }
        }
        guard measures.contains(.eval) else { return }
        for target in targets {
            var row = EvalRow(scenario: target.name)
            for _ in 0..<repeats {
                let r = try processes.eval(target.path)
                row.ms.add(r.ms)
                row.peak.add(r.peakMB)
            }
            report.evals.append(row)
        }
    }

    /// A reference program (a hello world) timed from start to exit on a pty of each size.
    func reference(_ path: String, _ processes: ProcessBench, into report: inout BenchReport) throws(BenchError) {
        report.referenceName = "reference: " + URL(fileURLWithPath: path).lastPathComponent
        for size in sizes {
            var ms = Samples()
            var peak = Samples()
            for _ in 0..<repeats {
                let r = try processes.timeToExit(path, [], width: size.width, height: size.height)
                ms.add(r.ms)
                peak.add(r.peakMB)
            }
            report.reference.append(("\(size.width)×\(size.height)", ms, peak))
        }
    }
}
