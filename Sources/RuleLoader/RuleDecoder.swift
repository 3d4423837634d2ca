import KnowledgeBase
import Yams

/// Decodes the node tree of one rule file into model values, appending them to `sections`.
/// It reports and skips what is broken and carries on, so one run shows every problem.
struct RuleDecoder {
    static let formatVersion = 1
    static let sectionNames = [
        "facts", "causes", "fixes", "questions", "signatures",
        "providers", "symptoms", "practices", "reply-codes", "descriptions", "troubleshooting", "blocklists",
    ]

    let file: String
    let sink: DiagnosticSink
    let patterns: PatternRegistry

    private var conditions: ConditionDecoder {
        ConditionDecoder(file: file, sink: sink, patterns: patterns)
    }

    func decode(_ root: Node, into sections: inout RuleSections) {
        guard let reader = NodeReader(root, what: "a rule file", file: file, sink: sink) else {
            return
        }
        if let formatNode = reader.value("format") {
            if let version = reader.number(formatNode, key: "format"),
                version != Double(Self.formatVersion)
            {
                // The rest of the file is in a format this version does not know: one
                // message about the version says it all.
                sink.error(
                    "unsupported rule format \(formatNode.scalar?.string ?? "?"); "
                        + "this Mail Doctor reads format \(Self.formatVersion)",
                    at: reader.location(of: formatNode))
                return
            }
        }
        defer { reader.finish() }
        func each(_ section: String, _ body: (Node, String) -> Void) {
            guard reader.has(section), let items = reader.list(section) else {
                _ = reader.value(section, required: false)
                return
            }
            for (index, item) in items.enumerated() {
                let singular =
                    section == "facts" ? "fact" : String(section.dropLast()).replacingOccurrences(of: "-", with: " ")
                body(item, "\(singular) #\(index + 1)")
            }
        }
        each("facts") { node, what in fact(node, what).map { sections.facts.append($0) } }
        each("causes") { node, what in cause(node, what).map { sections.causes.append($0) } }
        each("fixes") { node, what in fix(node, what).map { sections.fixes.append($0) } }
        each("questions") { node, what in
            question(node, what).map { sections.questions.append($0) }
        }
        each("signatures") { node, what in
            signature(node, what).map { sections.signatures.append($0) }
        }
        each("providers") { node, what in
            provider(node, what).map { sections.providers.append($0) }
        }
        each("symptoms") { node, what in symptom(node, what).map { sections.symptoms.append($0) } }
        each("practices") { node, what in
            practice(node, what).map { sections.practices.append($0) }
        }
        each("reply-codes") { node, what in
            replyCode(node, what).map { sections.replyCodes.append($0) }
        }
        each("descriptions") { node, what in
            description(node, what).map { sections.descriptions.append($0) }
        }
        each("blocklists") { node, what in
            blocklist(node, what).map { sections.blocklists.append($0) }
        }
        if let node = reader.value("troubleshooting", required: false) {
            troubleshooting(node).map { sections.troubleshooting.append($0) }
        }
    }

    /// The costs of the ask-or-repair decision: one mapping, not a list.
    func troubleshooting(_ node: Node) -> TroubleshootingModel? {
        guard let reader = NodeReader(node, what: "the troubleshooting section", file: file, sink: sink)
        else { return nil }
        defer { reader.finish() }
        let escalation = reader.number(
            "escalation-minutes", range: 1...100_000, rangeText: "between 1 and 100000")
        let verify = reader.number("verify-minutes", range: 0...600, rangeText: "between 0 and 600")
        let exponent = reader.number(
            "evidence-exponent", range: 0.2...5, rangeText: "between 0.2 and 5")
        // Optional, so that rules written before it (a --rules folder of one's own) still load:
        // 1 weighs an error text's evidence like an answer's.
        let textScale =
            reader.has("text-evidence-scale")
            ? reader.number("text-evidence-scale", range: 0.2...5, rangeText: "between 0.2 and 5") : 1
        let fatigue = reader.number("question-fatigue", range: 0...5, rangeText: "between 0 and 5")
        var weights: [Fix.Risk: Double] = [:]
        if let weightsNode = reader.value("risk-weights"),
            let weightsReader = NodeReader(
                weightsNode, what: "risk-weights", file: file, sink: sink)
        {
            for risk in Fix.Risk.allCases {
                weights[risk] = weightsReader.number(
                    risk.rawValue, range: 0.1...100, rangeText: "between 0.1 and 100")
            }
            weightsReader.finish()
        }
        guard let escalation, let verify, let exponent, let textScale, let fatigue,
            weights.count == Fix.Risk.allCases.count
        else { return nil }
        return TroubleshootingModel(
            escalationMinutes: escalation, verifyMinutes: verify, riskWeights: weights,
            evidenceExponent: exponent, textEvidenceScale: textScale, questionFatigue: fatigue,
            location: reader.location)
    }

