import ArgumentParser
import ScenarioFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// convlens: convolution arithmetic, animated in the terminal.
struct Convlens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convlens",
        abstract: "Step a kernel across a grid and see every number: padding, stride, dilation, channels, "
            + "transposed convolution.",
        version: "0.1.0",
        subcommands: [Play.self, Try.self, Solve.self, Eval.self, Validate.self, List.self, Bench.self],
        defaultSubcommand: Play.self
    )
}

/// Runs the command line and returns the exit status. The parser's own messages echo flag values, so they are
/// printed through `shown` like every other user-controlled string; an error is its one line.
func runConvlens() -> Int32 {
    do {
        var command = try Convlens.parseAsRoot()
        try command.run()
        return 0
    } catch {
        let status = Convlens.exitCode(for: error)
        let text = Convlens.fullMessage(for: error)
        if text.isEmpty {
            return status.rawValue
        }
        if status.isSuccess {
            // --help, --dump-help, --version (the parser's text is the bare version: add the commit)
            print(text == Convlens.configuration.version ? BuildInfo.versionLine : text)
        } else {
            // One line: the parser's error, without the usage text and the "See --help" line that follow it; in
            // the user's language when it is one the parser says for a command line (it speaks English only; the
            // commands' own refusals, `FlagMessage`, are said in the language already). A message read back keeps
            // its values whole, a newline in one too (`shown` writes it escaped); another is cut at its first line.
            let message = Convlens.message(for: error)
            let language = Language.chosen(arguments: CommandLine.arguments.dropFirst())
            let said =
                UsageMessage(parserLine: message)?.text(language)
                ?? message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? message
            printError(shown(language.say("Error: ", "错误：") + said, limit: nil))
        }
        return status.rawValue
    }
}

// A write to a pipe whose reader has gone returns EPIPE instead of killing the program without a word. (The
// terminal UI writes to a terminal; its own handlers restore the terminal on the signals that matter.)
signal(SIGPIPE, SIG_IGN)
let stdoutWasClosed = Output.occupyClosedStandardDescriptors()
var status = runConvlens()
if let why = Output.finish(stdoutWasClosed: stdoutWasClosed) {
    printError("convlens: cannot write the output: \(why)")
    if status == 0 { status = ExitCode.ioError.rawValue }
}
exit(status)
