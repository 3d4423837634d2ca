/// The part of a pasted text that is read and kept: all of it up to `limit` bytes, else its
/// head and its tail, cut at line ends, around a marker that says how much was left out.
///
/// A chat turn may carry megabytes (a whole log pasted by mistake, or a hostile request);
/// reading all of it with 200 patterns would cost seconds, and keeping it in the chat state
/// would make the next turn too large to send back. What decides a diagnosis is the error
/// itself, which sits in the first lines of a dialog or the last lines of a log, so the head
/// and the tail are what a support engineer would read too. `scan` is the command for logs.
package enum TextExcerpt {
    /// UTF-8 bytes read in all: the head takes three quarters, the tail the rest.
    package static let limit = 128 * 1024
    package static let headLimit = limit * 3 / 4
    package static let tailLimit = limit - headLimit

    /// `text` itself when it fits, else its head, a marker line and its tail.
    package static func bounded(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.count > limit else { return text }
        var headEnd = bytes.index(bytes.startIndex, offsetBy: headLimit)
        var tailStart = bytes.index(bytes.endIndex, offsetBy: -tailLimit)
        // Whole lines where a line end is near; never inside a multi-byte character.
        if let newline = bytes[bytes.index(headEnd, offsetBy: -headLimit / 8)..<headEnd].lastIndex(of: 0x0A) {
            headEnd = newline
        }
        if let newline = bytes[tailStart..<bytes.index(tailStart, offsetBy: tailLimit / 8)].firstIndex(of: 0x0A) {
            tailStart = bytes.index(after: newline)
        }
        while headEnd > bytes.startIndex, UTF8.isContinuation(bytes[headEnd]) { bytes.formIndex(before: &headEnd) }
        while tailStart < bytes.endIndex, UTF8.isContinuation(bytes[tailStart]) { bytes.formIndex(after: &tailStart) }
        let skipped = bytes.distance(from: headEnd, to: tailStart)
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        let tail = String(decoding: bytes[tailStart...], as: UTF8.self)
        return head + "\n[… \(skipped) bytes not read …]\n" + tail
    }
}
