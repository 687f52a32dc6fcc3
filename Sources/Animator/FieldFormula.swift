import ConvModel

extension ReceptiveField {
    /// The relation written out for layer `n` (0-based), e.g. "RF = 3 + (3 − 1)⋅2 = 7".
    public func formula(layer n: Int) -> String { "RF = " + relation(layer: n) }

    /// The relation of layer `n` without its "RF = ": "3 + (3 − 1)⋅2 = 7".
    func relation(layer n: Int) -> String {
        let growth = self.growth
        let prev = n == 0 ? 1 : growth[n - 1].size
        let jump = n == 0 ? 1 : growth[n - 1].jump
        let l = layers[n]
        var term = "(\(l.kernel) − 1)"
        if l.dilation != 1 {
            term += "⋅\(l.dilation)"
        }
        if jump != 1 {
            term += "⋅\(jump)"
        }
        return "\(prev) + \(term) = \(growth[n].size)"
    }
}
