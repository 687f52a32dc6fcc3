import ScenarioFormat

/// SplitMix64 for random tests (the scenario format's own generator, `SplitMix64`): the same sequence on every
/// run, so a failure repeats. Shared by the test targets (`TestSupport`).
public struct SplitMix {
    private var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    /// A number in 0..<n.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
