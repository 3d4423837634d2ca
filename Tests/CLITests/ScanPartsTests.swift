import Foundation
import Testing

/// `scan` reads a big file in parts, one per core, each starting at a header line
/// (`LogFileReader`). `MAIL_DOCTOR_SCAN_PARTS` forces parts on small files: whatever the
/// number of parts, and from standard input, the report is the same.
@Suite struct ScanPartsTests {
    static let header = "ERROR prod odoo.addons.mail.models.mail_mail: failed sending mail"

    static func failure(_ time: String, id: Int, traceback: Int = 3, last: String? = nil) -> [String] {
        ["\(time),000 42 \(header) (id: \(id)) due to Mail Delivery Failed", "Traceback (most recent call last):"]
            + (0..<traceback).map {
                "  File \"/opt/odoo/odoo/addons/base/models/ir_mail_server.py\", line \($0), in send_email"
            }
            + [last ?? "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted.')"]
    }

    static func noise(_ count: Int, from minute: Int = 0) -> [String] {
        (0..<count).map { index in
            String(
                format: "2024-05-01 10:%02d:%02d,000 43 INFO prod werkzeug: \"GET /web HTTP/1.1\" 200 - %d",
                (minute + index / 60) % 60, index % 60, index)
        }
    }

    /// The report of `text` in `parts` parts (0: from standard input), without the file name.
    static func report(_ text: String, parts: Int) throws -> [String: Any] {
        let output: Binary.Output
        if parts == 0 {
            output = try Binary.run(["scan", "--format", "json", "-"], stdin: text)
        } else {
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID().uuidString).log")
            try Data(text.utf8).write(to: log)
            defer { try? FileManager.default.removeItem(at: log) }
            output = try Binary.run(
                ["scan", "--format", "json", log.path], environment: ["MAIL_DOCTOR_SCAN_PARTS": "\(parts)"])
        }
        #expect(output.status == 0, "\(output.stderr)")
        var json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
        json["file"] = nil
        return json
    }

    /// The same report in 1, 2, 3 and 7 parts and from standard input; returns it.
    @discardableResult
    static func sameInEveryNumberOfParts(_ text: String, failures: Int) throws -> [String: Any] {
        let one = try report(text, parts: 1)
        #expect(one["failures"] as? Int == failures, "\(one)")
        let expected = try JSONSerialization.data(withJSONObject: one, options: .sortedKeys)
        for parts in [0, 2, 3, 7] {
            let actual = try JSONSerialization.data(withJSONObject: report(text, parts: parts), options: .sortedKeys)
            #expect(actual == expected, "\(parts) parts: \(String(decoding: actual, as: UTF8.self))")
        }
        return one
    }

    /// The middle of the file falls inside a long traceback: the part boundary moves to the
    /// next header, so the record is read whole, once.
    @Test func aRecordStraddlingTheSplitPoint() throws {
        let lines =
            Self.noise(100) + Self.failure("2024-05-01 09:00:00", id: 1) + Self.noise(20, from: 5)
            + Self.failure(
                "2024-05-01 11:00:00", id: 2, traceback: 120,
                last: "smtplib.SMTPServerDisconnected: Connection unexpectedly closed")
            + Self.noise(100, from: 20) + Self.failure("2024-05-01 12:00:00", id: 3)
        let text = lines.joined(separator: "\n") + "\n"
        let middle = text.utf8.count / 2
        let straddler = try #require(text.range(of: "(id: 2)")).lowerBound.utf16Offset(in: text)
        #expect(straddler < middle && middle < straddler + 120 * 80, "the split point is inside the traceback")
        let report = try Self.sameInEveryNumberOfParts(text, failures: 3)
        #expect(report["records"] as? Int == 223)
        #expect(report["lines"] as? Int == lines.count)
    }

    @Test func aFileOfOneRecord() throws {
        let text = Self.failure("2024-05-01 09:00:00", id: 1, traceback: 40).joined(separator: "\n") + "\n"
        let report = try Self.sameInEveryNumberOfParts(text, failures: 1)
        #expect(report["records"] as? Int == 1)
    }

    @Test func windowsLineEnds() throws {
        let lines =
            Self.noise(50) + Self.failure("2024-05-01 09:00:00", id: 1) + Self.noise(50)
            + Self.failure("2024-05-01 08:00:00", id: 2)
        let unix = try Self.report(lines.joined(separator: "\n") + "\n", parts: 1)
        let windows = try Self.sameInEveryNumberOfParts(lines.joined(separator: "\r\n") + "\r\n", failures: 2)
        #expect(
            try JSONSerialization.data(withJSONObject: windows, options: .sortedKeys)
                == JSONSerialization.data(withJSONObject: unix, options: .sortedKeys))
    }

    /// The last record's last line has no newline: it is still read, in every part count.
    @Test func aFileWithoutTrailingNewline() throws {
        let lines =
            Self.noise(80) + Self.failure("2024-05-01 09:00:00", id: 1) + Self.noise(80)
            + Self.failure("2024-05-01 13:00:00", id: 2, last: "ConnectionRefusedError: [Errno 111] Connection refused")
        let report = try Self.sameInEveryNumberOfParts(lines.joined(separator: "\n"), failures: 2)
        #expect(report["lines"] as? Int == lines.count)
        let groups = report["groups"] as? [[String: Any]] ?? []
        #expect(groups.contains { ($0["sample"] as? String)?.contains("Connection refused") == true }, "\(groups)")
    }

    /// Lines longer than the reader's buffer (3 MB) in a traceback and in the noise: memory
    /// stays flat (the record keeps each line's first 16 KiB) and nothing else changes.
    @Test func aVeryLongLine() throws {
        let long = String(repeating: "y", count: 3 << 20)
        var record = Self.failure("2024-05-01 09:00:00", id: 1)
        record.insert("  \(long)", at: 2)
        let lines =
            Self.noise(40) + record + [long] + Self.noise(40, from: 3) + Self.failure("2024-05-01 10:00:00", id: 2)
        let report = try Self.sameInEveryNumberOfParts(lines.joined(separator: "\n") + "\n", failures: 2)
        #expect(report["lines"] as? Int == lines.count)
        let groups = report["groups"] as? [[String: Any]] ?? []
        #expect(groups.allSatisfy { ($0["sample"] as? String ?? "").utf8.count < 40_000 })
    }
}
