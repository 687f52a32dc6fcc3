/// The size limits a layer must respect; checked before anything is allocated. The README lists them.
/// The limits of the file format itself (file size, nesting, text length) are added by ScenarioFormat.
public enum Limits {
    public static let channels = 16
    public static let filters = 16
    public static let inputSide = 256
    public static let kernelSide = 32
    public static let stride = 32
    public static let dilation = 32
    public static let padding = 64
    public static let tensorElements = 65_536
    public static let outputSide = 1_024
    public static let outputElements = 1 << 20
    public static let magnitude = 1_000_000.0
    /// Layers of a receptive-field stack.
    public static let stackLayers = 16
    /// A receptive field's size, in input cells along one axis.
    public static let fieldSize = 4_096
    /// The product of a receptive-field stack's strides.
    public static let fieldJump = 1 << 20
    /// Multiply–adds of the whole layer, K·C·H2·W2·kh·kw (direct) or K·C·H·W·kh·kw (transposed): bounds the
    /// time any computation takes.
    public static let multiplyAdds = 50_000_000
}
