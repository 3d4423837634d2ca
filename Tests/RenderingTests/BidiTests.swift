import Testing

@testable import Rendering

@Suite struct BidiTests {
    @Test func latinRunsInArabicAreIsolated() {
        let text = Bidi.isolateLatinRuns("استخدم المنفذ 587 مع smtp.gmail.com الآن")
        #expect(text == "استخدم المنفذ \u{2068}587\u{2069} مع \u{2068}smtp.gmail.com\u{2069} الآن")
    }

    @Test func bracketsStayBalancedInsideAnIsolate() {
        let text = Bidi.isolateLatinRuns("المصادقة (Basic) في SMTP.")
        // The pair goes inside with its words, so neither bracket is mirrored on its own.
        #expect(text == "المصادقة \u{2068}(Basic)\u{2069} في \u{2068}SMTP\u{2069}.")
        #expect(Bidi.isolateLatinRuns("الخيار TLS (STARTTLS)") == "الخيار \u{2068}TLS (STARTTLS)\u{2069}")
    }

    @Test func aListNumberIsNotDrawnInsideALatinTitle() {
        #expect(
            Bidi.isolateLatinRuns("  1. Microsoft 365 أو Outlook")
                == "  \u{2068}1\u{2069}. \u{2068}Microsoft 365\u{2069} أو \u{2068}Outlook\u{2069}")
        #expect(Bidi.isolateLatinRuns("   2) Gmail") == "   \u{2068}2\u{2069}) \u{2068}Gmail\u{2069}")
        // Not a list number: a version or an address at the start stays whole.
        #expect(Bidi.isolateLatinRuns("17.0 هو الإصدار") == "\u{2068}17.0\u{2069} هو الإصدار")
    }

    @Test func aPercentageStaysWithItsSign() {
        #expect(Bidi.isolateLatinRuns("في SMTP  96٪") == "في \u{2068}SMTP\u{2069}  96٪")
        #expect(Bidi.isolateLatinRuns("(port-blocked, 70٪)") == "(\u{2068}port-blocked\u{2069}, 70٪)")
        #expect(Bidi.isolateLatinRuns("في SMTP 99.5٪") == "في \u{2068}SMTP\u{2069} 99.5٪")
        // A number with a thousands separator is one number, not words and a number.
        #expect(Bidi.isolateLatinRuns("بلغ 1,000٪") == "بلغ \u{2068}1,000\u{2069}٪")
        // A number that is part of a Latin run and not a percentage keeps its isolate.
        #expect(
            Bidi.isolateLatinRuns("المنفذ smtp.gmail.com:587 الآن")
                == "المنفذ \u{2068}smtp.gmail.com:587\u{2069} الآن")
    }

    @Test func pureArabicIsUntouched() {
        #expect(Bidi.isolateLatinRuns("لا شيء هنا") == "لا شيء هنا")
    }

    /// Field findings: leading @ / < ( drawn on the wrong side, `<` outside the run, the
    /// en dash of a version range breaking it.
    @Test func neutralsThatOpenALatinRunStayWithIt() {
        #expect(Bidi.isolateLatinRuns("العناوين @gmail.com فقط") == "العناوين \u{2068}@gmail.com\u{2069} فقط")
        #expect(
            Bidi.isolateLatinRuns("الملف /etc/odoo/odoo.conf هنا") == "الملف \u{2068}/etc/odoo/odoo.conf\u{2069} هنا")
        #expect(Bidi.isolateLatinRuns("المنطقة <region> في") == "المنطقة \u{2068}<region>\u{2069} في")
        #expect(Bidi.isolateLatinRuns("الإصدارات (15–16) فقط") == "الإصدارات \u{2068}(15–16)\u{2069} فقط")
        #expect(
            Bidi.isolateLatinRuns("https://<عنوان Odoo>/odoo")
                == "\u{2068}https://<عنوان Odoo>/odoo\u{2069}")
    }

    @Test func aBracketClosedAfterTheRunIsNotSplitAcrossTheIsolate() {
        #expect(
            Bidi.isolateLatinRuns("Brevo (Sendinblue سابقاً)")
                == "\u{2068}Brevo\u{2069} (\u{2068}Sendinblue\u{2069} سابقاً)")
    }

    @Test func quotesStayPairedWithTheirWords() {
        #expect(Bidi.isolateLatinRuns("في حالة \"Testing\" تنتهي") == "في حالة \u{2068}\"Testing\"\u{2069} تنتهي")
        #expect(Bidi.isolateLatinRuns("القيمة 'on' هنا") == "القيمة \u{2068}'on'\u{2069} هنا")
    }

    @Test func aMenuPathIsIsolatedSegmentBySegment() {
        #expect(
            Bidi.isolateLatinRuns("Credentials ← Create Credentials ← OAuth client ID")
                == "\u{2068}Credentials\u{2069} ← \u{2068}Create Credentials\u{2069} ← \u{2068}OAuth client ID\u{2069}")
    }

    @Test func markdownIsolatesProseAndCodeSpansButNotLinksTagsOrCodeBlocks() {
        let page = """
            <div dir="rtl">

            الرد `534 5.7.9 Application-specific password required` من [Gmail](providers.md#gmail).

            ```sh
            mail-doctor explain -
            ```
            </div>
            """
        let isolated = Bidi.isolateMarkdown(page)
        #expect(
            isolated.contains(
                "الرد \u{2068}`534 5.7.9 Application-specific password required`\u{2069} من [\u{2068}Gmail\u{2069}](providers.md#gmail)."
            ))
        #expect(isolated.contains("<div dir=\"rtl\">"))
        #expect(isolated.contains("<div dir=\"ltr\">\n\n```sh\nmail-doctor explain -\n```\n\n</div>"))
    }
}
