import Animator
import ArgumentParser
import ConvModel
import ScenarioFormat

/// `convlens solve`: every small stride, padding, dilation (and output padding) that takes an input size to a
/// wanted output size with a given kernel, per axis, each checked by the geometry.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "List every small stride, padding, dilation (and output padding) that gives a wanted size.",
        discussion: "Tries stride 1…4, padding 0…k, dilation 1…3 and, for --op transposed, output padding below "
            + "max(stride, dilation); simplest first. Exit 65 when no setting gives the size.")

    @Option(name: .long, help: ArgumentHelp("conv or transposed.", valueName: "OP"))
    var op = "conv"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Input size: N or HxW.", valueName: "SIZE"))
    var input: String

    @Option(
        name: .long, parsing: .unconditional, help: ArgumentHelp("Wanted output size: N or HxW.", valueName: "SIZE"))
    var output: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Kernel size: k or khxkw.", valueName: "K"))
    var kernel = "3"

    @Flag(name: .long, help: "Print JSON (one object) instead of the table.")
    var json = false

    /// One axis to solve (nil when both axes are the same) and its numbers.
    struct AxisProblem {
        let axis: GeometryRule.Axis?
        let input: Int, output: Int, kernel: Int

        /// The axis' name in the table and the JSON ("" for both).
        var name: String {
            switch axis {
            case .height: "height"
            case .width: "width"
            case nil: ""
            }
        }
    }

    func problems() throws -> (Op, [AxisProblem]) {
        let op = try SetupValue.op(op)
        let i = try SetupValue.pair(input, flag: "--input")
        let o = try SetupValue.pair(output, flag: "--output")
        let k = try SetupValue.pair(kernel, flag: "--kernel")
        for (flag, v, limit) in [
            ("--input", i, Limits.inputSide), ("--output", o, Limits.outputSide), ("--kernel", k, Limits.kernelSide),
        ] where !(1...limit).contains(v.h) || !(1...limit).contains(v.w) {
            throw SetupError(.sizeOutOfRange(flag: flag, limit: limit, value: "\(v)"))
        }
        if i.isSquare && o.isSquare && k.isSquare {
            return (op, [AxisProblem(axis: nil, input: i.h, output: o.h, kernel: k.h)])
        }
        return (
            op,
            [
                AxisProblem(axis: .height, input: i.h, output: o.h, kernel: k.h),
                AxisProblem(axis: .width, input: i.w, output: o.w, kernel: k.w),
            ]
        )
    }

    func run() throws {
        let language = Language.chosen()
        let (op, axes) = try SetupError.reported(in: language) { try problems() }
        let solved = axes.map { ($0, Solver.solve(op: op, input: $0.input, output: $0.output, kernel: $0.kernel)) }
        if let (axis, _) = solved.first(where: { $0.1.isEmpty }) {
            let message = CommandMessage.noSolution(
                op: op.rawValue, outputPadding: op.scatters, input: axis.input, output: axis.output,
                kernel: axis.kernel, axis: axis.axis)
            printError("convlens: " + message.text(language))
            throw ExitCode.dataError
        }
        if json {
            var out = JSONWriter()
            Self.json(op, solved).write(to: &out)
            out.byte(UInt8(ascii: "\n"))
            out.flush()
            return
        }
        for (n, (axis, rows)) in solved.enumerated() {
            if n > 0 { print("") }
            print(Self.table(op, axis, rows).joined(separator: "\n"))
        }
    }

    static func table(_ op: Op, _ axis: AxisProblem, _ rows: [Solver.Solution]) -> [String] {
        let name = axis.name.isEmpty ? "" : axis.name + ": "
        let count = rows.count == 1 ? "1 setting" : "\(rows.count) settings"
        var lines = ["\(name)\(op.rawValue) \(axis.input) → \(axis.output), kernel \(axis.kernel): \(count)"]
        var header = ["stride", "padding", "dilation"]
        if op.scatters { header.append("output_padding") }
        let widths = header.map(\.count)
        lines.append(header.joined(separator: "  ") + "  relationship")
        for r in rows {
            var cells = [r.stride, r.padding, r.dilation]
            if op.scatters { cells.append(r.outputPadding) }
            let numbers = zip(cells, widths).map { String(repeating: " ", count: max(0, $1 - "\($0)".count)) + "\($0)" }
            let rel = r.relationship
            let number = rel.number < 10 ? " \(rel.number)" : "\(rel.number)"
            lines.append(numbers.joined(separator: "  ") + "  " + number + "  " + rel.substituted)
        }
        return lines
    }

    static func json(_ op: Op, _ solved: [(AxisProblem, [Solver.Solution])]) -> JSONOut {
        let axes = solved.map { (axis, rows) -> JSONOut in
            .object([
                ("axis", .string(axis.name.isEmpty ? "both" : axis.name)),
                ("input", .int(axis.input)), ("output", .int(axis.output)), ("kernel", .int(axis.kernel)),
                (
                    "settings",
                    .array(
                        rows.map { r in
                            .object([
                                ("stride", .int(r.stride)), ("padding", .int(r.padding)),
                                ("dilation", .int(r.dilation)), ("output_padding", .int(r.outputPadding)),
                                ("relationship", .int(r.relationship.number)),
                                ("name", .string(Language.en(Word.relationship(r.relationship.kind)))),
                                ("law", .string(r.relationship.law)),
                                ("substituted", .string(r.relationship.substituted)),
                            ])
                        })
                ),
            ])
        }
        return .object([("op", .string(op.rawValue)), ("axes", .array(axes))])
    }
}
