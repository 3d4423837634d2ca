import Foundation
import KnowledgeBase
import Testing

@testable import Inference

/// `LogScanner` read three ways must agree: line by line (the MCP tool), in buffers of whole
/// lines (`scan`), and in parts split at record starts and merged in file order (`scan` on
/// both cores).
@Suite struct LogScannerTests {
    static let engine = ReaderLayerTests.engine

    /// Everything a scan reports, as one comparable text.
    static func summary(_ scanner: LogScanner) -> String {
        let groups = scanner.finish().map { group in
            "\(group.cause ?? "-") ×\(group.count) \(group.first)…\(group.last) p=\(group.probability)\n\(group.sample)"
        }
        return (["lines \(scanner.lines) records \(scanner.records) failures \(scanner.failures)"] + groups)
            .joined(separator: "\n")
    }

    static func lineByLine(_ text: String) -> String {
        let scanner = LogScanner(engine: engine)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        for line in lines { scanner.consume(line) }
        return summary(scanner)
    }

    /// Scanners over `text` cut at `cuts` (byte offsets), merged in order.
    static func inParts(_ text: String, cuts: [Int] = []) -> String {
        let bytes = Array(text.utf8)
        let bounds = [0] + cuts + [bytes.count]
        let scanners = zip(bounds, bounds.dropFirst()).map { start, end in
            let scanner = LogScanner(engine: engine)
            bytes[start..<end].withUnsafeBytes { scanner.consume(lines: $0) }
            return scanner
        }
        for later in scanners.dropFirst() { scanners[0].merge(later) }
        return summary(scanners[0])
    }