    /// A reader named after the entry's id when it has one: "cause 'port-blocked'".
    private func entry(_ node: Node, _ fallback: String, kind: String) -> NodeReader? {
        var what = fallback
        if let id = node.mapping?.first(where: { $0.key.scalar?.string == "id" })?.value.scalar {
            what = "\(kind) '\(id.string)'"
        }
        return NodeReader(node, what: what, file: file, sink: sink)
    }

    private func sources(_ reader: NodeReader, required: Bool) -> [String] {
        reader.stringList("source", required: required) ?? []
    }

    func fact(_ node: Node, _ what: String) -> FactDefinition? {
        guard let reader = entry(node, what, kind: "fact") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let title = reader.text("title")
        var kind: FactDefinition.Kind?
        if let typeNode = reader.value("type"), let type = reader.scalarString(typeNode, key: "type") {
            kind = FactDefinition.Kind(rawValue: type)
            if kind == nil {
                sink.error(
                    "unknown fact type '\(type)' in \(reader.what) (use choice, number or "
                        + "text)", at: reader.location(of: typeNode))
            }
        }
        var values: [FactDefinition.Value] = []
        if kind == .choice {
            for item in reader.list("values") ?? [] {
                guard let valueReader = entry(item, "a value of \(reader.what)", kind: "value")
                else { continue }
                let valueID = valueReader.id()
                let label = valueReader.text("label")
                let weight =
                    valueReader.number(
                        "weight", required: false,
                        range: 0.000_001...1_000_000,
                        rangeText: "above 0") ?? 1
                let also = valueReader.stringList("also", required: false) ?? []
                let noneRatio =
                    valueReader.number(
                        "none-ratio", required: false, range: 0.000_001...1_000_000, rangeText: "above 0") ?? 1
                valueReader.finish()
                if valueID == Facts.unknown, let valueNode = valueReader.value("id") {
                    sink.error(
                        "'unknown' is always allowed and must not be listed",
                        at: valueReader.location(of: valueNode))
                    continue
                }
                if let valueID, let label {
                    values.append(.init(id: valueID, label: label, weight: weight, also: also, noneRatio: noneRatio))
                }
            }
        } else if reader.has("values") {
            _ = reader.value("values")
            sink.error(
                "only choice facts have values; \(reader.what) is a "
                    + "\(kind?.rawValue ?? "?") fact", at: reader.location)
        }
        let probe = reader.string("probe", required: false)
        guard let id, let title, let kind else { return nil }
        return FactDefinition(
            id: id, kind: kind, title: title, values: values, probe: probe,
            location: reader.location)
    }

    func cause(_ node: Node, _ what: String) -> Cause? {
        guard let reader = entry(node, what, kind: "cause") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let category = reader.id("category")
        let prior = reader.number("prior", range: 0.000_001...1, rangeText: "above 0 and at most 1")
        let title = reader.text("title")
        let summary = reader.text("summary")
        let fixes = reader.stringList("fixes") ?? []
        let source = sources(reader, required: true)
        var evidence: [Evidence] = []
        for (index, item) in (reader.list("evidence") ?? []).enumerated() {
            let itemWhat = "evidence #\(index + 1) of \(reader.what)"
            guard let itemReader = NodeReader(item, what: itemWhat, file: file, sink: sink)
            else { continue }
            let condition = itemReader.value("if").flatMap { conditions.decode($0, what: itemWhat) }
            let ratio = itemReader.number(
                "ratio", range: 0.000_1...10_000,
                rangeText: "between 0.0001 and 10000")
            let why = itemReader.text("why", required: false)
            itemReader.finish()
            if let condition, let ratio {
                evidence.append(
                    Evidence(
                        condition: condition, ratio: ratio, why: why,
                        location: itemReader.location))
            }
        }
        guard let id, let category, let prior, let title, let summary else { return nil }
        return Cause(
            id: id, category: category, prior: prior, title: title, summary: summary,
            fixes: fixes, evidence: evidence, source: source, location: reader.location)
    }

