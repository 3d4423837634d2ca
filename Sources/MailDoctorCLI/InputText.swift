import Foundation

/// Reads user-supplied text: an argument, `-` for stdin, or a file.
enum InputText {
    /// The text itself, or all of stdin for `-`. Invalid UTF-8 is repaired rather than refused:
    /// a pasted log may hold a stray byte, and nothing the user typed should be lost.
    static func argumentOrStdin(_ argument: String) -> String {
        guard argument == "-" else { return argument }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}
