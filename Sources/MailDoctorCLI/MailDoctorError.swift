import ArgumentParser
import Foundation

/// Every way a command ends early, each with its exit code from the README's table (sysexits
/// style). Commands throw these; `MailDoctor.main` prints the sentence and exits with the code,
/// so the mapping from error to exit code lives in one place.
enum MailDoctorError: Error, CustomStringConvertible {
    /// The rules folder does not exist or holds no rules (69: a needed resource is missing).
    case rulesNotFound(String)
    /// A flag or argument the command cannot use (64).
    case usage(String)
    /// Input data that cannot be read: broken rules, a bad answers file, an unreadable log (65).
    case badInput(String)
    /// A service or feature the command needs is unavailable (69).
    case unavailable(String)
    /// The output could not be written: a full disk, a closed pipe (74).
    case cannotWrite(String)
    /// The reason was already printed (diagnostics, a JSON error); only the code is left.
    case exit(Int32)

    var exitCode: Int32 {
        switch self {
        case .rulesNotFound, .unavailable: return ExitCodes.unavailable
        case .usage: return ExitCodes.usage
        case .badInput: return ExitCodes.dataError
        case .cannotWrite: return ExitCodes.ioError
        case .exit(let code): return code
        }
    }

    var description: String {
        switch self {
        case .rulesNotFound(let detail): return detail
        case .usage(let message), .badInput(let message), .unavailable(let message),
            .cannotWrite(let message):
            return message
        case .exit: return ""
        }
    }
}

/// The exit codes of the README (sysexits style).
enum ExitCodes {
    static let ok: Int32 = 0
    static let problemsFound: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let unavailable: Int32 = 69
    static let internalError: Int32 = 70
    static let ioError: Int32 = 74
}
