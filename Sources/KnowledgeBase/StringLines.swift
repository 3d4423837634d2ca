extension String {
    /// The lines, split at "\n" and at "\r\n". Swift reads "\r\n" as one Character, so
    /// splitting at "\n" alone leaves a file or log written on Windows in one piece.
    package var lineSlices: [Substring] {
        split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }
}
