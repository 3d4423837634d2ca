import Foundation
import KnowledgeBase

/// Checks what only the whole knowledge base can show: unique ids, references that resolve,
/// values that the facts allow, patterns that compile, signature examples that behave, and
/// causes that some evidence can raise. Structure and both languages are checked while decoding.
struct Linter {
    let knowledge: KnowledgeBase
    let sink: DiagnosticSink
    let patterns: PatternRegistry

    func run() {
        checkUniqueIDs()
        checkPatternsCompile()
        checkFacts()
        checkCauses()
        checkFixes()
        checkQuestions()
        checkSignatures()
        checkProviders()
        checkSymptoms()
        checkPractices()
        checkReplyCodes()
        checkDescriptions()
    }

    private func checkUniqueIDs() {
        func unique(_ kind: String, _ entries: [(String, SourceLocation?)]) {
            var seen: [String: SourceLocation?] = [:]
            for (id, location) in entries {
                if let first = seen[id] {
                    let where_ = first.map { " (first at \($0))" } ?? ""
                    sink.error("duplicate \(kind) id '\(id)'\(where_)", at: location)
                } else {
                    seen[id] = location
                }
            }
        }
        unique("fact", knowledge.facts.map { ($0.id, $0.location) })
        unique("cause", knowledge.causes.map { ($0.id, $0.location) })
        unique("fix", knowledge.fixes.map { ($0.id, $0.location) })
        unique("question", knowledge.questions.map { ($0.id, $0.location) })
        unique("signature", knowledge.signatures.map { ($0.id, $0.location) })
        unique("provider", knowledge.providers.map { ($0.id, $0.location) })
        unique("symptom", knowledge.symptoms.map { ($0.id, $0.location) })
        unique("practice", knowledge.practices.map { ($0.id, $0.location) })
        unique("reply code", knowledge.replyCodes.map { ($0.code, $0.location) })
        unique("description", knowledge.descriptions.map { ($0.id, $0.location) })
        unique("blocklist", knowledge.blocklists.map { ($0.id, $0.location) })
        checkBlocklists()
    }

    /// An answer code may mean a listing or a refusal, never both: a refusal read as a
    /// listing is the mistake the list exists to prevent.
    private func checkBlocklists() {
        for list in knowledge.blocklists {
            let listed = Set(list.listed.map(\.code))
            for answer in list.refused where listed.contains(answer.code) {
                sink.error(
                    "blocklist '\(list.id)' lists \(answer.code) both as a listing and as a refusal",
                    at: list.location)
            }
            if !list.delist.hasPrefix("https://") && !list.delist.hasPrefix("http://") {
                sink.error("blocklist '\(list.id)': delist must be a URL, found '\(list.delist)'", at: list.location)
            }
        }
    }

    private func checkPatternsCompile() {
        for (pattern, location) in patterns.entries {
            if case .failure(let error) = pattern.compile() {
                sink.error(
                    "the pattern '\(pattern.source)' does not compile: \(error.reason)",
                    at: location)
            } else if let hazard = PatternHazard.problem(in: pattern.source) {
                // A pasted text is hostile input: a pattern that backtracks without bound
                // would let one chat message hold a process for minutes.
                sink.error(
                    "the pattern '\(pattern.source)' can take exponential or polynomial "
                        + "time on a long text: \(hazard)", at: location)
            }
        }
    }

    private func checkFacts() {
        for fact in knowledge.facts {
            if let probe = fact.probe, ProbeName(rawValue: probe) == nil {
                sink.error(
                    "unknown probe '\(probe)' in fact '\(fact.id)' (known: "
                        + ProbeName.allCases.map(\.rawValue).joined(separator: ", ") + ")", at: fact.location)
            }
        }
        for fact in knowledge.facts where fact.kind == .choice {
            if fact.values.count < 2 {
                sink.error("choice fact '\(fact.id)' needs at least two values", at: fact.location)
            }
            var seen = Set<String>()
            for value in fact.values where !seen.insert(value.id).inserted {
                sink.error(
                    "fact '\(fact.id)' lists the value '\(value.id)' twice",
                    at: fact.location)
            }
            // A spelling (id, label or `also`) may name one value only, once folded as the
            // answer normaliser folds what people type.
            var owner: [String: String] = [:]
            for value in fact.values {
                for spelling in Set([value.id, value.label.en, value.label.ar] + value.also) {
                    let folded = TypedText.fold(spelling)
                    if folded.isEmpty {
                        sink.error(
                            "fact '\(fact.id)': value '\(value.id)' has an empty spelling in also", at: fact.location)
                    } else if value.also.contains(spelling),
                        TypedText.unknownAnswers.contains(folded) || Self.isListNumber(spelling)
                    {
                        // The normaliser reads these first: such a spelling would never reach the value.
                        sink.error(
                            "fact '\(fact.id)': '\(spelling)' in also of '\(value.id)' is read as "
                                + (Self.isListNumber(spelling) ? "a choice's number" : "'unknown'"),
                            at: fact.location)
                    } else if let other = owner[folded], other != value.id {
                        sink.error(
                            "fact '\(fact.id)': '\(spelling)' names both '\(other)' and '\(value.id)'",
                            at: fact.location)
                    } else {
                        owner[folded] = value.id
                    }
                }
            }
        }
    }

