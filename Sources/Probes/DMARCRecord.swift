import Foundation
import KnowledgeBase

/// A DMARC policy record (RFC 7489 §6.3, §6.4): tags separated by `;`, `v=DMARC1` first.
/// Unknown tags are ignored (§6.3); a bad value of a tag other than `p` and `sp` falls back to
/// the default (§6.6.3 step 5 and §6.3); a bad or missing `p`, or a bad `sp`, makes the record
/// unusable unless it names a valid `rua`, in which case receivers act as if `p=none`.
struct DMARCRecord: Sendable, Equatable {
    enum Policy: String, Sendable { case none, quarantine, reject }
    enum Alignment: String, Sendable {
        case relaxed = "r"
        case strict = "s"
    }

    var policy: Policy?
    var subdomainPolicy: Policy?
    var dkimAlignment = Alignment.relaxed
    var spfAlignment = Alignment.relaxed
    var percent = 100
    var reportURIs: [String] = []
    /// Problems a receiver ignores (it uses the default), in the order found.
    var warnings: [LocalizedText] = []
    /// Why a receiver would not use the record's policy, when it would not.
    var invalid: LocalizedText?

    /// Whether a TXT string is a DMARC record at all: it starts with the tag `v=DMARC1` (§6.6.3
    /// discards the rest). `v=DMARC1 p=reject` starts so, but its version tag is not followed
    /// by `;`: it is a DMARC record that no receiver can read.
    static func isDMARC(_ text: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == "v" else { return false }
        let afterV = trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard afterV.first == "=" else { return false }
        return afterV.dropFirst().drop { $0 == " " || $0 == "\t" }.hasPrefix("DMARC1")
    }

    init(_ text: String) {
        let tags = text.split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
        var seen: Set<String> = []
        for (index, tag) in tags.enumerated() {
            if tag.isEmpty {
                // "v=DMARC1; p=none;" ends with an empty tag-spec: allowed by the ABNF's
                // trailing dmarc-sep.
                if index == tags.count - 1 && index > 0 { continue }
                warnings.append(.init(en: "an empty tag (two ';' in a row)", ar: "وسم فارغ (فاصلتان ';' متتاليتان)"))
                continue
            }
            guard let equals = tag.firstIndex(of: "=") else {
                warnings.append(.init(en: "'\(tag)' is not a tag=value pair", ar: "'\(tag)' ليس زوج وسم=قيمة"))
                continue
            }
            let name = tag[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = tag[tag.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if index == 0 {
                guard name == "v", value == "DMARC1" else {
                    invalid =
                        value.hasPrefix("DMARC1")
                        ? LocalizedText(
                            en: "the tags are not separated by ';' ('\(tag)')",
                            ar: "الوسوم غير مفصولة بـ ';' ('\(tag)')")
                        : LocalizedText(
                            en: "the record does not start with v=DMARC1", ar: "السجل لا يبدأ بـ v=DMARC1")
                    return
                }
                continue
            }
            guard seen.insert(name).inserted else {
                warnings.append(.init(en: "the tag \(name)= appears twice", ar: "الوسم \(name)= مكرر"))
                continue
            }
            switch name {
            case "v": warnings.append(.init(en: "v= must be the first tag only", ar: "v= يجب أن يكون الوسم الأول فقط"))
            case "p":
                guard let policy = Policy(rawValue: value.lowercased()) else {
                    invalid = LocalizedText(
                        en: "p=\(value) is not a policy (none, quarantine or reject)",
                        ar: "p=\(value) ليست سياسة (none أو quarantine أو reject)")
                    continue
                }
                self.policy = policy
                if index != 1 {
                    warnings.append(
                        .init(en: "p= should come right after v=DMARC1", ar: "يجب أن يأتي p= بعد v=DMARC1 مباشرة"))
                }
            case "sp":
                guard let policy = Policy(rawValue: value.lowercased()) else {
                    invalid = LocalizedText(
                        en: "sp=\(value) is not a policy (none, quarantine or reject)",
                        ar: "sp=\(value) ليست سياسة (none أو quarantine أو reject)")
                    continue
                }
                subdomainPolicy = policy
            case "adkim", "aspf":
                guard let mode = Alignment(rawValue: value.lowercased()) else {
                    warnings.append(
                        .init(
                            en: "\(name)=\(value) is not r or s; receivers use r (relaxed)",
                            ar: "\(name)=\(value) ليست r ولا s فتستخدم الخوادم المستقبِلة r (مرن)"))
                    continue
                }
                if name == "adkim" { dkimAlignment = mode } else { spfAlignment = mode }
            case "pct":
                guard value.allSatisfy(\.isASCIIDigit), let number = Int(value), (0...100).contains(number) else {
                    warnings.append(
                        .init(
                            en: "pct=\(value) is not 0-100; receivers use 100",
                            ar: "pct=\(value) ليست بين 0 و100 فتستخدم الخوادم المستقبِلة 100"))
                    continue
                }
                percent = number
            case "rua", "ruf":
                let uris = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let valid = uris.filter { uri in
                    guard let colon = uri.firstIndex(of: ":"), colon != uri.startIndex else { return false }
                    return uri[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
                        && uri.index(after: colon) < uri.endIndex
                }
                if valid.count != uris.count {
                    warnings.append(
                        .init(
                            en: "\(name)=\(value) holds a URI that is not valid",
                            ar: "\(name)=\(value) يحوي عنواناً (URI) غير صالح"))
                }
                if name == "rua" { reportURIs = valid }
            case "fo", "rf", "ri":
                continue
            default:
                // §6.3: unknown tags are ignored.
                continue
            }
        }
        if policy == nil && invalid == nil { invalid = LocalizedText(en: "there is no p= tag", ar: "لا يوجد وسم p=") }
        if invalid != nil && !reportURIs.isEmpty {
            // §6.6.3 step 5: with a valid rua, act as if p=none.
            warnings.append(
                .init(
                    en: "\(invalid!.en); with rua= given, receivers act as if p=none",
                    ar: "\(invalid!.ar)، ومع وجود rua= تتصرف الخوادم المستقبِلة كأن p=none"))
            invalid = nil
            policy = Policy.none
        }
    }
}
