import KnowledgeBase

/// A small knowledge base built in code, so engine tests do not move when rules/ changes.
enum TestKnowledge {
    static let yesNo = [
        FactDefinition.Value(id: "yes", label: .same("yes")),
        FactDefinition.Value(id: "no", label: .same("no")),
    ]

    static func make() -> KnowledgeBase {
        let facts = [
            FactDefinition(
                id: "provider", kind: .choice, title: .same("provider"),
                values: [
                    .init(id: "gmail", label: .same("Gmail"), also: ["جيميل", "google mail"]),
                    .init(id: "microsoft-365", label: .same("Microsoft 365")),
                    .init(id: "other", label: .same("Other")),
                ]),
            FactDefinition(
                id: "error.kind", kind: .choice, title: .same("error"),
                values: [
                    .init(id: "auth-rejected", label: .same("535")),
                    .init(id: "timed-out", label: .same("timed out")),
                    .init(id: "other", label: .same("other")),
                ]),
            FactDefinition(
                id: "account.app-password", kind: .choice, title: .same("app pw"),
                values: yesNo),
            FactDefinition(
                id: "network.smtp-reachable", kind: .choice, title: .same("reach"),
                values: yesNo),
            FactDefinition(id: "smtp.port", kind: .number, title: .same("port")),
            FactDefinition(id: "error.text", kind: .text, title: .same("error text")),
        ]
        let fix = Fix(
            id: "do-it", title: .same("Do it"), steps: [.init(text: .same("Step"))],
            verify: .same("Check"))
        let causes = [
            Cause(
                id: "app-password-required", category: "auth", prior: 0.1, title: .same("app"),
                summary: .same("s"), fixes: ["do-it"],
                evidence: [
                    Evidence(condition: .equals(fact: "error.kind", value: "auth-rejected"), ratio: 10),
                    Evidence(condition: .equals(fact: "provider", value: "gmail"), ratio: 5),
                    Evidence(condition: .equals(fact: "account.app-password", value: "yes"), ratio: 0.05),
                ]),
            Cause(
                id: "credentials-wrong", category: "auth", prior: 0.1, title: .same("cred"),
                summary: .same("s"), fixes: ["do-it"],
                evidence: [
                    Evidence(condition: .equals(fact: "error.kind", value: "auth-rejected"), ratio: 10),
                    Evidence(condition: .equals(fact: "account.app-password", value: "yes"), ratio: 3),
                ]),
            Cause(
                id: "port-blocked", category: "net", prior: 0.1, title: .same("port"),
                summary: .same("s"), fixes: ["do-it"],
                evidence: [
                    Evidence(condition: .equals(fact: "error.kind", value: "timed-out"), ratio: 20),
                    Evidence(condition: .equals(fact: "network.smtp-reachable", value: "no"), ratio: 10),
                    Evidence(
                        condition: .all([
                            .equals(fact: "error.kind", value: "timed-out"),
                            .equals(fact: "smtp.port", value: "25"),
                        ]), ratio: 3),
                ]),
        ]
        let questions = [
            Question(
                id: "ask-provider", fact: "provider", text: .same("provider?"),
                help: .same("h"), cost: 1),
            Question(
                id: "ask-error", fact: "error.kind", text: .same("error?"), help: .same("h"),
                cost: 1),
            Question(
                id: "ask-app", fact: "account.app-password", text: .same("app pw?"),
                help: .same("h"), cost: 2,
                when: .equals(fact: "error.kind", value: "auth-rejected")),
            Question(
                id: "ask-reach", fact: "network.smtp-reachable", text: .same("reach?"),
                help: .same("h"), cost: 3),
        ]
        let signatures = [
            Signature(
                id: "s535", title: .same("535"), pattern: Pattern("\\b535\\b"),
                sets: [("error.kind", "auth-rejected")], specificity: 1),
            Signature(
                id: "gmail-535", title: .same("gmail 535"),
                pattern: Pattern("5\\.7\\.8 Username and Password not accepted"),
                sets: [("error.kind", "auth-rejected"), ("provider", "gmail")],
                specificity: 3),
            Signature(
                id: "timeout", title: .same("timeout"), pattern: Pattern("timed out"),
                sets: [("error.kind", "timed-out")]),
            Signature(
                id: "port", title: .same("port"), pattern: Pattern("port (?<port>\\d+)"),
                extract: [("smtp.port", "port")]),
        ]
        return KnowledgeBase(
            facts: facts, causes: causes, fixes: [fix], questions: questions,
            signatures: signatures)
    }
}