    func fix(_ node: Node, _ what: String) -> Fix? {
        guard let reader = entry(node, what, kind: "fix") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let title = reader.text("title")
        let applies = reader.value("applies", required: false).flatMap {
            conditions.decode($0, what: reader.what)
        }
        var steps: [Fix.Step] = []
        let stepNodes = reader.list("steps") ?? []
        if stepNodes.isEmpty && reader.has("steps") {
            sink.error("\(reader.what) needs at least one step", at: reader.location)
        }
        for (index, item) in stepNodes.enumerated() {
            let stepWhat = "step \(index + 1) of \(reader.what)"
            let keys = Set(item.mapping?.compactMap { $0.key.scalar?.string } ?? [])
            if keys.contains("text") || keys.contains("when") {
                guard let stepReader = NodeReader(item, what: stepWhat, file: file, sink: sink)
                else { continue }
                let text = stepReader.text("text")
                let when = stepReader.value("when").flatMap { conditions.decode($0, what: stepWhat) }
                stepReader.finish()
                if let text, let when { steps.append(.init(text: text, when: when)) }
            } else if let text = NodeReader.text(item, what: stepWhat, file: file, sink: sink) {
                steps.append(.init(text: text))
            }
        }
        let verify = reader.text("verify")
        let verifyProbe = reader.string("verify-probe", required: false)
        let source = sources(reader, required: false)
        let minutes = reader.number("minutes", range: 0.5...10_000, rangeText: "between 0.5 and 10000")
        var risk: Fix.Risk?
        if let node = reader.value("risk"), let text = reader.scalarString(node, key: "risk") {
            risk = Fix.Risk(rawValue: text)
            if risk == nil {
                sink.error(
                    "'risk' in \(reader.what) must be one of low, medium, high, found '\(text)'",
                    at: reader.location(of: node))
            }
        }
        guard let id, let title, let verify, let minutes, let risk else { return nil }
        return Fix(
            id: id, title: title, minutes: minutes, risk: risk, applies: applies, steps: steps,
            verify: verify,
            verifyProbe: verifyProbe, source: source, location: reader.location)
    }

    func question(_ node: Node, _ what: String) -> Question? {
        guard let reader = entry(node, what, kind: "question") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let fact = reader.id("fact")
        let text = reader.text("text")
        let help = reader.text("help")
        let cost =
            reader.number(
                "cost", required: false, range: 0.1...100,
                rangeText: "between 0.1 and 100") ?? 1
        let when = reader.value("when", required: false).flatMap {
            conditions.decode($0, what: reader.what)
        }
        let probe = reader.string("probe", required: false)
        let choices = reader.stringList("choices", required: false) ?? []
        // `unknown-rate: 0.3`, or per channel: `{default: 0.3, chat: 0.5}`.
        var unknownRate = 0.0
        var unknownRates: [AnswerChannel: Double] = [:]
        if let rateNode = reader.value("unknown-rate", required: false) {
            if rateNode.mapping != nil,
                let rates = NodeReader(rateNode, what: "unknown-rate of \(reader.what)", file: file, sink: sink)
            {
                unknownRate =
                    rates.number("default", range: 0...0.95, rangeText: "between 0 and 0.95") ?? 0
                for channel in AnswerChannel.allCases where rates.has(channel.rawValue) {
                    unknownRates[channel] = rates.number(
                        channel.rawValue, range: 0...0.95, rangeText: "between 0 and 0.95")
                }
                rates.finish()
            } else {
                unknownRate =
                    reader.number(
                        rateNode, key: "unknown-rate", range: 0...0.95,
                        rangeText: "between 0 and 0.95") ?? 0
            }
        }
        let topic = reader.value("topic", required: false) != nil ? reader.id("topic") : nil
        guard let id, let fact, let text, let help else { return nil }
        return Question(
            id: id, fact: fact, text: text, help: help, cost: cost, when: when,
            probe: probe, choices: choices, unknownRate: unknownRate,
            unknownRates: unknownRates, topic: topic, location: reader.location)
    }

