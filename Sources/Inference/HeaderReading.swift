import Foundation
import KnowledgeBase
import MessageHeaders

extension ErrorTextReader {
    /// Header facts outrank what a signature reads from the rest of the text: they are the
    /// receiver's own verdicts, written in a grammar, not guessed from wording.
    static let headerSpecificity = 10

    /// The header-block layer of the reader: the analysis, the facts it sets (in a stable
    /// order), the reading that names them, and the fields' ranges to hide from the other
    /// layers. The provider is read from the sender's side of the trace only (its hops,
    /// signing domains and envelope), never from the receiver's.
    func readHeaders(
        _ text: String
    ) -> (
        analysis: HeaderAnalysis, facts: [(fact: String, value: String)], match: Match, ranges: [NSRange]
    )? {
        guard let block = HeaderBlock.find(in: text) else { return nil }
        let analysis = HeaderAnalysis(block, text: text, suffixes: knowledge.publicSuffixes)
        var facts = analysis.facts.filter { knowledge.fact($0.key) != nil }.sorted { $0.key < $1.key }
            .map { (fact: $0.key, value: $0.value) }
        if !analysis.senderSideText.isEmpty, let found = provider(in: BridgedText(analysis.senderSideText)) {
            facts.append((fact: "provider", value: found.id))
        }
        let receiver = analysis.receiver ?? "?"
        let verdicts = [
            analysis.spf.map { "SPF \($0.result)" }, analysis.alignedDKIMResult.map { "DKIM \($0)" },
            analysis.dmarc.map { "DMARC \($0)" },
        ].compactMap { $0 }.joined(separator: ", ")
        let summary = verdicts.isEmpty ? "" : ": \(verdicts)"
        let field = analysis.verdictField ?? "Received"
        let title = LocalizedText(
            en: "a received message's headers (\(field) of \(receiver))\(summary)",
            ar: "ترويسات رسالة مستلمة (\(field) لدى \(receiver))\(summary)")
        let offset = block.fields.first?.range.location ?? 0
        let match = Match(signature: "headers:\(field.lowercased())", offset: offset, kind: .headers, title: title)
        return (analysis, facts, match, block.fields.map(\.range))
    }
}
