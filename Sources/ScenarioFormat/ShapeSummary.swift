extension Scenario {
    /// "1×5×5 → 1×3×3" style summary of the shapes.
    public var shapeSummary: String {
        let i = layer.input
        let o = layer.outputShape
        return "\(i.channels)×\(i.height)×\(i.width) → \(o[0])×\(o[1])×\(o[2])"
    }
}