    func signature(_ node: Node, _ what: String) -> Signature? {
        guard let reader = entry(node, what, kind: "signature") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let title = reader.text("title")
        var pattern: Pattern?
        if let patternNode = reader.value("pattern"),
            let source = reader.scalarString(patternNode, key: "pattern")
        {
            pattern = Pattern(source)
            patterns.add(pattern!, at: reader.location(of: patternNode))
        }
        var sets: [(fact: String, value: String)] = []
        if let setsNode = reader.value("sets", required: false) {
            sets = pairs(setsNode, what: "'sets' in \(reader.what)")
        }
        var extract: [(fact: String, group: String)] = []
        if let extractNode = reader.value("extract", required: false) {
            extract = pairs(extractNode, what: "'extract' in \(reader.what)").map {
                (fact: $0.fact, group: $0.value)
            }
        }
        let specificity = specificity(reader)
        var role = Signature.Role.reads
        if let roleNode = reader.value("role", required: false),
            let text = reader.scalarString(roleNode, key: "role")
        {
            if let known = Signature.Role(rawValue: text) {
                role = known
            } else {
                sink.error(
                    "role must be reads, wrapper, names or destination, found '\(text)'",
                    at: reader.location(of: roleNode))
            }
        }
        // A wrapper may set nothing: setting its text aside is what it is for; nor does a
        // destination phrase, which only hides a provider name from the provider reading.
        if sets.isEmpty && extract.isEmpty && (role == .reads || role == .names) {
            sink.error(
                "\(reader.what) sets no facts: give it 'sets' or 'extract'",
                at: reader.location)
        }
        let source = sources(reader, required: true)
        var matching: [String] = []
        var notMatching: [String] = []
        if let examplesNode = reader.value("examples"),
            let examples = NodeReader(
                examplesNode, what: "'examples' of \(reader.what)",
                file: file, sink: sink)
        {
            matching = examples.stringList("match") ?? []
            notMatching = examples.stringList("no-match") ?? []
            examples.finish()
            if matching.isEmpty {
                sink.error(
                    "\(reader.what) needs at least one example under 'match'",
                    at: examples.location)
            }
        }
        guard let id, let title, let pattern else { return nil }
        return Signature(
            id: id, title: title, pattern: pattern, sets: sets, extract: extract,
            specificity: specificity, role: role, source: source, matchExamples: matching,
            noMatchExamples: notMatching, location: reader.location)
    }

    /// A mapping of fact ids to scalar values, in file order.
    private func pairs(_ node: Node, what: String) -> [(fact: String, value: String)] {
        guard let mapping = node.mapping else {
            sink.error(
                "\(what) must be a mapping of fact to value, found \(node.kindName)",
                at: NodeReader.location(of: node, in: file))
            return []
        }
        var result: [(fact: String, value: String)] = []
        for (key, value) in mapping {
            guard let fact = key.scalar?.string, let text = value.scalar?.string,
                !text.trimmingWhitespace.isEmpty
            else {
                sink.error(
                    "\(what) must map a fact to a single value",
                    at: NodeReader.location(of: value, in: file))
                continue
            }
            result.append((fact, text.trimmingWhitespace))
        }
        return result
    }

    func provider(_ node: Node, _ what: String) -> Provider? {
        guard let reader = entry(node, what, kind: "provider") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let name = reader.string("name")
        let hosts = reader.stringList("hosts") ?? []
        let markers = (reader.stringList("markers", required: false) ?? []).map { $0.lowercased() }
        var ports: [Provider.Port] = []
        for item in reader.list("ports") ?? [] {
            guard
                let portReader = NodeReader(
                    item, what: "a port of \(reader.what)", file: file,
                    sink: sink)
            else { continue }
            let port = portReader.number("port", range: 1...65535, rangeText: "a TCP port")
            let securityNode = portReader.value("security")
            let security = securityNode.flatMap { portReader.scalarString($0, key: "security") }
            portReader.finish()
            if let security, !["ssl", "starttls", "none"].contains(security), let securityNode {
                sink.error(
                    "security must be ssl, starttls or none, found '\(security)'",
                    at: portReader.location(of: securityNode))
                continue
            }
            if let port, let security { ports.append(.init(port: Int(port), security: security)) }
        }
        let auth = reader.text("auth")
        var appPassword: String?
        if let node = reader.value("app-password"),
            let value = reader.scalarString(node, key: "app-password")
        {
            if ["required", "optional", "none"].contains(value) {
                appPassword = value
            } else {
                sink.error(
                    "app-password must be required, optional or none, found '\(value)'",
                    at: reader.location(of: node))
            }
        }
        let oauth = reader.bool("oauth")
        let maxMB = reader.number(
            "max-message-mb", required: false, range: 0.001...100_000,
            rangeText: "above 0")
        let daily = reader.number(
            "daily-limit", required: false, range: 1...1_000_000_000,
            rangeText: "at least 1")
        let limits = reader.text("limits", required: false)
        let spf = reader.string("spf-include", required: false)
        let dkim = reader.stringList("dkim-selectors", required: false) ?? []
        let docs = reader.string("docs")
        let notes = reader.text("notes", required: false)
        let source = sources(reader, required: true)
        guard let id, let name, let auth, let appPassword, let oauth, let docs else { return nil }
        return Provider(
            id: id, name: name, hosts: hosts, markers: markers, ports: ports, auth: auth,
            appPassword: appPassword, oauth: oauth, maxMessageMB: maxMB,
            dailyLimit: daily.map { Int($0) }, limits: limits, spfInclude: spf,
            dkimSelectors: dkim, docs: docs, notes: notes, source: source,
            location: reader.location)
    }

