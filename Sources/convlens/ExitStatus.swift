import ArgumentParser
import ScenarioFormat

/// The exit statuses convlens ends with besides 0 (success) and 1 (`ExitCode.failure`: not a terminal),
/// after sysexits(3). Every status of the program is named here.
extension ExitCode {
    /// 64, EX_USAGE: the command line is wrong (an unknown flag, a bad value, a step past the last one).
    static let usage = ExitCode(64)
    /// 65, EX_DATAERR: a scenario file was read but is not a valid scenario.
    static let dataError = ExitCode(65)
    /// 66, EX_NOINPUT: a scenario file or directory is missing, cannot be opened, or is not a regular file.
    static let noInput = ExitCode(66)
    /// 73, EX_CANTCREAT: an output file cannot be created (it exists and --force was not given, or its directory
    /// refuses it).
    static let cannotCreate = ExitCode(73)
    /// 74, EX_IOERR: reading a file failed part way, or the output cannot be written (a full disk, a closed pipe).
    static let ioError = ExitCode(74)

    /// The status a scenario error ends the program with: the one place where error kinds become numbers.
    init(_ error: ScenarioError) {
        switch error.kind {
        case .unreadable: self = .noInput
        case .readFailed: self = .ioError
        case .invalid: self = .dataError
        case .cannotCreate: self = .cannotCreate
        case .writeFailed: self = .ioError
        }
    }
}
