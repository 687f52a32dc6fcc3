/// Why the interactive terminal could not be used: one line for the user, already prefixed with `convlens:`.
struct TerminalError: Error, Sendable, CustomStringConvertible {
    let message: String

    var description: String { message }
}