    func symptom(_ node: Node, _ what: String) -> Symptom? {
        guard let reader = entry(node, what, kind: "symptom") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let title = reader.text("title")
        let summary = reader.text("summary")
        var phrases: [Language: [Pattern]] = [:]
        if let phrasesNode = reader.value("phrases", required: false),
            let phraseReader = NodeReader(
                phrasesNode, what: "the phrases of \(reader.what)",
                file: file, sink: sink)
        {
            for language in Language.allCases {
                for node in phraseReader.list(language.rawValue, required: false) ?? [] {
                    guard let source = phraseReader.scalarString(node, key: language.rawValue)
                    else { continue }
                    let pattern = Pattern(source)
                    patterns.add(pattern, at: phraseReader.location(of: node))
                    phrases[language, default: []].append(pattern)
                }
            }
            phraseReader.finish()
        }
        guard let id, let title, let summary else { return nil }
        return Symptom(
            id: id, title: title, summary: summary, phrases: phrases,
            location: reader.location)
    }

    func practice(_ node: Node, _ what: String) -> Practice? {
        guard let reader = entry(node, what, kind: "practice") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        var kind: Practice.Kind?
        if let kindNode = reader.value("kind"), let text = reader.scalarString(kindNode, key: "kind") {
            kind = Practice.Kind(rawValue: text)
            if kind == nil {
                let allowed = Practice.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                sink.error(
                    "unknown practice kind '\(text)' (use \(allowed))",
                    at: reader.location(of: kindNode))
            }
        }
        let title = reader.text("title")
        let text = reader.text("text")
        let causes = reader.stringList("causes", required: false) ?? []
        let source = sources(reader, required: true)
        guard let id, let kind, let title, let text else { return nil }
        return Practice(
            id: id, kind: kind, title: title, text: text, causes: causes,
            source: source, location: reader.location)
    }
}

extension RuleDecoder {
    /// Optional, 1 by default: against other readings of the text, the higher wins.
    func specificity(_ reader: NodeReader) -> Int {
        reader.number("specificity", required: false, range: 0...100, rangeText: "between 0 and 100")
            .map { Int($0) } ?? 1
    }

    func replyCode(_ node: Node, _ what: String) -> ReplyCode? {
        guard let reader = NodeReader(node, what: what, file: file, sink: sink) else { return nil }
        defer { reader.finish() }
        var code: String?
        if let codeNode = reader.value("code"), let text = reader.scalarString(codeNode, key: "code") {
            if ReplyCode.isWellFormed(text) {
                code = text
            } else {
                sink.error(
                    "reply code '\(text)' is neither a basic code (535) nor an enhanced one (5.7.8)",
                    at: reader.location(of: codeNode))
            }
        }
        let title = reader.text("title")
        var sets: [(fact: String, value: String)] = []
        if let setsNode = reader.value("sets", required: false) {
            sets = pairs(setsNode, what: "'sets' of reply code \(code ?? "?")")
        }
        let specificity = specificity(reader)
        let source = sources(reader, required: true)
        guard let code, let title else { return nil }
        return ReplyCode(
            code: code, title: title, sets: sets, specificity: specificity, source: source,
            location: reader.location)
    }

