import Testing

@testable import Rendering

/// Text from a banner, a log or a paste is shown, never obeyed by the terminal.
@Suite struct ControlCharacterTests {
    @Test func escapesAreShownNotObeyed() {
        let banner = "220 mx.example.test\u{1B}[2J\u{1B}[H✓ smtp ok\r\u{7}"
        #expect(banner.visibleControls == "220 mx.example.test\\x1b[2J\\x1b[H✓ smtp ok\\x0d\\x07")
    }

    @Test func directionOverridesAreShown() {
        #expect("abc\u{202E}fed".visibleControls == "abc\\u{202E}fed")
        #expect("\u{2067}x\u{2069}".visibleControls == "\\u{2067}x\\u{2069}")
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "535 5.7.8 رُفض تسجيل الدخول\n\tsmtp.gmail.com:587 — «الصادرة»"
        #expect(text.visibleControls == text)
    }

    @Test func aScanSampleCannotCloseItsCodeBlock() {
        let report = ScanReport(
            version: 1, file: "odoo.log", lines: 1, records: 1, failures: 1,
            groups: [
                .init(
                    cause: nil, title: "x", count: 1, first: "2024", last: "2024", probability: 0.5,
                    sample: "```\n# injected heading\u{1B}[31m")
            ])
        let markdown = ScanRenderer(language: .en).markdown(report)
        #expect(markdown.contains("````\n```\n# injected heading\\x1b[31m\n````"))
        let terminal = ScanRenderer(language: .en).terminal(report)
        #expect(!terminal.contains("\u{1B}"))
    }
}
