import Animator
import ArgumentParser
import ConvModel
import Foundation
import ScenarioFormat

/// `convlens bench FILE`: how long loading, computing and rendering take, and the peak memory. Speed is
/// measured here, never in a timed test.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure load, compute and per-frame render time (medians) and peak memory for scenarios.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("Scenario files or catalog names; none means the whole catalog.", valueName: "FILE"))
    var files: [String] = []

    @Option(name: .long, help: "Frames to render per scenario and view.")
    var frames: Int = 200

    @Option(name: .long, help: "Canvas width.")
    var width: Int = 80

    @Option(name: .long, help: "Canvas height.")
    var height: Int = 24

    @Option(name: .long, help: "Repetitions of load and compute (the median is reported).")
    var repeats: Int = 5

    func validate() throws {
        guard frames >= 1, repeats >= 1, width >= 10, height >= 3 else {
            throw ValidationError("--frames, --repeats ≥ 1; --width ≥ 10; --height ≥ 3")
        }
    }

    func run() throws {
        var targets = files.map(catalog.resolve)
        if targets.isEmpty, let dir = catalog.directory { targets = (try? Catalog.files(in: dir)) ?? [] }
        print("scenario                        view       steps   load ms  compute ms  frame ms (median / p90)")
        for path in targets {
            var loadTimes: [Double] = []
            var computeTimes: [Double] = []
            var slide: Slide?
            for _ in 0..<repeats {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let scenario: Scenario
                do {
                    scenario = try Scenario.load(path: path)
                } catch {
                    printError(error.description)
                    throw ExitCode(error)
                }
                let t1 = DispatchTime.now().uptimeNanoseconds
                slide = Slide(scenario, name: ((path as NSString).lastPathComponent as NSString).deletingPathExtension)
                let t2 = DispatchTime.now().uptimeNanoseconds
                loadTimes.append(Double(t1 - t0) / 1e6)
                computeTimes.append(Double(t2 - t1) / 1e6)
            }
            guard let slide else { continue }
            let deck = Deck([slide])
            for view in slide.views {
                var state = State(screen: .player)
                state.view = view
                let count = Timeline.make(slide, view: view, tapMode: false).count
                var times: [Double] = []
                // Every step for short timelines; spread over the whole timeline (forward and back) for long ones.
                for i in 0..<min(frames, count * 2) {
                    let k = count <= frames / 2 ? (i < count ? i : 2 * count - 1 - i) : (i * 7919) % count
                    state.step = k
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = render(state, deck: deck, width: width, height: height)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
                print(
                    pad(slide.name, 31), pad(view.rawValue, 10), pad(String(count), 7),
                    pad(fmt(median(loadTimes)), 8), pad(fmt(median(computeTimes)), 11),
                    "\(fmt(median(times))) / \(fmt(percentile(times, 0.9)))")
            }
        }
        print("peak memory (VmHWM): \(peakMemory())")
    }

    private func median(_ v: [Double]) -> Double { percentile(v, 0.5) }
    private func percentile(_ v: [Double], _ p: Double) -> Double {
        guard !v.isEmpty else { return 0 }
        let s = v.sorted()
        return s[min(s.count - 1, Int(Double(s.count - 1) * p + 0.5))]
    }
    private func fmt(_ v: Double) -> String { String(format: "%.3f", v) }
    private func peakMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else {
            return "unknown"
        }
        return line.dropFirst(6).trimmingCharacters(in: .whitespaces)
    }
}