    func description(_ node: Node, _ what: String) -> Description? {
        guard let reader = entry(node, what, kind: "description") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        var label: (fact: String, value: String)?
        if let setsNode = reader.value("sets") {
            let pairs = pairs(setsNode, what: "'sets' of \(reader.what)")
            if pairs.count == 1 {
                label = pairs[0]
            } else {
                sink.error(
                    "\(reader.what) must set exactly one fact (the label its examples illustrate)",
                    at: reader.location(of: setsNode))
            }
        }
        let examples = reader.stringList("examples") ?? []
        let source = sources(reader, required: true)
        guard let id, let label, !examples.isEmpty else { return nil }
        return Description(
            id: id, fact: label.fact, value: label.value, examples: examples, source: source,
            location: reader.location)
    }
}

extension RuleDecoder {
    /// A DNS blocklist: its zone, kind, answer codes and delisting page.
    func blocklist(_ node: Node, _ what: String) -> Blocklist? {
        guard let reader = entry(node, what, kind: "blocklist") else { return nil }
        defer { reader.finish() }
        let id = reader.id()
        let name = reader.string("name")
        var zone: String?
        if let zoneNode = reader.value("zone"), let text = reader.scalarString(zoneNode, key: "zone") {
            let labels = text.split(separator: ".", omittingEmptySubsequences: false)
            if labels.count >= 2,
                labels.allSatisfy({ label in
                    !label.isEmpty && label.count <= 63
                        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
                })
            {
                zone = text.lowercased()
            } else {
                sink.error(
                    "zone '\(text)' is not a DNS name such as zen.spamhaus.org", at: reader.location(of: zoneNode))
            }
        }
        var kind: Blocklist.Kind?
        if let kindNode = reader.value("kind"), let text = reader.scalarString(kindNode, key: "kind") {
            kind = Blocklist.Kind(rawValue: text)
            if kind == nil {
                sink.error("kind must be ip or domain, found '\(text)'", at: reader.location(of: kindNode))
            }
        }
        let ipv6 = reader.bool("ipv6", required: false) ?? false
        func answers(_ key: String, required: Bool) -> [Blocklist.Answer] {
            var found: [Blocklist.Answer] = []
            for item in reader.list(key, required: required) ?? [] {
                guard let answer = NodeReader(item, what: "an answer of \(reader.what)", file: file, sink: sink) else {
                    continue
                }
                defer { answer.finish() }
                var code: String?
                if let codeNode = answer.value("code"), let text = answer.scalarString(codeNode, key: "code") {
                    let octets = text.split(separator: ".", omittingEmptySubsequences: false)
                    if octets.count == 4, octets[0] == "127",
                        octets.allSatisfy({ Int($0).map { (0...255).contains($0) } ?? false })
                    {
                        code = text
                    } else {
                        // RFC 5782 §2.1: answers are in 127.0.0.0/8.
                        sink.error(
                            "answer code '\(text)' is not an address in 127.0.0.0/8 (RFC 5782 §2.1)",
                            at: answer.location(of: codeNode))
                    }
                }
                let meaning = answer.text("meaning")
                if let code, let meaning { found.append(.init(code: code, meaning: meaning)) }
            }
            return found
        }
        let listed = answers("listed", required: true)
        let refused = answers("refused", required: false)
        let delist = reader.string("delist")
        let source = sources(reader, required: true)
        guard let id, let name, let zone, let kind, let delist, !listed.isEmpty else { return nil }
        return Blocklist(
            id: id, name: name, zone: zone, kind: kind, ipv6: ipv6, listed: listed, refused: refused, delist: delist,
            source: source, location: reader.location)
    }
}

/// The entries of all rule files, in file order, before they become a `KnowledgeBase`.
struct RuleSections {
    var facts: [FactDefinition] = []
    var causes: [Cause] = []
    var fixes: [Fix] = []
    var questions: [Question] = []
    var signatures: [Signature] = []
    var providers: [Provider] = []
    var symptoms: [Symptom] = []
    var practices: [Practice] = []
    var replyCodes: [ReplyCode] = []
    var descriptions: [Description] = []
    var blocklists: [Blocklist] = []
    /// Every `troubleshooting` section read; the load takes the only one (two is an error).
    var troubleshooting: [TroubleshootingModel] = []

    /// Appends another file's sections after these (the load merges files in sorted order).
    mutating func absorb(_ other: RuleSections) {
        facts += other.facts
        causes += other.causes
        fixes += other.fixes
        questions += other.questions
        signatures += other.signatures
        providers += other.providers
        symptoms += other.symptoms
        practices += other.practices
        replyCodes += other.replyCodes
        descriptions += other.descriptions
        blocklists += other.blocklists
        troubleshooting += other.troubleshooting
    }
}
