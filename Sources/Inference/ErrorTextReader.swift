import Foundation
import KnowledgeBase
import MessageHeaders

/// Reads pasted error text (a dialog, a traceback, a log excerpt, or the user's own words) into
/// facts, in layers, each from the rules:
///
/// 1. the text is normalised (`ArabicText`: hamza and alef forms, ة/ه, ى/ي, diacritics,
///    tatweel, Arabic-Indic digits), so that Arabic is matched as people type it;
/// 2. wrappers (Odoo's dialogs and log prefixes, in every language Odoo ships) are set aside:
///    they say which screen failed, never why;
/// 3. signatures read what they recognise, and the SMTP replies in the text are read by their
///    structure (`SMTPReplyScanner`) and looked up in the reply-code registry;
/// 4. the provider is read from host names, banner tags and help URLs (the provider
///    catalog's `hosts` and `markers`), and failing those from a provider the user names
///    (`role: names` signatures), unless the reply came from a remote receiver; a phrase that
///    names where mail goes (`role: destination`) hides the provider named in it;
/// 5. the symptom from the user's own words;
/// 6. when nothing recognised the kind of failure, the back-off (`TextClassifier`) says what
///    the text reads like, as weaker evidence.
package struct ErrorTextReader: Sendable {
    /// One reading that took part, and where: a signature's id, or for the other layers an id
    /// with a prefix (`reply-code:535`, `provider:smtp.gmail.com`, `back-off:auth-rejected`).
    package struct Match: Sendable, Hashable {
        package var signature: String
        package var offset: Int
        /// What kind of reading it was.
        package var kind: Kind = .signature
        /// For readings that are not signatures: what it read, in both languages.
        package var title: LocalizedText?
    }

    package enum Kind: String, Sendable, Hashable {
        case signature
        case wrapper
        case replyCode = "reply-code"
        case provider
        /// A provider the user named in their own words (a `role: names` signature).
        case providerName = "provider-name"
        case backOff = "back-off"
        /// A received message's header block (`HeaderReading`).
        case headers
    }

    /// What the text establishes.
    package struct Reading: Sendable {
        /// Facts by id. When readings disagree the higher specificity wins, then the earlier match.
        package var facts: [String: String] = [:]
        /// Which reading set each fact (a `Match.signature`), for the HOW explanation.
        package var factOrigins: [String: String] = [:]
        /// Facts set with less than full weight (the back-off's guess).
        package var strengths: [String: Double] = [:]
        /// Every reading that took part, in text order.
        package var matches: [Match] = []
        /// The received message's headers, when the text holds a header block.
        package var headers: HeaderAnalysis?
        /// The ids of the signatures that matched (wrappers and other layers not included).
        package var matchedIDs: Set<String> { Set(matches.filter { $0.kind == .signature }.map(\.signature)) }

        /// The reading that set `fact`.
        package func origin(of fact: String) -> Match? {
            factOrigins[fact].flatMap { id in matches.first { $0.signature == id } }
        }
    }

    /// The fact that says whether the reply came from a remote receiver (a bounce) rather than
    /// from the server Odoo submits to; a remote receiver's host names say nothing about the
    /// user's provider.
    static let errorSourceFact = "error.source"
    /// How much the back-off's guess weighs, against 1 for a signature.
    package static let backOffStrength = 0.5
    /// The back-off speaks only when its label is at least this probable and this far ahead.
    /// (A cut on the held-out reliability instead, `TextClassifier.reliability` at 0.5, lost
    /// two right answers on the development error-text sets and gained none: the rules'
    /// examples held out group by group are harder than the real texts that reach the
    /// back-off, so the table is reported in HOW, not used as the cut.)
    static let backOffMinimum = 0.6
    static let backOffMargin = 0.3
    /// A few words ("hello world") say nothing, however much they resemble one example.
    static let backOffMinimumEvidence = 40

    /// Whether the back-off's guess is worth reading.
    static func backOffSpeaks(_ prediction: TextClassifier.Prediction) -> Bool {
        prediction.known >= backOffMinimumEvidence && prediction.probability >= backOffMinimum
            && prediction.margin >= backOffMargin
    }

    let knowledge: KnowledgeBase
    private let readers: [Signature]
    private let wrappers: [Signature]
    private let names: [Signature]
    private let destinations: [Signature]

    package init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        readers = knowledge.signatures.filter { $0.role == .reads }
        wrappers = knowledge.signatures.filter { $0.role == .wrapper }
        names = knowledge.signatures.filter { $0.role == .names }
        destinations = knowledge.signatures.filter { $0.role == .destination }
    }

    /// A candidate reading before the ranking decides which facts it sets.
    private struct Candidate {
        var id: String
        var specificity: Int
        var offset: Int
        var sets: [(fact: String, value: String)]
    }

    package func read(_ text: String) -> Reading {
        var reading = Reading()
        var candidates: [Candidate] = []
        var given = BridgedText(text)

        // A received message's headers first: what the receiver decided is read from their
        // structure, and the fields are then hidden from the other layers (a "Received: by
        // smtp.gmail.com" line names no provider of the user's, "X-Spam-Status: No" is no
        // spam symptom).
        if let headers = readHeaders(text) {
            reading.headers = headers.analysis
            reading.matches.append(headers.match)
            candidates.append(
                Candidate(
                    id: headers.match.signature, specificity: Self.headerSpecificity, offset: headers.match.offset,
                    sets: headers.facts))
            given = given.maskingOriginal(headers.ranges)
        }

        // Wrappers first: blank them out, keep what their frame says (the symptom) as the
        // weakest reading.
        var blanked: [NSRange] = []
        for wrapper in wrappers {
            guard let match = wrapper.pattern.firstMatch(in: given) else { continue }
            blanked += wrapper.pattern.allMatches(in: given)
            reading.matches.append(Match(signature: wrapper.id, offset: match.offset, kind: .wrapper))
            candidates.append(
                Candidate(
                    id: wrapper.id, specificity: -1, offset: match.offset,
                    sets: wrapper.sets + extracted(wrapper, match)))
        }
        let bridged = given.masking(blanked)

        // Only patterns whose required words occur are compiled and run (`Pattern.firstMatch`
        // consults the trigger first).
        for signature in readers {
            guard let match = signature.pattern.firstMatch(in: bridged) else { continue }
            reading.matches.append(Match(signature: signature.id, offset: match.offset))
            candidates.append(
                Candidate(
                    id: signature.id, specificity: signature.specificity, offset: match.offset,
                    sets: signature.sets + extracted(signature, match)))
        }
        candidates += replyCandidates(in: bridged, reading: &reading)

        let ranked = candidates.sorted { ($0.specificity, -$0.offset) > ($1.specificity, -$1.offset) }
        for candidate in ranked {
            for (fact, value) in candidate.sets where reading.facts[fact] == nil {
                reading.facts[fact] = value
                reading.factOrigins[fact] = candidate.id
            }
        }
        if reading.facts["provider"] == nil, reading.facts[Self.errorSourceFact] != "remote" {
            // A provider named as the destination ("sending to Gmail users") is the
            // recipient's: hidden from both the host names and the names.
            let senders = bridged.masking(destinations.flatMap { $0.pattern.allMatches(in: bridged) })
            if let found = provider(in: senders) {
                let id = "provider:\(found.marker)"
                reading.facts["provider"] = found.id
                reading.factOrigins["provider"] = id
                reading.matches.append(
                    Match(
                        signature: id, offset: found.offset, kind: .provider,
                        title: LocalizedText(
                            en: "\(found.name), from “\(found.marker)” in the text",
                            ar: "‏\(found.name)، من «\(found.marker)» في النص")))
            } else if let named = namedProvider(in: senders) {
                reading.facts["provider"] = named.id
                reading.factOrigins["provider"] = named.signature.id
                reading.matches.append(
                    Match(
                        signature: named.signature.id, offset: named.offset, kind: .providerName,
                        title: LocalizedText(
                            en: "\(named.name) (“\(named.word)”)", ar: "‏\(named.name) («\(named.word)»)")))
            }
        }
        if let symptom = symptom(in: bridged) {
            // The user's own words about the symptom outrank what a wrapper's frame implies.
            if reading.factOrigins["symptom"].map({ id in wrappers.contains { $0.id == id } }) ?? true {
                reading.facts["symptom"] = symptom
                reading.factOrigins["symptom"] = "symptom-phrases"
            }
        }
        // The back-off is for text nothing recognised: once a signature or a reply code has
        // read something, or the user's words named the symptom, a guess from resemblance
        // would only add noise ("the mails never arrive" is no kind of error).
        if reading.facts[Facts.errorKindFact] == nil, reading.factOrigins["symptom"] != "symptom-phrases",
            !reading.matches.contains(where: { $0.kind == .signature || $0.kind == .replyCode })
        {
            backOff(bridged, into: &reading)
        }
        reading.matches.sort { $0.offset < $1.offset }
        return reading
    }

    /// The facts a match takes from its named groups.
    private func extracted(_ signature: Signature, _ match: PatternMatch) -> [(fact: String, value: String)] {
        signature.extract.compactMap { fact, group in
            guard let value = match.group(group)?.trimmingCharacters(in: Character.quotesAndSpaces), !value.isEmpty
            else { return nil }
            return (fact, value)
        }
    }

    /// The replies' codes as readings: the first reply that reports a failure (4xx, 5xx),
    /// else the first; its enhanced code, which says more, ahead of its basic code.
    private func replyCandidates(in text: BridgedText, reading: inout Reading) -> [Candidate] {
        let replies = SMTPReplyScanner(knowledge: knowledge).replies(in: text)
        let failing = replies.first { reply in
            [reply.code, reply.enhanced].compactMap { $0?.first }.contains { $0 == "4" || $0 == "5" }
        }
        guard let reply = failing ?? replies.first else { return [] }
        var candidates: [Candidate] = []
        let enhanced = reply.enhanced ?? replies.lazy.compactMap(\.enhanced).first
        // A permanent basic code of specificity 0 guesses the subject from RFC 5321's three
        // digits (552 a size, 553 the sender); beside an enhanced code of the registry in the
        // same reply, which names the subject (RFC 3463), the guess is not read: the enhanced
        // code's entry or the wording decides ("552 5.7.0 message content rejected" is no size
        // limit). A transient code's guess is its class's meaning (4yz: try again later,
        // RFC 5321 §4.2.1), which the enhanced code's class repeats, so it stays.
        let subjectNamed = reply.enhanced.map { knowledge.replyCode($0) != nil } ?? false
        for (fact, code) in [("smtp.enhanced-code", enhanced), ("smtp.reply-code", reply.code)] {
            guard let code, let entry = knowledge.replyCode(code) else { continue }
            let id = "reply-code:\(code)"
            let coarse = !entry.isEnhanced && code.first == "5" && entry.specificity <= 0 && subjectNamed
            reading.matches.append(Match(signature: id, offset: reply.offset, kind: .replyCode, title: entry.title))
            candidates.append(
                Candidate(
                    id: id, specificity: entry.specificity, offset: reply.offset,
                    sets: [(fact, code)] + (coarse ? [] : entry.sets)))
        }
        return candidates
    }

    /// The provider whose submission host or marker occurs first in the text, not as the
    /// domain of an e-mail address (a recipient at outlook.com says nothing about the sender);
    /// or, in the user's own words, a provider named the way people write it in Arabic (the
    /// `also` spellings of the provider fact: جيميل، هوتميل، زوهو), with the prefixes Arabic
    /// attaches to a word (و، ب، ل، ف، ال).
    func provider(in text: BridgedText) -> (name: String, id: String, marker: String, offset: Int)? {
        let haystack = text.folded
        var best: (name: String, id: String, marker: String, index: String.Index)?
        func consider(_ marker: String, name: String, id: String, arabic: Bool) {
            var searchStart = haystack.startIndex
            while let found = Self.range(of: marker, in: haystack, from: searchStart) {
                searchStart = found.upperBound
                let after = found.upperBound < haystack.endIndex ? haystack[found.upperBound] : " "
                if after.isLetter || after.isNumber { continue }
                var wordStart = found.lowerBound
                while wordStart > haystack.startIndex, haystack[haystack.index(before: wordStart)].isLetter {
                    wordStart = haystack.index(before: wordStart)
                }
                let prefix = haystack[wordStart..<found.lowerBound]
                let before =
                    found.lowerBound > haystack.startIndex ? haystack[haystack.index(before: found.lowerBound)] : " "
                if before == "@" || before.isNumber
                    || (!prefix.isEmpty && !(arabic && Self.arabicPrefixes.contains(String(prefix))))
                    || (arabic && Self.arabicDestinationPrefixes.contains(String(prefix)))
                {
                    continue
                }
                if best == nil || found.lowerBound < best!.index { best = (name, id, marker, found.lowerBound) }
                return
            }
        }
        for provider in knowledge.providers {
            for marker in provider.hosts.map({ $0.lowercased() }) + provider.markers {
                consider(marker, name: provider.name, id: provider.id, arabic: false)
            }
        }
        if let fact = knowledge.fact("provider") {
            for value in fact.values {
                for spelling in value.also
                where spelling.unicodeScalars.contains(where: { (0x0600...0x06FF).contains($0.value) }) {
                    consider(TypedText.fold(spelling), name: value.label.en, id: value.id, arabic: true)
                }
            }
        }
        guard let best else { return nil }
        let offset = text.originalOffset(NSRange(best.index..<best.index, in: haystack).location)
        return (best.name, best.id, best.marker, offset)
    }

    /// The provider the user names first in their own words, as a whole word: not part of a
    /// host name, a dotted class name, a path or an address ("gmail" in
    /// gmail-smtp-in.l.google.com, com.microsoft.aad or someone@gmail.com names nothing).
    func namedProvider(
        in text: BridgedText
    ) -> (
        signature: Signature, id: String, name: String, word: String, offset: Int
    )? {
        let units = Array(text.string.utf16)
        func isWordPart(_ unit: UInt16) -> Bool {
            guard let scalar = Unicode.Scalar(unit) else { return true }  // a surrogate: a letter
            return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || Self.nameJoiners.contains(scalar)
        }
        func isWhole(_ range: NSRange) -> Bool {
            let end = range.location + range.length
            // Arabic writes its prefixes onto a Latin name too («بالGmail»); «لGmail» is "to Gmail".
            var start = range.location
            while start > 0, (0x0600...0x06FF).contains(units[start - 1]) { start -= 1 }
            let prefix = String(decoding: units[start..<range.location], as: UTF16.self)
            if !prefix.isEmpty {
                guard Self.arabicPrefixes.contains(prefix), !Self.arabicDestinationPrefixes.contains(prefix) else {
                    return false
                }
                if start > 0, isWordPart(units[start - 1]) { return false }
            } else if range.location > 0,
                isWordPart(units[range.location - 1]) || units[range.location - 1] == 0x2E
            {
                return false
            }
            guard end < units.count else { return true }
            // A full stop ends a sentence, but followed by a letter or digit it is a host name.
            if units[end] == 0x2E { return end + 1 >= units.count || !isWordPart(units[end + 1]) }
            return !isWordPart(units[end])
        }
        var best: (signature: Signature, range: NSRange)?
        for signature in names {
            guard let range = signature.pattern.allMatches(in: text).first(where: isWhole) else { continue }
            if best == nil || range.location < best!.range.location { best = (signature, range) }
        }
        guard let best, let id = best.signature.sets.first(where: { $0.fact == "provider" })?.value else {
            return nil
        }
        let word = (text.string as NSString).substring(with: best.range)
        let name = knowledge.provider(id)?.name ?? knowledge.fact("provider")?.value(id)?.label.en ?? id
        return (best.signature, id, name, word, text.originalOffset(best.range.location))
    }

    /// What joins a name to a host name, an address or a path when it stands beside it.
    static let nameJoiners: Set<Unicode.Scalar> = ["@", "-", "_", "/", "\\"]

    /// Where `marker` next occurs in `haystack` from `start`: as Foundation's `range(of:)`
    /// finds it, which for a marker of printable ASCII is a byte search (about a hundred
    /// markers are looked for in every text read; Foundation's search compares characters
    /// through NSString). A byte match next to a non-ASCII byte (a combining mark after it,
    /// say) might not be a whole-character match, so there Foundation decides.
    static func range(of marker: String, in haystack: String, from start: String.Index) -> Range<String.Index>? {
        let needle = marker.utf8
        guard !needle.isEmpty, needle.allSatisfy({ (0x20...0x7E).contains($0) }),
            let found = haystack.utf8.withContiguousStorageIfAvailable({ bytes -> Int?? in
                let from = haystack.utf8.distance(from: haystack.utf8.startIndex, to: start)
                let length = needle.count
                var marker = marker
                let hit = marker.withUTF8 {
                    PatternTrigger.firstOffset(
                        of: UnsafeRawBufferPointer($0), in: UnsafeRawBufferPointer(bytes), from: from)
                }
                guard let index = hit else { return .some(nil) }
                let before = index > 0 ? bytes[index - 1] : 0
                let after = index + length < bytes.count ? bytes[index + length] : 0
                return before < 0x80 && after < 0x80 ? .some(index) : .none
            }),
            let offset = found
        else {
            return haystack.range(of: marker, range: start..<haystack.endIndex)
        }
        guard let offset else { return nil }
        let lower = haystack.utf8.index(haystack.utf8.startIndex, offsetBy: offset)
        return lower..<haystack.utf8.index(lower, offsetBy: needle.count)
    }

    /// What Arabic writes in front of a word: and, with, for, so, the (and their combinations).
    static let arabicPrefixes: Set<String> = ["و", "ب", "ل", "ف", "ال", "بال", "لل", "وال", "فال", "وب", "ول", "وبال"]
    /// The prefixes that make a word a destination ("to"): «اطرشه لجيميل» is a mail sent to
    /// Gmail, which names the recipient's provider, not the one the user sends through.
    static let arabicDestinationPrefixes: Set<String> = ["ل", "لل", "ول"]

    /// The symptom the user's own words describe, in either language: the one whose phrases
    /// match most often (a broad phrase such as "SMTP error" must not outvote two specific
    /// ones); on a tie, the first in the rules.
    package func symptom(in text: String) -> String? {
        symptom(in: BridgedText(text))
    }

    func symptom(in text: BridgedText) -> String? {
        var best: (id: String, count: Int)?
        for symptom in knowledge.symptoms {
            let count = symptom.phrases.values.reduce(0) { total, patterns in
                total + patterns.filter { $0.firstMatch(in: text) != nil }.count
            }
            if count > 0 && count > (best?.count ?? 0) { best = (symptom.id, count) }
        }
        return best?.id
    }

    /// What the text reads like, when no reading said what kind of failure it is.
    private func backOff(_ text: BridgedText, into reading: inout Reading) {
        guard let classifier = knowledge.classifier, classifier.fact == Facts.errorKindFact,
            let prediction = classifier.predict(text.string),
            Self.backOffSpeaks(prediction),
            knowledge.fact(Facts.errorKindFact)?.value(prediction.label) != nil
        else { return }
        let id = "back-off:\(prediction.label)"
        let label = knowledge.fact(Facts.errorKindFact)?.value(prediction.label)?.label
        let percent = Int((prediction.probability * 100).rounded())
        // What the held-out measurement says about guesses this far ahead, when there is one.
        let measured = prediction.reliability.map { Int(($0 * 100).rounded()) }
        reading.facts[Facts.errorKindFact] = prediction.label
        reading.factOrigins[Facts.errorKindFact] = id
        reading.strengths[Facts.errorKindFact] = Self.backOffStrength
        reading.matches.append(
            Match(
                signature: id, offset: 0, kind: .backOff,
                title: LocalizedText(
                    en: "reads like “\(label?.en ?? prediction.label)” (\(percent)% similar to the rules' examples"
                        + (measured.map {
                            "; guesses this far ahead were right \($0)% of the time on examples held out"
                        }
                            ?? "") + ")",
                    ar: "يشبه «\(label?.ar ?? prediction.label)» (تشابه \(percent)% مع أمثلة القواعد"
                        + (measured.map { "؛ وصحّت التخمينات المتقدمة بهذا القدر في \($0)% من الأمثلة المحجوبة" } ?? "")
                        + ")")))
    }
}

extension Character {
    static let quotesAndSpaces: Set<Character> = [" ", "'", "\"", "\t", "\n", "\r"]
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