    /// The byte offsets where a record starts (a line start whose line is a header).
    static func recordStarts(_ text: String) -> [Int] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            (1..<max(bytes.count, 1)).filter { offset in
                buffer[offset - 1] == 0x0A && LogScanner.isHeader(buffer.baseAddress! + offset, bytes.count - offset)
            }
        }
    }

    static let traceback = [
        "Traceback (most recent call last):",
        "  File \"/opt/odoo/odoo/addons/base/models/ir_mail_server.py\", line 601, in send_email",
        "    smtp.send_message(message, smtp_from, smtp_to_list)",
    ]

    /// Failures of several kinds among noise, out of time order, with tokens that vary.
    static let log: String = {
        var lines: [String] = []
        let tokens = ["d9443c01a7336-1f6a39a5d52sm8126875ad.64", "e80sm9340617pfb.41", "k125sm31246291wmb.14"]
        for index in 0..<24 {
            let time = String(format: "2024-05-%02d %02d:%02d:07,%03d", 1 + (index * 7) % 5, index % 24, index, index)
            lines.append("\(time) 42\(index % 3) INFO prod werkzeug: 10.0.0.\(index) - - \"POST /web HTTP/1.1\" 200 -")
            switch index % 4 {
            case 0:
                lines.append(
                    "\(time) 421 ERROR prod odoo.addons.mail.models.mail_mail: failed sending mail (id: \(index * 31)) due to Mail Delivery Failed"
                )
                lines += traceback
                lines.append(
                    "smtplib.SMTPAuthenticationError: (534, b'5.7.9 Application-specific password required. Learn more at\\n5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor \(tokens[index % 3]) - gsmtp')"
                )
            case 1:
                lines.append(
                    "\(time) 422 ERROR prod odoo.addons.mail.models.mail_mail: failed sending mail (id: \(index)) due to [Errno 111] Connection refused"
                )
            case 2:
                lines.append(
                    "\(time) 423 INFO prod odoo.addons.base.models.ir_mail_server: Mail delivery failed via SMTP server 'None'."
                )
                lines.append("SMTPDataError: (552, b'5.3.4 Your message exceeded Google\\'s message size limits.')")
            default:
                lines.append("\(time) 421 WARNING prod odoo.addons.stock.models.stock_move: nothing to do with mail")
                lines.append(
                    "\(time) 421 INFO prod odoo.addons.mail.models.mail_mail: Mail with ID \(index) successfully sent")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func buffersReadAsLineByLine() {
        let expected = Self.lineByLine(Self.log)
        #expect(expected.contains("failures 18"), "\(expected)")
        #expect(Self.inParts(Self.log) == expected)
    }

    /// Cut at every record start, and at several at once: the merged parts give what one scan
    /// gives, so no record is lost or doubled and the earliest failure's sample is kept.
    @Test func partsCutAtRecordStartsMergeToTheWhole() {
        let expected = Self.lineByLine(Self.log)
        let starts = Self.recordStarts(Self.log)
        #expect(starts.count == 53)
        for start in starts {
            #expect(Self.inParts(Self.log, cuts: [start]) == expected, "cut at \(start)")
        }
        #expect(
            Self.inParts(Self.log, cuts: Array(starts.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)))
                == expected)
        #expect(Self.inParts(Self.log, cuts: starts) == expected)
    }

    /// A traceback straddling a cut that is not at a record start would be lost from its
    /// header: which is why parts start only at headers (this shows the cut matters).
    @Test func aCutInsideARecordWouldLoseItsTraceback() {
        let bytes = Array(Self.log.utf8)
        let inside = try! #require(Self.log.range(of: "Traceback")).lowerBound.utf16Offset(in: Self.log)
        #expect(bytes[inside - 1] == 0x0A)
        #expect(Self.inParts(Self.log, cuts: [inside]) != Self.lineByLine(Self.log))
    }

    @Test func aLogOfOneRecord() {
        let record =
            ([
                "2024-05-01 09:00:00,000 42 ERROR prod odoo.addons.mail.models.mail_mail: failed sending mail (id: 7) due to Mail Delivery Failed"
            ] + Self.traceback + ["smtplib.SMTPServerDisconnected: Connection unexpectedly closed"]).joined(
                separator: "\n")
        for text in [record, record + "\n"] {
            let expected = Self.lineByLine(text)
            #expect(expected.hasPrefix("lines 5 records 1 failures 1"), "\(expected)")
            #expect(Self.inParts(text) == expected)
        }
    }

    @Test func windowsLineEndsAndNoFinalNewline() {
        let crlf = Self.log.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = Self.lineByLine(Self.log)
        #expect(Self.inParts(crlf) == expected)
        #expect(Self.inParts(crlf, cuts: Self.recordStarts(crlf)) == expected)
        let unterminated = String(Self.log.dropLast())
        #expect(Self.inParts(unterminated) == expected)
        #expect(Self.inParts(unterminated, cuts: Self.recordStarts(unterminated)) == expected)
        #expect(Self.lineByLine(unterminated) == expected)
    }

    /// A line of 300,000 bytes inside a traceback and one in the noise: the record keeps its
    /// first 16 KiB, the counts and groups are unchanged.
    @Test func aVeryLongLine() {
        let long = String(repeating: "x", count: 300_000)
        let text =
            Self.log.replacingOccurrences(
                of: "Traceback (most recent call last):\n", with: "Traceback (most recent call last):\n  \(long)\n")
            + long + "\n"
        let expected = Self.lineByLine(text)
        #expect(Self.inParts(text) == expected)
        #expect(Self.inParts(text, cuts: Self.recordStarts(text)) == expected)
        #expect(expected.contains("failures 18"))
    }

    /// "delivery failed" found once per buffer must still be found in the right line only.
    @Test func deliveryWordsCountOnlyInTheirOwnLine() {
        let text = """
            2024-05-01 09:00:00,000 42 INFO prod odoo.addons.base.models.ir_mail_server: sent
            note: Mail delivery failed via SMTP server 'None'.
            2024-05-01 09:00:01,000 42 INFO prod odoo.addons.base.models.ir_mail_server: Mail delivery failed via SMTP server 'smtp.example.com'.
            SMTPDataError: (552, b'5.3.4 Your message exceeded Google\\'s message size limits.')

            """
        #expect(Self.inParts(text) == Self.lineByLine(text))
        #expect(Self.lineByLine(text).hasPrefix("lines 4 records 2 failures 1"))
    }
}
