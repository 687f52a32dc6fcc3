import ArgumentParser
import ConvModel
import ScenarioFormat

/// `convlens eval FILE...`: the output of each scenario as JSON, one object per line, streamed to stdout.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Print each scenario's output as JSON (one object per line).")

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Add the derived geometry: padded size, effective kernel, untapped cells, "
                + "parameter counts, receptive field."))
    var geometry = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Add the layer's matrix: K·H2·W2 rows of C·H·W numbers, matrix · input + bias = output "
                + "(at most \(Eval.matrixLimit) entries)."))
    var matrix = false

    @Flag(name: .long, help: "Add the PyTorch call (Conv2d or ConvTranspose2d) that computes the same layer.")
    var pytorch = false

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("Scenario files (paths, or catalog names such as 06).", valueName: "FILE"))
    var files: [String]

    func run() throws {
        let language = Language.chosen()
        let (scenarios, loaded) = loadAll(files, catalog, language: language)
        var status = loaded
        var out = JSONWriter()
        for s in scenarios {
            var object = Eval.json(s, geometry: geometry, pytorch: pytorch)
            if matrix {
                do {
                    object = try Eval.withMatrix(object, s)
                } catch {
                    printError(error.line(language))
                    if status == .success { status = ExitCode(error) }
                    continue
                }
            }
            object.write(to: &out)
            out.byte(UInt8(ascii: "\n"))
            out.flush()
        }
        Bench.reportPeak()
        if status != .success {
            throw status
        }
    }

    static func json(_ s: Scenario, geometry: Bool, pytorch: Bool = false) -> JSONOut {
        let layer = s.layer
        var members: [(String, JSONOut)] = [
            ("file", .string(s.file)),
            ("title", .string(s.title.text())),
            ("op", .string(layer.op.rawValue)),
            ("output_shape", .ints(layer.outputShape)),
            ("output", .tensor(layer.output())),
        ]
        if geometry { members.append(("geometry", geometryJSON(s))) }
        if pytorch { members.append(("pytorch", PyTorchText.json(s))) }
        return .object(members)
    }

    /// The most entries `--matrix` prints for one scenario.
    static let matrixLimit = 1_000_000

    /// `object` with `matrix` added: the layer's own matrix (for a transposed convolution, the transpose of its
    /// paired direct convolution's), row-major over the output [k][i][j], columns over the input [c][h][w].
    static func withMatrix(_ object: JSONOut, _ s: Scenario) throws(ScenarioError) -> JSONOut {
        let m = ConvMatrix(s.layer)
        guard let n = m.entryCount, n <= matrixLimit else {
            throw ScenarioError(
                kind: .invalid, name: s.name,
                problem: .output(.matrixTooLarge(rows: m.rowCount, columns: m.columnCount, limit: matrixLimit)))
        }
        guard case .object(var members) = object else { return object }
        members.append(("matrix", .tensor(shape: [m.rowCount, m.columnCount], values: m.dense())))
        return .object(members)
    }

    static func geometryJSON(_ s: Scenario) -> JSONOut {
        let layer = s.layer
        let g = layer.geometry
        var m: [(String, JSONOut)] = [
            ("input_shape", .ints(layer.input.shape)),
            ("kernel_shape", .ints(layer.kernel.shape)),
            ("stride", .pair(g.stride)),
            ("dilation", .pair(g.dilation)),
            ("padding", .padding(g.padding)),
            ("effective_kernel", .pair(g.effectiveKernel)),
        ]
        switch layer.op {
        case .conv:
            m += [
                ("padded_size", .pair(g.paddedSize)),
                ("untapped_rows", .ints(g.untappedRows)), ("untapped_cols", .ints(g.untappedCols)),
                ("uncovered_rows", .ints(g.uncoveredRows)), ("uncovered_cols", .ints(g.uncoveredCols)),
            ]
        case .transposed:
            let trace = ScatterTrace(layer)
            let size = g.paddedSize
            let overlap = (0..<size.h * size.w).map { Double(trace.overlap(fy: $0 / size.w, fx: $0 % size.w)) }
            m += [
                ("output_padding", .pair(g.outputPadding)),
                ("scatter_size", .pair(g.paddedSize)),
                ("overlap", .tensor(shape: [size.h, size.w], values: overlap)),
            ]
            if let eq = try? EquivalentConv(layer) {
                m.append(
                    (
                        "equivalent_conv",
                        .object([
                            ("upsampled_size", .pair(eq.upsampledSize)),
                            ("border", .padding(eq.border)),
                            ("input_size", .ints([eq.layer.input.height, eq.layer.input.width])),
                            ("kernel_flipped", .tensor(eq.layer.kernel)),
                            ("stride", .pair(eq.layer.geometry.stride)),
                        ])
                    ))
            }
        }
        let params = layer.parameters
        m.append(
            (
                "parameters",
                .object([
                    ("conv", .int(params.conv)),
                    ("fully_connected", .int(params.fullyConnected)),
                ])
            ))
        if let rf = s.receptiveField { m.append(("receptive_field", .ints(rf.sizes))) }
        if let rf = s.compareField { m.append(("compare_receptive_field", .ints(rf.sizes))) }
        return .object(m)
    }
}
