import KnowledgeBase

/// The knowledge base in and out of the binary form (see `BinaryWriter`).
enum KnowledgeBaseCoding {
    static func encode(_ knowledge: KnowledgeBase) -> [UInt8] {
        var w = BinaryWriter()
        w.array(knowledge.facts) { w, fact in
            w.string(fact.id)
            w.string(fact.kind.rawValue)
            w.text(fact.title)
            w.array(fact.values) { w, value in
                w.string(value.id)
                w.text(value.label)
                w.double(value.weight)
                w.strings(value.also)
                w.double(value.noneRatio)
            }
            w.optional(fact.probe) { $0.string($1) }
            w.location(fact.location)
        }
        w.array(knowledge.causes) { w, cause in
            w.string(cause.id)
            w.string(cause.category)
            w.double(cause.prior)
            w.text(cause.title)
            w.text(cause.summary)
            w.strings(cause.fixes)
            w.array(cause.evidence) { w, evidence in
                w.condition(evidence.condition)
                w.double(evidence.ratio)
                w.optional(evidence.why) { $0.text($1) }
                w.location(evidence.location)
            }
            w.strings(cause.source)
            w.location(cause.location)
        }
        w.array(knowledge.fixes) { w, fix in
            w.string(fix.id)
            w.text(fix.title)
            w.double(fix.minutes)
            w.string(fix.risk.rawValue)
            w.optional(fix.applies) { $0.condition($1) }
            w.array(fix.steps) { w, step in
                w.text(step.text)
                w.optional(step.when) { $0.condition($1) }
            }
            w.text(fix.verify)
            w.optional(fix.verifyProbe) { $0.string($1) }
            w.strings(fix.source)
            w.location(fix.location)
        }
        w.array(knowledge.questions) { w, question in
            w.string(question.id)
            w.string(question.fact)
            w.text(question.text)
            w.text(question.help)
            w.double(question.cost)
            w.optional(question.when) { $0.condition($1) }
            w.optional(question.probe) { $0.string($1) }
            w.strings(question.choices)
            w.double(question.unknownRate)
            w.array(AnswerChannel.allCases.filter { question.unknownRates[$0] != nil }) { w, channel in
                w.string(channel.rawValue)
                w.double(question.unknownRates[channel]!)
            }
            w.optional(question.topic) { $0.string($1) }
            w.location(question.location)
        }
        w.array(knowledge.signatures) { w, signature in
            w.string(signature.id)
            w.text(signature.title)
            w.pattern(signature.pattern)
            w.factValues(signature.sets)
            w.array(signature.extract) { w, pair in
                w.string(pair.fact)
                w.string(pair.group)
            }
            w.int(signature.specificity)
            w.string(signature.role.rawValue)
            w.strings(signature.source)
            w.strings(signature.matchExamples)
            w.strings(signature.noMatchExamples)
            w.location(signature.location)
        }
        w.array(knowledge.providers) { w, provider in
            w.string(provider.id)
            w.string(provider.name)
            w.strings(provider.hosts)
            w.strings(provider.markers)
            w.array(provider.ports) { w, port in
                w.int(port.port)
                w.string(port.security)
            }
            w.text(provider.auth)
            w.string(provider.appPassword)
            w.bool(provider.oauth)
            w.optional(provider.maxMessageMB) { $0.double($1) }
            w.optional(provider.dailyLimit) { $0.int($1) }
            w.optional(provider.limits) { $0.text($1) }
            w.optional(provider.spfInclude) { $0.string($1) }
            w.strings(provider.dkimSelectors)
            w.string(provider.docs)
            w.optional(provider.notes) { $0.text($1) }
            w.strings(provider.source)
            w.location(provider.location)
        }
        w.array(knowledge.symptoms) { w, symptom in
            w.string(symptom.id)
            w.text(symptom.title)
            w.text(symptom.summary)
            for language in Language.allCases { w.array(symptom.phrases[language] ?? []) { $0.pattern($1) } }
            w.location(symptom.location)
        }
        w.array(knowledge.practices) { w, practice in
            w.string(practice.id)
            w.string(practice.kind.rawValue)
            w.text(practice.title)
            w.text(practice.text)
            w.strings(practice.causes)
            w.strings(practice.source)
            w.location(practice.location)
        }
        w.array(knowledge.replyCodes) { w, code in
            w.string(code.code)
            w.text(code.title)
            w.factValues(code.sets)
            w.int(code.specificity)
            w.strings(code.source)
            w.location(code.location)
        }
        w.array(knowledge.descriptions) { w, description in
            w.string(description.id)
            w.string(description.fact)
            w.string(description.value)
            w.strings(description.examples)
            w.strings(description.source)
            w.location(description.location)
        }
        w.array(knowledge.blocklists) { w, list in
            w.string(list.id)
            w.string(list.name)
            w.string(list.zone)
            w.string(list.kind.rawValue)
            w.bool(list.ipv6)
            for answers in [list.listed, list.refused] {
                w.array(answers) { w, answer in
                    w.string(answer.code)
                    w.text(answer.meaning)
                }
            }
            w.string(list.delist)
            w.strings(list.source)
            w.location(list.location)
        }
        w.optional(knowledge.classifier) { w, classifier in
            w.string(classifier.fact)
            w.strings(classifier.labels)
            w.array(classifier.totals) { $0.int($1) }
            w.packed(classifier.entryFeatures)
            w.packed(classifier.entryLabels)
            w.packed(classifier.entryCounts)
            w.int(classifier.vocabulary)
            w.array(classifier.reliability) { $0.double($1) }
        }
        let model = knowledge.troubleshooting
        w.double(model.escalationMinutes)
        w.double(model.verifyMinutes)
        for risk in Fix.Risk.allCases { w.double(model.riskWeights[risk] ?? 1) }
        w.double(model.evidenceExponent)
        w.double(model.textEvidenceScale)
        w.double(model.questionFatigue)
        w.location(model.location)
        return w.bytes
    }

