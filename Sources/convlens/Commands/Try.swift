import Animator
import ArgumentParser
import ConvModel
import ScenarioFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `convlens try`: the explainer on a setup given by flags, no file needed; or its scenario file (`--save`), or
/// its PyTorch call (`--pytorch`).
struct Try: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Open the explainer on a layer given by flags (no file needed), save it, or print its PyTorch call.",
        discussion: "convlens try --input 5 --kernel 3 --stride 2 --padding 1\n"
            + "convlens try --op transposed --input 3x3 --kernel 3 --stride 2 --padding 1 --output-padding 1\n"
            + "convlens try --input 3x5x5 --filters 2 --save my.json")

    // The numeric options take the next argument whatever it looks like, so that `--stride -1` is a value out of
    // range, not a missing value followed by an unknown flag.
    @Option(name: .long, help: ArgumentHelp("conv or transposed.", valueName: "OP"))
    var op = "conv"

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Input size: N (N×N), HxW or CxHxW.", valueName: "SIZE"))
    var input: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Kernel size: k or khxkw.", valueName: "K"))
    var kernel = "3"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Filters K (output channels).", valueName: "K"))
    var filters = 1

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Stride: s or sh x sw.", valueName: "S"))
    var stride = "1"

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Padding: p, ph x pw, valid, same (stride 1, conv) or full.", valueName: "P"))
    var padding = "0"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Dilation: d or dh x dw.", valueName: "D"))
    var dilation = "1"

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Transposed only: output padding a or ah x aw.", valueName: "A"))
    var outputPadding = "0"

    @Option(name: .long, help: ArgumentHelp("Values: random, index or ones (default random).", valueName: "FILL"))
    var fill = "random"

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("With --fill random: the seed (default 0).", valueName: "N"))
    var seed: UInt64?

    @Option(name: .long, help: ArgumentHelp("Write the scenario to FILE and exit.", valueName: "FILE"))
    var save: String?

    @Flag(name: .long, help: "With --save: replace FILE if it exists.")
    var force = false

    @Flag(name: .long, help: "Print the PyTorch call for the layer, with the output shape, and exit.")
    var pytorch = false

    @OptionGroup var explainer: ExplainerOptions

    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        if force && save == nil { throw ValidationError(FlagMessage.forceWithoutSave.text(explainer.language)) }
        if explainer.plain && (save != nil || pytorch) {
            throw ValidationError(FlagMessage.plainWithPrint.text(explainer.language))
        }
    }

    /// The setup the flags describe, how its padding was asked for, and the fill; a usage error names the flag.
    func setup() throws -> (LayerSetup, PaddingMode, Fill) {
        let op = try SetupValue.op(op)
        let (channels, size) = try SetupValue.input(input)
        let k = try SetupValue.pair(kernel, flag: "--kernel")
        let s = try SetupValue.pair(stride, flag: "--stride")
        let d = try SetupValue.pair(dilation, flag: "--dilation")
        let a = try SetupValue.pair(outputPadding, flag: "--output-padding")
        let fill = try SetupValue.fill(fill, seed: seed)
        let (p, mode) = try paddingValue(op: op, input: size, kernel: k, stride: s, dilation: d)
        let spec = ConvSpec(op: op, stride: s, padding: p, dilation: d, outputPadding: a)
        let setup = LayerSetup(channels: channels, inputSize: size, filters: filters, kernelSize: k, spec: spec)
        do throws(GeometryError) {
            _ = try Limits.check(setup)
        } catch {
            throw SetupError(.rule(flag: SetupValue.flag(for: error), error.rule))
        }
        return (setup, mode, fill)
    }

    /// The padding flag as a mode and numbers, worked out by the same rules as a scenario file's `"padding"`.
    private func paddingValue(
        op: Op, input: Pair, kernel: Pair, stride: Pair, dilation: Pair
    ) throws -> (Padding, PaddingMode) {
        var explicit = Pair(both: 0)
        let mode: PaddingMode
        switch padding {
        case "valid", "same", "full": mode = PaddingMode(rawValue: padding) ?? .explicit
        default:
            guard SetupValue.numbers(padding, upTo: 2) != nil else { throw SetupError(.badPadding(padding)) }
            mode = .explicit
            explicit = try SetupValue.pair(padding, flag: "--padding")
        }
        do {
            let p = try mode.padding(
                explicit: explicit, op: op, kernel: kernel, stride: stride, dilation: dilation, input: input)
            return (p, mode)
        } catch {
            throw SetupError(.paddingRule(value: padding, error.rule))
        }
    }

    func run() throws {
        // Everything that can fail on the flags is checked here, before the terminal changes mode.
        let language = explainer.language
        let (setup, mode, fill) = try SetupError.reported(in: language) { try self.setup() }
        let scenario: Scenario
        do throws(GeometryError) {
            scenario = try Scenario.build(setup, fill: fill, paddingMode: mode, title: title(setup, mode), name: "try")
        } catch {
            printError("convlens: " + CommandMessage.rule(flag: SetupValue.flag(for: error), error.rule).text(language))
            throw ExitCode.usage
        }
        if let save {
            try write(scenario, to: save, language: language)
        }
        if pytorch {
            print(PyTorchText.script(scenario).joined(separator: "\n"))
        }
        if save != nil || pytorch { return }
        let (deck, start) = try Explainer.deck(own: Slide(scenario, name: "try"), catalog: catalog, language: language)
        try explainer.open(deck, state: explainer.initialState(deck: deck, start: start, picker: false))
    }

    private func write(_ scenario: Scenario, to path: String, language: Language) throws {
        let name = RawArguments.name(for: path)
        do throws(ScenarioError) {
            try scenario.save(to: name, force: force)
            print("\(name): written")
        } catch {
            let hint = error.problem == .file(.alreadyExists) ? CommandMessage.addForce.text(language) : ""
            printError(error.line(language) + hint)
            throw ExitCode(error)
        }
    }

    /// "Try: conv 3×5×5 → 2×3×3, kernel 3, stride 2, padding 1", in English and Chinese.
    private func title(_ s: LayerSetup, _ mode: PaddingMode) -> Localized {
        let g = (try? Limits.check(s))
        let out = g.map { "\(s.filters)×\($0.outputSize.h)×\($0.outputSize.w)" } ?? "?"
        let shape = "\(s.channels)×\(s.inputSize.h)×\(s.inputSize.w) → \(out)"
        let spec = s.spec
        let p = spec.padding
        let padding = mode == .explicit ? p.leading.text : mode.rawValue
        var en = ["kernel \(s.kernelSize.text)", "stride \(spec.stride.text)", "padding \(padding)"]
        var zh = ["卷积核 \(s.kernelSize.text)", "步长 \(spec.stride.text)", "填充 \(padding)"]
        if spec.dilation != Pair(both: 1) {
            en.append("dilation \(spec.dilation.text)")
            zh.append("空洞 \(spec.dilation.text)")
        }
        if spec.outputPadding != Pair(both: 0) {
            en.append("output padding \(spec.outputPadding.text)")
            zh.append("输出填充 \(spec.outputPadding.text)")
        }
        let op = spec.op.scatters ? ("transposed", "转置卷积") : ("conv", "卷积")
        return Localized(
            en: "Try: \(op.0) \(shape), " + en.joined(separator: ", "),
            zh: "试一试：\(op.1) \(shape)，" + zh.joined(separator: "，"))
    }
}
