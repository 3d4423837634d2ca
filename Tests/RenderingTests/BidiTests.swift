import Testing
@testable import Rendering

@Suite struct BidiTests {
    @Test func latinRunsInArabicAreIsolated() {
        let text = Bidi.isolateLatinRuns("استخدم المنفذ 587 مع smtp.gmail.com الآن")
        #expect(text == "استخدم المنفذ \u{2068}587\u{2069} مع \u{2068}smtp.gmail.com\u{2069} الآن")
    }

    @Test func bracketsStayBalancedInsideAnIsolate() {
        let text = Bidi.isolateLatinRuns("المصادقة (Basic) في SMTP.")
        #expect(text == "المصادقة (\u{2068}Basic\u{2069}) في \u{2068}SMTP\u{2069}.")
        #expect(Bidi.isolateLatinRuns("الخيار TLS (STARTTLS)") == "الخيار \u{2068}TLS (STARTTLS)\u{2069}")
    }

    @Test func pureArabicIsUntouched() {
        #expect(Bidi.isolateLatinRuns("لا شيء هنا") == "لا شيء هنا")
    }
}