    /// What the answer normaliser reads as a choice's position in the list (a short number):
    /// a spelling like that would take the place of the choice shown under that number.
    static func isListNumber(_ spelling: String) -> Bool {
        spelling.count <= 3 && FactNumber.parse(spelling) != nil
    }

    /// A value written for `factID` in a condition or a signature is one the fact allows.
    private func checkValue(
        _ value: String, of factID: String, in what: String,
        at location: SourceLocation?
    ) {
        guard let fact = knowledge.fact(factID) else { return }
        switch fact.kind {
        case .choice:
            if value != Facts.unknown && fact.value(value) == nil {
                let allowed = fact.values.map(\.id).joined(separator: ", ")
                sink.error(
                    "'\(value)' is not a value of fact '\(factID)' in \(what) "
                        + "(allowed: \(allowed))", at: location)
            }
        case .number:
            if FactNumber.parse(value) == nil {
                sink.error(
                    "'\(value)' is not a number, but fact '\(factID)' is a number in "
                        + what, at: location)
            }
        case .text:
            break
        }
    }

    private func checkCondition(
        _ condition: Condition, in what: String,
        at location: SourceLocation?
    ) {
        switch condition {
        case .equals(let fact, let value):
            checkFactExists(fact, in: what, at: location)
            checkValue(value, of: fact, in: what, at: location)
        case .oneOf(let fact, let values):
            checkFactExists(fact, in: what, at: location)
            values.forEach { checkValue($0, of: fact, in: what, at: location) }
        case .above(let fact, _), .below(let fact, _):
            checkFactExists(fact, in: what, at: location)
            if let definition = knowledge.fact(fact), definition.kind != .number {
                sink.error(
                    "'above'/'below' need a number fact, but '\(fact)' is a "
                        + "\(definition.kind.rawValue) fact in \(what)", at: location)
            }
        case .matches(let fact, _), .known(let fact, _):
            checkFactExists(fact, in: what, at: location)
        case .signature(let id):
            if !knowledge.signatures.contains(where: { $0.id == id }) {
                sink.error("unknown signature '\(id)' in \(what)", at: location)
            }
        case .all(let conditions), .any(let conditions):
            conditions.forEach { checkCondition($0, in: what, at: location) }
        case .not(let inner):
            checkCondition(inner, in: what, at: location)
        }
    }

    private func checkFactExists(_ fact: String, in what: String, at location: SourceLocation?) {
        if knowledge.fact(fact) == nil {
            sink.error("unknown fact '\(fact)' in \(what)", at: location)
        }
    }

    private func checkCauses() {
        for cause in knowledge.causes {
            let what = "cause '\(cause.id)'"
            if cause.fixes.isEmpty {
                sink.error("\(what) has no fixes", at: cause.location)
            }
            for fixID in cause.fixes where knowledge.fix(fixID) == nil {
                sink.error("unknown fix '\(fixID)' in \(what)", at: cause.location)
            }
            for evidence in cause.evidence {
                checkCondition(evidence.condition, in: what, at: evidence.location)
            }
            if !cause.evidence.contains(where: { $0.ratio > 1 }) {
                sink.error(
                    "no evidence can raise \(what): give it at least one item with "
                        + "ratio above 1", at: cause.location)
            }
        }
    }

    private func checkFixes() {
        let referenced = Set(knowledge.causes.flatMap(\.fixes))
        for fix in knowledge.fixes {
            let what = "fix '\(fix.id)'"
            if let applies = fix.applies { checkCondition(applies, in: what, at: fix.location) }
            for step in fix.steps {
                if let when = step.when { checkCondition(when, in: what, at: fix.location) }
            }
            if let probe = fix.verifyProbe, ProbeName(rawValue: probe) == nil {
                sink.error(
                    "unknown probe '\(probe)' in \(what) (known: "
                        + ProbeName.allCases.map(\.rawValue).joined(separator: ", ") + ")",
                    at: fix.location)
            }
            if !referenced.contains(fix.id) {
                sink.warning("\(what) is not used by any cause", at: fix.location)
            }
            // A fix dearer than escalating would never be suggested: escalation comes first.
            let model = knowledge.troubleshooting
            if model.cost(of: fix) >= model.escalationMinutes {
                sink.warning(
                    "\(what) costs \(Int(model.cost(of: fix).rounded())) minutes with its risk and check, "
                        + "not less than escalation-minutes (\(Int(model.escalationMinutes))), so it would "
                        + "never be suggested", at: fix.location)
            }
        }
    }

