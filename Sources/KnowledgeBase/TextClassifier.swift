import Foundation

/// The reader's back-off for text no signature recognises: a multinomial naive Bayes classifier
/// over character n-grams (3 to 5 characters, inside words, Arabic normalised), trained when the
/// rules are compiled on their own labelled examples (every signature's `match` examples with the
/// `error.kind` it sets, and the `descriptions`). Character n-grams carry across inflections,
/// dialect spellings and stack-specific wording ("authenticat" in authentication, authenticated,
/// AuthenticationFailedException) without a dictionary.
///
/// It is weaker evidence than a signature: the engine gives its reading half the weight, and it
/// speaks only when its guess is likely to be right. How likely is measured, not assumed: when
/// it is trained, every group of examples (one signature's, one description's) is held out in
/// turn and predicted from the others, which is what the back-off meets in use (a wording no
/// signature was written for). The share of those held-out guesses that were right, by how far
/// the guess was ahead of the runner-up, is `reliability`: a fixed cut on the posterior would
/// move whenever examples are added, this moves with them.
package struct TextClassifier: Sendable, Equatable {
    /// The fact it predicts, and the values it knows.
    package var fact: String
    package var labels: [String]
    /// How many training n-grams each label saw.
    package var totals: [Int]
    /// The counts, as three parallel arrays sorted by feature hash then label: how many
    /// training examples of `entryLabels[i]` had the n-gram `entryFeatures[i]`. Flat arrays of
    /// numbers, so that the rules cache stores and reads them as one block of bytes.
    package var entryFeatures: [UInt32]
    package var entryLabels: [UInt16]
    package var entryCounts: [UInt32]
    /// Distinct features seen in training (the smoothing's vocabulary size).
    package var vocabulary: Int
    /// The held-out reliability: `reliability[i]` is the share of held-out guesses that were
    /// right among those whose margin over the runner-up fell in the i-th of
    /// `reliability.count` equal bins of [0, 1], made non-decreasing (a larger margin is never
    /// less reliable). Empty when the training had no groups, or a single one.
    package var reliability: [Double]

    /// A prediction: the label, its posterior among the labels, and the runner-up's.
    package struct Prediction: Sendable, Equatable {
        package var label: String
        package var probability: Double
        package var runnerUp: Double
        /// How many of the text's n-grams the training saw: a guess from a handful is none.
        package var known: Int
        /// How often a held-out guess this far ahead was right (`TextClassifier.reliability`);
        /// nil when the classifier has no reliability table.
        package var reliability: Double?
        /// How far the label is ahead of the runner-up.
        package var margin: Double { probability - runnerUp }
    }

    package init(
        fact: String, labels: [String], totals: [Int], entryFeatures: [UInt32], entryLabels: [UInt16],
        entryCounts: [UInt32], vocabulary: Int, reliability: [Double] = []
    ) {
        self.fact = fact
        self.labels = labels
        self.totals = totals
        self.entryFeatures = entryFeatures
        self.entryLabels = entryLabels
        self.entryCounts = entryCounts
        self.vocabulary = vocabulary
        self.reliability = reliability
    }

    /// How many margin bins the reliability table has.
    package static let reliabilityBins = 10

    /// Trains on `(text, label)` pairs; `group` names where an example comes from (a
    /// signature, a description), and whole groups are held out to measure `reliability`;
    /// without groups there is no reliability table.
    package static func train(
        fact: String, examples: [(text: String, label: String)], groups: [String]? = nil
    ) -> TextClassifier {
        let labels = Array(Set(examples.map(\.label))).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var counts: [UInt64: UInt32] = [:]
        var totals = [Int](repeating: 0, count: labels.count)
        var vocabulary = Set<UInt32>()
        // Each example counts each n-gram once: one long example must not outweigh many
        // short ones.
        let featureSets = examples.map { Array(Set(features(of: $0.text))) }
        for (example, features) in zip(examples, featureSets) {
            let label = index[example.label]!
            for feature in features {
                counts[UInt64(feature) << 16 | UInt64(label), default: 0] += 1
                totals[label] += 1
                vocabulary.insert(feature)
            }
        }
        let keys = counts.keys.sorted()
        var classifier = TextClassifier(
            fact: fact, labels: labels, totals: totals, entryFeatures: keys.map { UInt32($0 >> 16) },
            entryLabels: keys.map { UInt16($0 & 0xFFFF) }, entryCounts: keys.map { counts[$0]! },
            vocabulary: vocabulary.count)
        if let groups {
            classifier.reliability = classifier.heldOutReliability(
                labels: examples.map { index[$0.label]! }, featureSets: featureSets, groups: groups)
        }
        return classifier
    }

    /// Holds out each group in turn, predicts its examples from the rest, and bins the
    /// guesses by margin: the share right in each bin, made non-decreasing by pooling
    /// adjacent bins that disagree (isotonic regression), each bin weighted by its guesses.
    private func heldOutReliability(
        labels exampleLabels: [Int], featureSets: [[UInt32]], groups: [String]
    )
        -> [Double]
    {
        let members = Dictionary(grouping: exampleLabels.indices, by: { groups[$0] })
        guard members.count > 1 else { return [] }
        // A label that only one group teaches cannot be guessed once that group is out: its
        // examples would measure the rules' coverage, not the classifier, so they are left out.
        var groupsOfLabel = [Set<String>](repeating: [], count: labels.count)
        for (example, label) in exampleLabels.enumerated() { groupsOfLabel[label].insert(groups[example]) }
        var right = [Double](repeating: 0, count: Self.reliabilityBins)
        var seen = [Double](repeating: 0, count: Self.reliabilityBins)
        for (_, indices) in members {
            // What the group added to the counts, taken away again.
            var removed: [UInt64: UInt32] = [:]
            var removedTotals = [Int](repeating: 0, count: labels.count)
            for example in indices {
                for feature in featureSets[example] {
                    removed[UInt64(feature) << 16 | UInt64(exampleLabels[example]), default: 0] += 1
                    removedTotals[exampleLabels[example]] += 1
                }
            }
            for example in indices where groupsOfLabel[exampleLabels[example]].count > 1 {
                guard
                    let guess = score(
                        Set(featureSets[example]), removing: removed, removedTotals: removedTotals)
                else { continue }
                let bin = min(Self.reliabilityBins - 1, Int(guess.margin * Double(Self.reliabilityBins)))
                seen[bin] += 1
                if guess.label == labels[exampleLabels[example]] { right[bin] += 1 }
            }
        }
        // Pool adjacent violators: blocks of (right, seen), merged while a block is less
        // reliable than the one before it; an empty bin joins its neighbour.
        var blocks: [(right: Double, seen: Double, bins: Int)] = []
        for bin in 0..<Self.reliabilityBins {
            blocks.append((right[bin], seen[bin], 1))
            while blocks.count > 1 {
                let last = blocks[blocks.count - 1]
                let previous = blocks[blocks.count - 2]
                guard
                    last.seen == 0 || previous.seen == 0 || last.right / last.seen < previous.right / previous.seen
                else { break }
                blocks.removeLast(2)
                blocks.append((previous.right + last.right, previous.seen + last.seen, previous.bins + last.bins))
            }
        }
        return blocks.flatMap { block in
            [Double](repeating: block.seen > 0 ? block.right / block.seen : 0, count: block.bins)
        }
    }

    /// The most likely label of `text` with its posterior, or nil when the text has no
    /// n-gram the training saw.
    package func predict(_ text: String) -> Prediction? {
        guard var prediction = score(Set(Self.features(of: text)), removing: [:], removedTotals: nil) else {
            return nil
        }
        if !reliability.isEmpty {
            let bin = min(reliability.count - 1, Int(prediction.margin * Double(reliability.count)))
            prediction.reliability = reliability[bin]
        }
        return prediction
    }

    /// The posterior over the labels of a set of features, with the counts in `removing`
    /// (feature << 16 | label) and `removedTotals` taken out of the training's.
    private func score(
        _ features: Set<UInt32>, removing: [UInt64: UInt32], removedTotals: [Int]?
    )
        -> Prediction?
    {
        guard !labels.isEmpty, !features.isEmpty else { return nil }
        let alpha = 0.1
        var scores = [Double](repeating: 0, count: labels.count)
        let denominators = labels.indices.map { label in
            log(Double(totals[label] - (removedTotals?[label] ?? 0)) + alpha * Double(vocabulary + 1))
        }
        var known = 0
        var counts = [UInt32](repeating: 0, count: labels.count)
        for feature in features {
            let found = lookup(feature)
            if found.isEmpty { continue }
            for label in labels.indices { counts[label] = 0 }
            var any = false
            for entry in found {
                let label = Int(entryLabels[entry])
                var count = entryCounts[entry]
                if !removing.isEmpty { count -= removing[UInt64(feature) << 16 | UInt64(label)] ?? 0 }
                counts[label] = count
                any = any || count > 0
            }
            // A feature only the held-out examples had is one the training never saw.
            guard any else { continue }
            known += 1
            for label in labels.indices {
                scores[label] += log(Double(counts[label]) + alpha) - denominators[label]
            }
        }
        guard known > 0 else { return nil }
        // The per-feature average keeps long texts from making the posterior absurdly sure;
        // the scale is how sharply a difference in average likelihood separates labels.
        let scaled = scores.map { $0 / Double(known) * 8 }
        let top = scaled.max()!
        let weights = scaled.map { exp($0 - top) }
        let sum = weights.reduce(0, +)
        let order = weights.indices.sorted { weights[$0] > weights[$1] }
        return Prediction(
            label: labels[order[0]], probability: weights[order[0]] / sum,
            runnerUp: order.count > 1 ? weights[order[1]] / sum : 0, known: known)
    }

    /// The positions of `feature`'s entries (binary search).
    private func lookup(_ feature: UInt32) -> Range<Int> {
        var low = 0
        var high = entryFeatures.count
        while low < high {
            let middle = (low + high) / 2
            if entryFeatures[middle] < feature { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < entryFeatures.count && entryFeatures[end] == feature { end += 1 }
        return low..<end
    }

    /// The hashed n-grams of a text: words of letters (digits as `0`), each padded with a space
    /// on both sides, cut into 3-, 4- and 5-character pieces.
    package static func features(of text: String) -> [UInt32] {
        let normalized = ArabicText.normalize(text.lowercased()).text
        var features: [UInt32] = []
        var word: [Unicode.Scalar] = []
        func flush() {
            guard word.count >= 2 else {
                word.removeAll()
                return
            }
            let padded: [Unicode.Scalar] = [" "] + word + [" "]
            for n in 3...5 where padded.count >= n {
                for start in 0...(padded.count - n) { features.append(hash(padded[start..<(start + n)])) }
            }
            word.removeAll()
        }
        for scalar in normalized.unicodeScalars {
            if scalar.properties.isAlphabetic {
                word.append(scalar)
            } else if ("0"..."9").contains(scalar) {
                word.append("0")
            } else {
                flush()
            }
        }
        flush()
        return features
    }

    /// FNV-1a over the scalars' values: stable across runs and machines (the cache stores it).
    static func hash(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt32 {
        var value: UInt32 = 2_166_136_261
        for scalar in scalars {
            var remaining = scalar.value
            repeat {
                value = (value ^ (remaining & 0xFF)) &* 16_777_619
                remaining >>= 8
            } while remaining > 0
        }
        return value
    }
}
