import Animator
import ConvModel
import ScenarioFormat

/// The PyTorch call of a scenario as a Python script that runs as printed, with the relationship of the paper
/// the layer is an instance of as comments.
enum PyTorchText {
    static func call(_ s: Scenario) -> PyTorchCall {
        PyTorchCall(
            LayerSetup(input: s.layer.input, kernel: s.layer.kernel, spec: s.layer.spec), geometry: s.layer.geometry)
    }

    static func script(_ s: Scenario) -> [String] {
        let call = call(s)
        var lines = ["import torch", "from torch import nn"]
        if call.prePad != nil { lines.append("import torch.nn.functional as F") }
        lines += call.lines
        lines.append("# " + call.weightNote)
        lines += relationshipLines(Relationship.of(s.layer.geometry))
        return lines
    }

    /// `# relationship 6 (zero padding, non-unit strides): o = ⌊(i + 2p − k)/s⌋ + 1`, then the numbers; per axis
    /// when the axes differ.
    static func relationshipLines(_ r: Relationship.Axes) -> [String] {
        let axes = r.isSame ? [("", r.height)] : [("height: ", r.height), ("width: ", r.width)]
        return axes.flatMap { (axis, rel) -> [String] in
            let t = Language.en
            let name = t(.relationshipNumber, rel.number) + " (" + t(Word.relationship(rel.kind)) + ")"
            var lines = ["# \(axis)\(name): \(rel.law)"]
            if rel.dilatedKernel { lines.append("#   " + t(.relationshipDilatedKernel)) }
            if let k = rel.kernelLaw { lines.append("#   " + k) }
            lines.append("#   " + rel.substituted)
            return lines
        }
    }

    /// `eval --pytorch`: the call, the script that runs it, and the shapes.
    static func json(_ s: Scenario) -> JSONOut {
        let call = call(s)
        return .object([
            ("call", .string(call.module)),
            ("script", .string(script(s).joined(separator: "\n"))),
            ("output_shape", .ints(call.outputShape)),
            ("weight_shape", .ints(call.weightShape)),
            ("weight_note", .string(call.weightNote)),
        ])
    }
}
