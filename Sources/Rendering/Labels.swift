import KnowledgeBase

/// Small texts every renderer writes the same way, in one place.
enum Labels {
    /// A probability as a percentage; in Arabic the sign follows the number (٪).
    static func percent(_ probability: Double, _ language: Language) -> String {
        let value = Int((probability * 100).rounded())
        return language == .ar ? "\(value)٪" : "\(value)%"
    }

    /// Minutes of the person's time, rounded to whole minutes ("about 7 min").
    static func minutes(_ minutes: Double, _ language: Language) -> String {
        let value = max(1, Int(minutes.rounded()))
        if language == .en { return value == 1 ? "1 minute" : "\(value) minutes" }
        // Arabic counts: 1 دقيقة, 2 دقيقتان, 3-10 دقائق, 11+ دقيقة.
        switch value {
        case 1: return "دقيقة واحدة"
        case 2: return "دقيقتان"
        case 3...10: return "\(value) دقائق"
        default: return "\(value) دقيقة"
        }
    }

    /// Which fix to try first and why, after a "Try first:" label: the plan's first repair with
    /// its probability and cost, and what the whole sequence and one more question would cost.
    static func planSentence(
        _ plan: DiagnosisReport.PlanLine, topCause: String?, _ language: Language
    )
        -> String?
    {
        guard let first = plan.steps.first else { return nil }
        let ar = language == .ar
        let fix = first.fixTitle ?? first.causeTitle
        var text =
            ar
            ? "\(fix)، لسبب «\(first.causeTitle)» (احتماله \(percent(first.probability, language))، ويأخذ نحو \(minutes(first.minutes, language)) مع التحقق)."
            : "\(fix), for “\(first.causeTitle)” (\(percent(first.probability, language)) likely; about \(minutes(first.minutes, language)) with the check)."
        if let topCause, topCause != first.cause {
            text +=
                ar
                ? " ليس السبب الأرجح، لكن إصلاحه أسرع بكثير، فتجربته أولاً أوفر للوقت."
                : " It is not the most likely cause, but its fix is so much quicker that trying it first saves time."
        }
        let expected = minutes(plan.expectedMinutes, language)
        if let asking = plan.askingFirstMinutes {
            text +=
                ar
                ? " تجربة الإصلاحات بهذا الترتيب تستغرق في المتوسط \(expected)، ولو سألنا سؤالاً آخر قبلها لصارت \(minutes(asking, language))."
                : " Trying the fixes in this order takes \(expected) on average; asking one more question first would take \(minutes(asking, language))."
        } else {
            text +=
                ar
                ? " تجربة الإصلاحات بهذا الترتيب تستغرق في المتوسط \(expected)، ولا يبقى سؤال يختصر ذلك."
                : " Trying the fixes in this order takes \(expected) on average; no question left would save time."
        }
        return text
    }

    static func tryFirst(_ language: Language) -> String { language == .ar ? "جرّب أولاً:" : "Try first:" }

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
