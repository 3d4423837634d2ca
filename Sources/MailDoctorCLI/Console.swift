import Foundation

/// Output streams. Anything that is not the command's answer goes to stderr, so JSON modes
/// keep stdout pure JSON.
enum Console {
    /// Writes the command's answer. A stdout that cannot take it (a full disk, a closed pipe)
    /// ends the command with a sentence and exit 74 instead of Foundation's uncatchable trap.
    static func out(_ text: String) {
        partial(text + "\n")
    }

    static func error(_ text: String) {
        _ = write(text + "\n", to: STDERR_FILENO)
    }

    /// Text without a line end: a prompt on stdout, a progress line on stderr.
    static func partial(_ text: String, toError: Bool = false) {
        if let failure = write(text, to: toError ? STDERR_FILENO : STDOUT_FILENO), !toError {
            error("mail-doctor: cannot write the output: \(failure)")
            exit(ExitCodes.ioError)
        }
    }

    /// All of `text` to `descriptor`, or why not.
    private static func write(_ text: String, to descriptor: Int32) -> String? {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's columns (80 when it cannot be asked), at most 120 for readable lines.
    static var terminalWidth: Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return 80 }
        return min(Int(size.ws_col), 120)
    }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
}