    /// The knowledge base encoded in `bytes` from `offset` on.
    static func decode(_ bytes: [UInt8], from offset: Int = 0) throws -> KnowledgeBase {
        var r = BinaryReader(bytes, from: offset)
        let facts = try r.array { r in
            FactDefinition(
                id: try r.string(),
                kind: try FactDefinition.Kind(rawValue: r.string()).orThrow(),
                title: try r.text(),
                values: try r.array { r in
                    FactDefinition.Value(
                        id: try r.string(), label: try r.text(), weight: try r.double(), also: try r.strings(),
                        noneRatio: try r.double())
                },
                probe: try r.optional { try $0.string() }, location: try r.location())
        }
        let causes = try r.array { r in
            Cause(
                id: try r.string(), category: try r.string(), prior: try r.double(), title: try r.text(),
                summary: try r.text(), fixes: try r.strings(),
                evidence: try r.array { r in
                    Evidence(
                        condition: try r.condition(), ratio: try r.double(),
                        why: try r.optional { try $0.text() }, location: try r.location())
                },
                source: try r.strings(), location: try r.location())
        }
        let fixes = try r.array { r in
            Fix(
                id: try r.string(), title: try r.text(), minutes: try r.double(),
                risk: try Fix.Risk(rawValue: r.string()).orThrow(),
                applies: try r.optional { try $0.condition() },
                steps: try r.array { r in Fix.Step(text: try r.text(), when: try r.optional { try $0.condition() }) },
                verify: try r.text(), verifyProbe: try r.optional { try $0.string() }, source: try r.strings(),
                location: try r.location())
        }
        let questions = try r.array { r in
            Question(
                id: try r.string(), fact: try r.string(), text: try r.text(), help: try r.text(),
                cost: try r.double(), when: try r.optional { try $0.condition() },
                probe: try r.optional { try $0.string() }, choices: try r.strings(),
                unknownRate: try r.double(),
                unknownRates: Dictionary(
                    try r.array { r in (try AnswerChannel(rawValue: r.string()).orThrow(), try r.double()) },
                    uniquingKeysWith: { first, _ in first }),
                topic: try r.optional { try $0.string() }, location: try r.location())
        }
        let signatures = try r.array { r in
            let id = try r.string()
            let title = try r.text()
            let pattern = try r.pattern()
            return Signature(
                id: id, title: title, pattern: pattern,
                sets: try r.factValues(),
                extract: try r.array { r in (fact: try r.string(), group: try r.string()) },
                specificity: try r.int(), role: try Signature.Role(rawValue: r.string()).orThrow(),
                source: try r.strings(), matchExamples: try r.strings(),
                noMatchExamples: try r.strings(), location: try r.location())
        }
        let providers = try r.array { r in
            Provider(
                id: try r.string(), name: try r.string(), hosts: try r.strings(), markers: try r.strings(),
                ports: try r.array { r in Provider.Port(port: try r.int(), security: try r.string()) },
                auth: try r.text(), appPassword: try r.string(), oauth: try r.bool(),
                maxMessageMB: try r.optional { try $0.double() }, dailyLimit: try r.optional { try $0.int() },
                limits: try r.optional { try $0.text() }, spfInclude: try r.optional { try $0.string() },
                dkimSelectors: try r.strings(), docs: try r.string(), notes: try r.optional { try $0.text() },
                source: try r.strings(), location: try r.location())
        }
        let symptoms = try r.array { r in
            let id = try r.string()
            let title = try r.text()
            let summary = try r.text()
            var phrases: [Language: [Pattern]] = [:]
            for language in Language.allCases {
                let patterns = try r.array { try $0.pattern() }
                if !patterns.isEmpty { phrases[language] = patterns }
            }
            return Symptom(id: id, title: title, summary: summary, phrases: phrases, location: try r.location())
        }
        let practices = try r.array { r in
            Practice(
                id: try r.string(), kind: try Practice.Kind(rawValue: r.string()).orThrow(),
                title: try r.text(), text: try r.text(), causes: try r.strings(), source: try r.strings(),
                location: try r.location())
        }
        let replyCodes = try r.array { r in
            ReplyCode(
                code: try r.string(), title: try r.text(),
                sets: try r.factValues(),
                specificity: try r.int(), source: try r.strings(), location: try r.location())
        }
        let descriptions = try r.array { r in
            Description(
                id: try r.string(), fact: try r.string(), value: try r.string(), examples: try r.strings(),
                source: try r.strings(), location: try r.location())
        }
        let blocklists = try r.array { r in
            Blocklist(
                id: try r.string(), name: try r.string(), zone: try r.string(),
                kind: try Blocklist.Kind(rawValue: r.string()).orThrow(), ipv6: try r.bool(),
                listed: try r.array { r in Blocklist.Answer(code: try r.string(), meaning: try r.text()) },
                refused: try r.array { r in Blocklist.Answer(code: try r.string(), meaning: try r.text()) },
                delist: try r.string(), source: try r.strings(), location: try r.location())
        }
        // The classifier's 400 KB of counts are copied out on first use (only the back-off
        // needs them); its layout is checked now, so a damaged cache still fails as it loads.
        let classifierStart = r.offset
        let hasClassifier = try r.optional { r in try Self.classifier(&r, copying: false) } != nil
        let classifierEnd = r.offset
        let troubleshooting = TroubleshootingModel(
            escalationMinutes: try r.double(), verifyMinutes: try r.double(),
            riskWeights: Dictionary(
                try Fix.Risk.allCases.map { ($0, try r.double()) }, uniquingKeysWith: { first, _ in first }),
            evidenceExponent: try r.double(), textEvidenceScale: try r.double(), questionFatigue: try r.double(),
            location: try r.location())
        guard r.offset == bytes.count else { throw BinaryError.corrupt }
        var knowledge = KnowledgeBase(
            facts: facts, causes: causes, fixes: fixes, questions: questions,
            signatures: signatures, providers: providers, symptoms: symptoms,
            practices: practices, replyCodes: replyCodes, descriptions: descriptions,
            troubleshooting: troubleshooting)
        knowledge.blocklists = blocklists
        if hasClassifier {
            knowledge.setClassifier {
                var reader = BinaryReader(bytes, from: classifierStart)
                let classifier = try? reader.optional { r in try Self.classifier(&r, copying: true) }
                return reader.offset == classifierEnd ? classifier : nil
            }
        }
        return knowledge
    }

    /// The classifier as stored; without `copying`, its count arrays are only checked and
    /// skipped (they come out empty).
    private static func classifier(_ r: inout BinaryReader, copying: Bool) throws -> TextClassifier {
        TextClassifier(
            fact: try r.string(), labels: try r.strings(), totals: try r.array { try $0.int() },
            entryFeatures: try r.packed(UInt32.self, copying: copying),
            entryLabels: try r.packed(UInt16.self, copying: copying),
            entryCounts: try r.packed(UInt32.self, copying: copying), vocabulary: try r.int(),
            reliability: try r.array { try $0.double() })
    }
}

extension BinaryWriter {
    /// The facts a signature or a reply code sets, in file order.
    mutating func factValues(_ pairs: [(fact: String, value: String)]) {
        array(pairs) { w, pair in
            w.string(pair.fact)
            w.string(pair.value)
        }
    }
}

extension BinaryReader {
    mutating func factValues() throws -> [(fact: String, value: String)] {
        try array { r in (fact: try r.string(), value: try r.string()) }
    }
}

extension Optional {
    func orThrow() throws -> Wrapped {
        guard let self else { throw BinaryError.corrupt }
        return self
    }
}
