import ConvModel

/// The limits of the scenario file itself, beside the layer limits: checked while the file is read.
extension Limits {
    /// Bytes of a scenario file.
    public static let fileBytes = 1 << 20
    /// Nesting of JSON arrays and objects.
    public static let jsonDepth = 32
    /// Characters of a title or of notes.
    public static let textLength = 4_000
}