    private func checkQuestions() {
        for question in knowledge.questions {
            let what = "question '\(question.id)'"
            guard let fact = knowledge.fact(question.fact) else {
                sink.error("unknown fact '\(question.fact)' in \(what)", at: question.location)
                continue
            }
            if let when = question.when { checkCondition(when, in: what, at: question.location) }
            if let probe = question.probe, ProbeName(rawValue: probe) == nil {
                sink.error(
                    "unknown probe '\(probe)' in \(what) (known: "
                        + ProbeName.allCases.map(\.rawValue).joined(separator: ", ") + ")",
                    at: question.location)
            }
            if !question.choices.isEmpty && fact.kind != .number {
                sink.error(
                    "'choices' are for number facts; '\(fact.id)' is a "
                        + "\(fact.kind.rawValue) fact in \(what)", at: question.location)
            }
            for choice in question.choices {
                checkValue(choice, of: fact.id, in: what, at: question.location)
            }
        }
    }

    private func checkSignatures() {
        for signature in knowledge.signatures {
            let what = "signature '\(signature.id)'"
            checkSets(signature.sets, in: what, at: signature.location)
            for (fact, group) in signature.extract {
                checkFactExists(fact, in: what, at: signature.location)
                if !signature.pattern.source.contains("(?<\(group)>") {
                    sink.error(
                        "\(what) extracts '\(fact)' from the group '\(group)', but its "
                            + "pattern has no group (?<\(group)>...)", at: signature.location)
                }
            }
            // A wrapper is a frame: it may say which screen failed, never what went wrong.
            if signature.role == .wrapper,
                let fact = signature.sets.map(\.fact).first(where: { !Self.frameFacts.contains($0) })
            {
                sink.error(
                    "\(what) is a wrapper and may set only what the frame shows "
                        + "(\(Self.frameFacts.sorted().joined(separator: ", "))), not '\(fact)'",
                    at: signature.location)
            }
            // A provider named in prose sets the provider and nothing else; a destination
            // phrase only hides a provider name from the provider reading.
            if signature.role == .names,
                signature.sets.count != 1 || signature.sets.first?.fact != "provider" || !signature.extract.isEmpty
            {
                sink.error(
                    "\(what) names a provider and must set exactly one fact, 'provider'", at: signature.location)
            }
            if signature.role == .destination, !signature.sets.isEmpty || !signature.extract.isEmpty {
                sink.error(
                    "\(what) is a destination phrase and may set no facts: it only hides the provider "
                        + "named in it", at: signature.location)
            }
            guard case .success = signature.pattern.compile() else { continue }
            for example in signature.matchExamples where !signature.pattern.matches(example) {
                sink.error(
                    "\(what) does not match its example \(quoted(example))",
                    at: signature.location)
            }
            for example in signature.noMatchExamples where signature.pattern.matches(example) {
                sink.error(
                    "\(what) matches its no-match example \(quoted(example))",
                    at: signature.location)
            }
        }
    }

    private func checkProviders() {
        for provider in knowledge.providers {
            checkValue(
                provider.id, of: "provider", in: "provider '\(provider.id)'",
                at: provider.location)
            if provider.ports.isEmpty {
                sink.error("provider '\(provider.id)' lists no ports", at: provider.location)
            }
        }
    }

    private func checkSymptoms() {
        for symptom in knowledge.symptoms {
            checkValue(
                symptom.id, of: "symptom", in: "symptom '\(symptom.id)'",
                at: symptom.location)
        }
    }

    /// What a wrapper may set: which screen failed, never what went wrong.
    static let frameFacts: Set<String> = ["symptom", "odoo.test-connection-ok"]

    /// Each fact set exists and takes the value.
    private func checkSets(_ sets: [(fact: String, value: String)], in what: String, at location: SourceLocation?) {
        for (fact, value) in sets {
            checkFactExists(fact, in: what, at: location)
            checkValue(value, of: fact, in: what, at: location)
        }
    }

    private func checkReplyCodes() {
        for code in knowledge.replyCodes {
            let what = "reply code '\(code.code)'"
            checkSets(code.sets, in: what, at: code.location)
        }
    }

    private func checkDescriptions() {
        for description in knowledge.descriptions {
            let what = "description '\(description.id)'"
            checkFactExists(description.fact, in: what, at: description.location)
            checkValue(description.value, of: description.fact, in: what, at: description.location)
        }
    }

    private func checkPractices() {
        for practice in knowledge.practices {
            for cause in practice.causes where knowledge.cause(cause) == nil {
                sink.error(
                    "unknown cause '\(cause)' in practice '\(practice.id)'",
                    at: practice.location)
            }
        }
    }

    private func quoted(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\n", with: "\\n")
        return "'" + (oneLine.count > 80 ? String(oneLine.prefix(77)) + "..." : oneLine) + "'"
    }
}
