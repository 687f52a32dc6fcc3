/// The PyTorch layer that computes the same as a convlens setup, as runnable Python:
/// `nn.Conv2d(3, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1), bias=True)` or
/// `nn.ConvTranspose2d(…, output_padding=(1, 1), …)`, and the shapes it gives.
///
/// PyTorch pads each axis symmetrically. A direct convolution padded unevenly is written `padding="same"` when it
/// is exactly PyTorch's "same" (stride 1, d(k − 1) split with the extra row or column after); any other uneven
/// padding becomes `F.pad` before an unpadded layer. An unevenly padded transposed layer is computed unpadded and
/// cropped by slicing.
public struct PyTorchCall: Equatable, Sendable {
    /// The layer's constructor: `nn.Conv2d(…)` or `nn.ConvTranspose2d(…)`.
    public let module: String
    /// `x = F.pad(x, (left, right, top, bottom))` when the input must be padded unevenly first, else nil.
    public let prePad: String?
    /// `y = y[:, :, 1:6, 0:5]` when an unevenly padded transposed output must be cropped, else nil.
    public let crop: String?
    /// [1, C, H, W]: one image of the setup's input.
    public let inputShape: [Int]
    /// [1, K, H2, W2]: what the call gives.
    public let outputShape: [Int]
    /// `layer.weight`'s shape as PyTorch stores it: [K][C][kh][kw] for Conv2d, [C][K][kh][kw] for ConvTranspose2d.
    public let weightShape: [Int]
    /// True for ConvTranspose2d, whose weight is [C_in][C_out][kh][kw]: convlens's kernel (out-channels first)
    /// must have its first two axes swapped.
    public var weightSwapped: Bool { op.scatters }
    public let op: Op

    /// The call for `setup`, whose geometry is `geometry` (from `Limits.check`).
    public init(_ setup: LayerSetup, geometry g: Geometry) {
        op = setup.spec.op
        let spec = setup.spec
        let p = spec.padding
        let k = setup.kernelSize
        inputShape = [1, setup.channels, setup.inputSize.h, setup.inputSize.w]
        outputShape = [1, setup.filters, g.outputSize.h, g.outputSize.w]
        func pair(_ v: Pair) -> String { "(\(v.h), \(v.w))" }
        var padding = pair(p.leading)
        var pre: String? = nil
        var crop: String? = nil
        if !p.isSymmetric {
            switch spec.op {
            case .conv where Self.isPyTorchSame(spec, kernel: k):
                padding = "\"same\""
            case .conv:
                padding = "(0, 0)"
                pre = "x = F.pad(x, (\(p.left), \(p.right), \(p.top), \(p.bottom)))"
            case .transposed:
                padding = "(0, 0)"
                let o = g.outputSize
                crop = "y = y[:, :, \(p.top):\(p.top + o.h), \(p.left):\(p.left + o.w)]"
            }
        }
        prePad = pre
        self.crop = crop
        let (c, f) = (setup.channels, setup.filters)
        switch spec.op {
        case .conv:
            weightShape = [f, c, k.h, k.w]
            module =
                "nn.Conv2d(\(c), \(f), kernel_size=\(pair(k)), stride=\(pair(spec.stride)), padding=\(padding), "
                + "dilation=\(pair(spec.dilation)), bias=True)"
        case .transposed:
            weightShape = [c, f, k.h, k.w]
            module =
                "nn.ConvTranspose2d(\(c), \(f), kernel_size=\(pair(k)), stride=\(pair(spec.stride)), "
                + "padding=\(padding), output_padding=\(pair(spec.outputPadding)), "
                + "dilation=\(pair(spec.dilation)), bias=True)"
        }
    }

    /// PyTorch's `padding="same"`: stride 1, and on each axis d(k − 1) split with the odd one after.
    public static func isPyTorchSame(_ spec: ConvSpec, kernel: Pair) -> Bool {
        guard spec.op == .conv, spec.stride == Pair(both: 1) else { return false }
        return spec.padding == Padding.same(kernel: kernel, dilation: spec.dilation)
    }

    /// The call as Python lines that run as they are (after `import torch`, `from torch import nn`,
    /// `import torch.nn.functional as F`): make the input, the layer, apply it, and the output shape as a comment.
    public var lines: [String] {
        let shape = inputShape.map(String.init).joined(separator: ", ")
        let out = outputShape.map(String.init).joined(separator: ", ")
        var lines = ["x = torch.randn(\(shape))"]
        if let prePad { lines.append(prePad) }
        lines.append("layer = " + module)
        lines.append("y = layer(x)")
        if let crop { lines.append(crop) }
        lines.append("print(y.shape)  # torch.Size([\(out)])")
        return lines
    }

    /// The note on `layer.weight`: its layout, and how convlens's kernel maps onto it.
    public var weightNote: String {
        let shape = weightShape.map(String.init).joined(separator: ", ")
        return weightSwapped
            ? "layer.weight is [C_in][C_out][kh][kw] = [\(shape)]; convlens's kernel is [C_out][C_in][kh][kw]: "
                + "layer.weight.data = kernel.transpose(0, 1)"
            : "layer.weight is [C_out][C_in][kh][kw] = [\(shape)], as convlens's kernel"
    }
}

extension Padding {
    /// PyTorch's and the scenario format's `"same"`: d(k − 1) per axis, the extra row or column after.
    public static func same(kernel: Pair, dilation: Pair) -> Padding {
        let reach = Pair(dilation.h * (kernel.h - 1), dilation.w * (kernel.w - 1))
        return Padding(top: reach.h / 2, bottom: reach.h - reach.h / 2, left: reach.w / 2, right: reach.w - reach.w / 2)
    }

    /// `"full"`: d(k − 1) on each side.
    public static func full(kernel: Pair, dilation: Pair) -> Padding {
        Padding(Pair(dilation.h * (kernel.h - 1), dilation.w * (kernel.w - 1)))
    }
}
