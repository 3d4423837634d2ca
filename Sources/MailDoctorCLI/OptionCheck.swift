import ArgumentParser
import Foundation
import Inference

/// The checks every command's `validate()` applies to what was typed, so a bad value is a
/// usage error (64) with a sentence before anything runs.
enum OptionCheck {
    /// A value that is not blank and not longer than an answer may be.
    static func nonEmpty(_ value: String, flag: String) throws {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty,
            value.utf8.count <= AnswerNormalizer.maximumLength
        else {
            throw ValidationError("\(flag) needs a value of 1 to \(AnswerNormalizer.maximumLength) characters")
        }
    }

    /// A file or folder path: not blank, at most PATH_MAX bytes.
    static func path(_ value: String, flag: String) throws {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty, value.utf8.count <= Int(PATH_MAX) else {
            throw ValidationError("\(flag) needs a file or folder path")
        }
    }

    /// Text given on the command line (an error message): not blank, at most the stdin limit.
    static func bounded(_ value: String, flag: String) throws {
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("\(flag) needs the text, or - to read it from stdin")
        }
        guard value.utf8.count <= InputText.maximumBytes else {
            throw ValidationError(
                "\(flag) is longer than \(InputText.maximumBytes / 1_048_576) MiB; pass - and pipe it in")
        }
    }
}
