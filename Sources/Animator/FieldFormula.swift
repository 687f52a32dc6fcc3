import ConvModel

extension ReceptiveField {
    /// The relation written out for layer `n` (0-based), e.g. "RF = 3 + (3 − 1)⋅2 = 7".
    public func formula(layer n: Int) -> String {
        let sizes = self.sizes
        let prev = n == 0 ? 1 : sizes[n - 1]
        let jump = jump(before: n)
        let l = layers[n]
        var term = "(\(l.kernel) − 1)"
        if l.dilation != 1 {
            term += "⋅\(l.dilation)"
        }
        if jump != 1 {
            term += "⋅\(jump)"
        }
        return "RF = \(prev) + \(term) = \(sizes[n])"
    }
}
