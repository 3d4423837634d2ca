import Foundation

/// Lines typed or pasted at the interactive prompt. A pasted error is many lines at once: with
/// bracketed paste (which the session turns on) the terminal marks where it starts and ends;
/// without it, lines that arrive together within a moment of each other are one paste. Either
/// way the whole block is one answer, not the first line and then a stream of invalid answers.
final class TerminalInput {
    private var buffer: [UInt8] = []
    private var atEnd = false
    static let pasteStart = "\u{1B}[200~", pasteEnd = "\u{1B}[201~"

    /// Asks the terminal to mark pastes (xterm's bracketed paste mode, mode 2004).
    static func enableBracketedPaste() { Console.partial("\u{1B}[?2004h") }
    static func disableBracketedPaste() { Console.partial("\u{1B}[?2004l") }

    /// The next answer: a line, or a whole pasted block joined with newlines; nil at the end.
    /// A line that `isComplete` accepts on its own (a choice number, a command) is never the
    /// start of an unmarked paste: answers typed ahead stay separate answers.
    func nextAnswer(isComplete: (String) -> Bool = { _ in false }) -> String? {
        guard var line = nextLine() else { return nil }
        if line.contains(Self.pasteStart) {
            var block = line.replacingOccurrences(of: Self.pasteStart, with: "")
            while !line.contains(Self.pasteEnd), let next = nextLine() {
                line = next
                block += "\n" + next
            }
            return block.replacingOccurrences(of: Self.pasteEnd, with: "")
        }
        // No markers: lines already waiting are the rest of a paste.
        if isComplete(line.trimmingCharacters(in: .whitespaces)) { return line }
        while hasPendingInput(milliseconds: 40), let next = nextLine() {
            line += "\n" + next
        }
        return line
    }

    private func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            fill()
        }
    }

    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return }
        if count <= 0 {
            atEnd = true
            return
        }
        buffer += chunk[..<count]
    }

    private func hasPendingInput(milliseconds: Int32) -> Bool {
        if buffer.contains(0x0A) { return true }
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0 && descriptor.revents & Int16(POLLIN) != 0
    }
}
