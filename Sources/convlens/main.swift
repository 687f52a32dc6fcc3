import ArgumentParser

/// convlens: convolution arithmetic, animated in the terminal.
struct Convlens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convlens",
        abstract: "Step a kernel across a grid and see every number: padding, stride, dilation, channels, "
            + "transposed convolution.",
        version: "0.1.0",
        subcommands: [Play.self, Eval.self, Validate.self, List.self, Bench.self],
        defaultSubcommand: Play.self
    )
}

Convlens.main()
