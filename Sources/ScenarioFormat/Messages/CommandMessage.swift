import ConvModel

/// What the command line says about a layer given by flags (`try`, `solve`) and about finding scenarios: the
/// messages of `convlens` that are not a scenario file's, a case per message. They live beside the file's
/// messages so that one test says every message in both languages; the program prints them after `convlens: `.
public enum CommandMessage: Equatable, Sendable {
    /// A size flag's value (as typed) is not `N` or `HxW`.
    case notPair(flag: String, value: String)
    /// `--input`'s value is not `N`, `HxW` or `CxHxW`.
    case badInput(String)
    /// `--padding`'s value is not a number, `HxW`, valid, same or full.
    case badPadding(String)
    /// `--op`'s value is not one of `ops`.
    case badOp(String, ops: [String])
    case seedWithoutRandom
    /// `--fill`'s value is not one of `fills`.
    case badFill(String, fills: [String])
    /// The setup breaks a rule; `flag` is the flag at fault.
    case rule(flag: SetupFlag, GeometryRule)
    /// `--padding VALUE` (valid, same, full) breaks a rule.
    case paddingRule(value: String, GeometryRule)
    /// After "FILE: already exists" when `--save` would replace a file.
    case addForce
    /// No scenario directory; `variable` is the environment variable that can name one, when worth saying.
    case noCatalog(variable: String?)
    /// A scenario directory without scenario files (shown).
    case noScenarios(directory: String)
    case stepPastEnd(step: Int, last: Int)
    /// `--view` names a view that the scenario (`file`, shown) does not offer; `views` are those it does.
    case viewNotOffered(view: String, file: String, views: [String])
    /// A size of `solve` outside 1…`limit` (`value` as a size: `5` or `5×7`).
    case sizeOutOfRange(flag: String, limit: Int, value: String)
    /// `solve` found no setting; `axis` nil when both axes are the same problem.
    case noSolution(op: String, outputPadding: Bool, input: Int, output: Int, kernel: Int, axis: GeometryRule.Axis?)

    /// The flag a rule is about, or the whole setup (the output's size, the work).
    public enum SetupFlag: Equatable, Sendable {
        case named(String)
        case wholeSetup
    }

    public func text(_ l: Language) -> String {
        switch self {
        case .notPair(let flag, let value):
            l.say(
                "\(flag): expected a whole number or HxW (e.g. 2 or 1x2), not '\(value)'",
                "\(flag): 应为整数或 HxW（例如 2 或 1x2），而不是 '\(value)'")
        case .badInput(let value):
            l.say(
                "--input: expected N, HxW or CxHxW (e.g. 5, 5x7 or 3x5x5), not '\(value)'",
                "--input: 应为 N、HxW 或 CxHxW（例如 5、5x7 或 3x5x5），而不是 '\(value)'")
        case .badPadding(let value):
            l.say(
                "--padding: expected a whole number, HxW, valid, same or full, not '\(value)'",
                "--padding: 应为整数、HxW、valid、same 或 full，而不是 '\(value)'")
        case .badOp(let value, let ops):
            l.say("--op: expected \(l.list(ops)), not '\(value)'", "--op: 应为 \(l.list(ops))，而不是 '\(value)'")
        case .seedWithoutRandom: l.say("--seed applies to --fill random only", "--seed 只用于 --fill random")
        case .badFill(let value, let fills):
            l.say("--fill: expected \(l.list(fills)), not '\(value)'", "--fill: 应为 \(l.list(fills))，而不是 '\(value)'")
        case .rule(.named(let flag), let rule): "\(flag): " + rule.text(l)
        case .rule(.wholeSetup, let rule): l.say("the setup: ", "这组设置：") + rule.text(l)
        case .paddingRule(let value, let rule): "--padding \(value): " + rule.text(l)
        case .addForce: l.say("; add --force to replace it", "；加上 --force 可以覆盖它")
        case .noCatalog, .noScenarios, .stepPastEnd, .viewNotOffered, .sizeOutOfRange, .noSolution: scenariosText(l)
        }
    }

    /// The messages about finding scenarios and about `solve` (`text` says the setup's).
    private func scenariosText(_ l: Language) -> String {
        switch self {
        case .noCatalog(let variable):
            l.say("no scenario directory found; use --scenarios DIR", "找不到场景目录；请用 --scenarios DIR")
                + (variable.map { l.say(" or set \($0)", " 或设置 \($0)") } ?? "")
        case .noScenarios(let directory): l.say("no scenarios in \(directory)", "\(directory) 中没有场景")
        case .stepPastEnd(let step, let last):
            l.say("--step \(step) is past the last step (\(last))", "--step \(step) 超过了最后一步（\(last)）")
        case .viewNotOffered(let view, let file, let views):
            l.say(
                "--view \(view) does not apply to \(file) (its views: \(views.joined(separator: ", ")))",
                "--view \(view) 不适用于 \(file)（它的视图：\(views.joined(separator: "、"))）")
        case .sizeOutOfRange(let flag, let limit, let value):
            l.say("\(flag) must be 1…\(limit), not \(value)", "\(flag) 必须在 1…\(limit) 之间，而不是 \(value)")
        case .noSolution(let op, let outputPadding, let input, let output, let kernel, let axis):
            l.say(
                "no stride 1…4, padding 0…\(kernel), dilation 1…3" + (outputPadding ? ", output padding" : "")
                    + " takes \(input) to \(output) with kernel \(kernel) (\(op))"
                    + (axis.map { " on the \($0.text(l)) axis" } ?? ""),
                spaced(
                    (axis.map { "在\($0.text(l))方向上，" } ?? "") + "步长 1…4、填充 0…\(kernel)、空洞 1…3"
                        + (outputPadding ? "、输出填充" : ""),
                    "都无法用卷积核 \(kernel) 把 \(input) 变成 \(output)（\(op)）"))
        case .notPair, .badInput, .badPadding, .badOp, .seedWithoutRandom, .badFill, .rule, .paddingRule, .addForce:
            text(l)
        }
    }
}
