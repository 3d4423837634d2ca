import NIOCore

/// One SMTP reply: the code and its lines (a multi-line reply is `250-...` lines then `250 ...`).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: "\n") }
    /// The reply as the server sent it, the way smtplib shows it in Odoo: `(535, b'5.7.8 ...')`.
    var pythonStyle: String { "(\(code), b'\(lines.joined(separator: "\\n"))')" }
    var isPositive: Bool { (200..<400).contains(code) }
}

enum SMTPProtocolError: Error, Equatable, CustomStringConvertible {
    case lineTooLong(Int)
    case replyTooLong(Int)
    case malformed(String)
    case closed
    case timedOut
    case tls(String)

    var description: String {
        switch self {
        case .lineTooLong(let limit): return "a reply line longer than \(limit) bytes"
        case .replyTooLong(let limit): return "a reply of more than \(limit) lines"
        case .malformed(let line): return "not an SMTP reply: \(line.prefix(60))"
        case .closed: return "the server closed the connection"
        case .timedOut: return "no reply within the timeout"
        case .tls(let why): return "TLS failed: \(why)"
        }
    }
}

/// Frames bytes into SMTP replies with hard limits, so a hostile peer (a 1 MiB line, an
/// endless `250-` continuation) costs bounded memory and ends in an error, not a hang.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 allows 512 bytes a line; real servers stay far below this.
    static let maximumLineBytes = 4096
    static let maximumLines = 200

    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineBytes {
                throw SMTPProtocolError.lineTooLong(Self.maximumLineBytes)
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard length <= Self.maximumLineBytes else { throw SMTPProtocolError.lineTooLong(Self.maximumLineBytes) }
        var bytes = buffer.readBytes(length: length + 1) ?? []
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        // Invalid UTF-8 is replaced, not fatal: the reply code still tells what happened.
        let line = String(decoding: bytes, as: UTF8.self)
        let digits = line.prefix(3)
        guard digits.count == 3, let code = Int(digits) else { throw SMTPProtocolError.malformed(line) }
        let separator = line.dropFirst(3).first
        let text = String(line.dropFirst(4))
        pending.append(text)
        if pendingCode == nil { pendingCode = code }
        if separator == "-" {
            guard pending.count < Self.maximumLines else { throw SMTPProtocolError.replyTooLong(Self.maximumLines) }
            return .continue
        }
        let reply = SMTPReply(code: pendingCode ?? code, lines: pending)
        pending = []
        pendingCode = nil
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
