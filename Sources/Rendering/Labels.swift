import KnowledgeBase

/// Small texts every renderer writes the same way, in one place.
enum Labels {
    /// A probability as a percentage; in Arabic the sign follows the number (٪).
    static func percent(_ probability: Double, _ language: Language) -> String {
        let value = Int((probability * 100).rounded())
        return language == .ar ? "\(value)٪" : "\(value)%"
    }

    /// A live check's status with its mark, for tables: ✓ ok, ✗ problem, ! unknown.
    static func status(_ status: String, _ language: Language) -> String {
        let ar = language == .ar
        switch status {
        case "ok": return ar ? "✓ سليم" : "✓ ok"
        case "problem": return ar ? "✗ مشكلة" : "✗ problem"
        default: return ar ? "! غير محسوم" : "! unknown"
        }
    }
}
