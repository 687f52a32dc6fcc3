import ConvModel

/// What part of one window's arithmetic a step shows.
public enum Phase: Equatable, Sendable {
    /// The whole window at once (single channel): every product, + bias, = value.
    case whole
    /// Tap `index` (row-major over the kernel) of channel `channel` has just been multiplied and added.
    case tap(channel: Int, index: Int)
    /// Channel `channel`'s partial sum is complete (several channels).
    case channel(Int)
    /// The partial sums of all channels are added.
    case merge
    /// The bias is added: the output value is written.
    case bias
}

/// Maps a step number to what it shows, in constant time, for each kind of view: no step is precomputed.
public struct Timeline: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `windows` window positions, each with `phases` phases.
        case windows(windows: Int, phases: [Phase])
        /// `stamps` scatter steps then one final "crop and add bias" step.
        case scatter(stamps: Int)
        /// One step per layer of the deeper stack.
        case layers(Int)
    }

    public let kind: Kind

    public var count: Int {
        switch kind {
        case .windows(let w, let p): return w * p.count
        case .scatter(let s): return s + 1
        case .layers(let n): return n
        }
    }

    /// For window timelines: which window and phase step `step` shows.
    public func window(at step: Int) -> (window: Int, phase: Phase)? {
        guard case .windows(_, let phases) = kind else { return nil }
        return (step / phases.count, phases[step % phases.count])
    }

    /// The first step of window `w` (or of its last phase with `end`).
    public func step(window w: Int, end: Bool = false) -> Int {
        guard case .windows(_, let phases) = kind else { return w }
        return w * phases.count + (end ? phases.count - 1 : 0)
    }

    /// The phases of one window: channel by channel (tap by tap in tap mode), then merge and bias when there are
    /// several channels; one whole step (or its taps then the result) for a single channel.
    static func phases(channels: Int, taps: Int, tapMode: Bool) -> [Phase] {
        if channels == 1 {
            return tapMode ? (0..<taps).map { .tap(channel: 0, index: $0) } + [.bias] : [.whole]
        }
        var list: [Phase] = []
        for c in 0..<channels {
            if tapMode { list += (0..<taps).map { .tap(channel: c, index: $0) } } else { list.append(.channel(c)) }
        }
        return list + [.merge, .bias]
    }

    /// The timeline of lens `view` for `slide`.
    public static func make(_ slide: Slide, view: LensName, tapMode: Bool) -> Timeline {
        Lenses.lens(view).timeline(slide, tapMode: tapMode)
    }
}
