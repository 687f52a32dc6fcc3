/// What a command says of flags it refuses before it runs (`validate()`): a value out of its range, flags that do not
/// go together, a view or a key it does not know. Printed as the argument parser prints a usage error ("Error: ",
/// exit status 64), in the user's language.
public enum FlagMessage: Equatable, Sendable {
    case stepBelowOne(Int)
    /// `flag`'s `value` outside `range`; `milliseconds`: the range is a time.
    case outOfRange(flag: String, range: ClosedRange<Int>, milliseconds: Bool, value: Int)
    case tooManyKeys(Int, most: Int)
    /// A word of `--keys` that names no key.
    case unknownKey(String)
    case forceWithoutSave
    case plainWithPrint
    /// `--view`'s value; `views`: the views there are.
    case unknownView(String, views: [String])
    case viewWithoutFile

    public func text(_ l: Language) -> String {
        switch self {
        case .stepBelowOne(let step): l.say("--step must be 1 or more, not \(step)", "--step 至少为 1，而不是 \(step)")
        case .outOfRange(let flag, let range, let milliseconds, let value):
            l.say(
                "\(flag) must be \(range.lowerBound)…\(range.upperBound)\(milliseconds ? " (milliseconds)" : ""), "
                    + "not \(value)",
                "\(flag) 必须在 \(range.lowerBound)…\(range.upperBound)\(milliseconds ? " 毫秒" : " ")之间，而不是 \(value)")
        case .tooManyKeys(let count, let most):
            l.say("--keys has \(count) keys; at most \(most)", "--keys 有 \(count) 个键，最多 \(most) 个")
        case .unknownKey(let word):
            l.say(
                "--keys: unknown key '\(word)'; use names like Right Left Home End Tab Space Enter Esc, or single "
                    + "characters",
                "--keys: 未知的键 '\(word)'；请用 Right、Left、Home、End、Tab、Space、Enter、Esc 这样的键名，或单个字符")
        case .forceWithoutSave: l.say("--force applies to --save only", "--force 只用于 --save")
        case .plainWithPrint:
            l.say(
                "--plain opens the explainer; --save and --pytorch print instead: give one",
                "--plain 打开讲解器，--save 和 --pytorch 则是打印：只能给其中一种")
        case .unknownView(let view, let views):
            l.say(
                "--view: unknown view '\(view)'; the views are \(views.joined(separator: ", "))",
                "--view: 没有视图 '\(view)'；视图有 \(l.names(views))")
        case .viewWithoutFile: l.say("--view needs a scenario FILE", "--view 需要一个场景文件 FILE")
        }
    }
}
