import KnowledgeBase

/// Reads pasted error text (a dialog, a traceback, a log excerpt, or the user's own words) into
/// facts, with the signatures and the symptom phrases of the rules.
package struct ErrorTextReader: Sendable {
    /// One signature that matched, and where.
    package struct Match: Sendable, Hashable {
        package var signature: String
        package var offset: Int
    }

    /// What the text establishes.
    package struct Reading: Sendable {
        /// Facts by id. When signatures disagree the higher specificity wins, then the earlier match.
        package var facts: [String: String] = [:]
        /// Which signature set each fact, for the HOW explanation.
        package var factOrigins: [String: String] = [:]
        /// Every matched signature, in text order.
        package var matches: [Match] = []
        package var matchedIDs: Set<String> { Set(matches.map(\.signature)) }
    }

    let knowledge: KnowledgeBase

    package init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    package func read(_ text: String) -> Reading {
        var reading = Reading()
        var found: [(signature: Signature, match: PatternMatch)] = []
        // Only patterns whose required words occur are compiled and run.
        let folded = PatternTrigger.fold(text)
        var bridged: BridgedText?
        for signature in knowledge.signatures where signature.pattern.mightMatch(folded: folded) {
            if bridged == nil { bridged = BridgedText(text) }
            if let match = signature.pattern.firstMatch(in: bridged!) {
                found.append((signature, match))
            }
        }
        reading.matches = found.sorted { $0.match.offset < $1.match.offset }
            .map { Match(signature: $0.signature.id, offset: $0.match.offset) }
        let ranked = found.sorted {
            ($0.signature.specificity, -$0.match.offset) > ($1.signature.specificity, -$1.match.offset)
        }
        for (signature, match) in ranked {
            for (fact, value) in signature.sets where reading.facts[fact] == nil {
                reading.facts[fact] = value
                reading.factOrigins[fact] = signature.id
            }
            for (fact, group) in signature.extract where reading.facts[fact] == nil {
                if let value = match.group(group)?.trimmingCharacters(in: Character.quotesAndSpaces),
                    !value.isEmpty
                {
                    reading.facts[fact] = value
                    reading.factOrigins[fact] = signature.id
                }
            }
        }
        if reading.facts["symptom"] == nil, let symptom = symptom(in: text) {
            reading.facts["symptom"] = symptom
            reading.factOrigins["symptom"] = "symptom-phrases"
        }
        return reading
    }

    /// The symptom the user's own words describe, in either language: the one whose phrases
    /// match most often (a broad phrase such as "SMTP error" must not outvote two specific
    /// ones); on a tie, the first in the rules.
    package func symptom(in text: String) -> String? {
        var best: (id: String, count: Int)?
        let folded = PatternTrigger.fold(text)
        for symptom in knowledge.symptoms {
            let count = symptom.phrases.values.reduce(0) { total, patterns in
                total + patterns.filter { $0.mightMatch(folded: folded) && $0.matches(text) }.count
            }
            if count > 0 && count > (best?.count ?? 0) { best = (symptom.id, count) }
        }
        return best?.id
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
