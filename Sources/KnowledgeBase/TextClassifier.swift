import Foundation

/// The reader's back-off for text no signature recognises: a multinomial naive Bayes classifier
/// over character n-grams (3 to 5 characters, inside words, Arabic normalised), trained when the
/// rules are compiled on their own labelled examples (every signature's `match` examples with the
/// `error.kind` it sets, and the `descriptions`). Character n-grams carry across inflections,
/// dialect spellings and stack-specific wording ("authenticat" in authentication, authenticated,
/// AuthenticationFailedException) without a dictionary.
///
/// It is weaker evidence than a signature: the engine gives its reading half the weight, and it
/// speaks only when one label is clearly ahead.
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

    /// A prediction: the label, its posterior among the labels, and the runner-up's.
    package struct Prediction: Sendable, Equatable {
        package var label: String
        package var probability: Double
        package var runnerUp: Double
        /// How many of the text's n-grams the training saw: a guess from a handful is none.
        package var known: Int
    }

    package init(
        fact: String, labels: [String], totals: [Int], entryFeatures: [UInt32], entryLabels: [UInt16],
        entryCounts: [UInt32], vocabulary: Int
    ) {
        self.fact = fact
        self.labels = labels
        self.totals = totals
        self.entryFeatures = entryFeatures
        self.entryLabels = entryLabels
        self.entryCounts = entryCounts
        self.vocabulary = vocabulary
    }

    /// Trains on `(text, label)` pairs.
    package static func train(fact: String, examples: [(text: String, label: String)]) -> TextClassifier {
        let labels = Array(Set(examples.map(\.label))).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var counts: [UInt64: UInt32] = [:]
        var totals = [Int](repeating: 0, count: labels.count)
        var vocabulary = Set<UInt32>()
        for example in examples {
            let label = index[example.label]!
            // Each example counts each n-gram once: one long example must not outweigh many
            // short ones.
            for feature in Set(features(of: example.text)) {
                counts[UInt64(feature) << 16 | UInt64(label), default: 0] += 1
                totals[label] += 1
                vocabulary.insert(feature)
            }
        }
        let keys = counts.keys.sorted()
        return TextClassifier(
            fact: fact, labels: labels, totals: totals, entryFeatures: keys.map { UInt32($0 >> 16) },
            entryLabels: keys.map { UInt16($0 & 0xFFFF) }, entryCounts: keys.map { counts[$0]! },
            vocabulary: vocabulary.count)
    }

    /// The most likely label of `text` with its posterior, or nil when the text has no
    /// n-gram the training saw.
    package func predict(_ text: String) -> Prediction? {
        let features = Set(Self.features(of: text))
        guard !labels.isEmpty, !features.isEmpty else { return nil }
        let alpha = 0.1
        var scores = [Double](repeating: 0, count: labels.count)
        let denominators = totals.map { log(Double($0) + alpha * Double(vocabulary + 1)) }
        var known = 0
        for feature in features {
            let found = lookup(feature)
            if found.isEmpty { continue }
            known += 1
            var counts = [UInt32](repeating: 0, count: labels.count)
            for entry in found { counts[Int(entryLabels[entry])] = entryCounts[entry] }
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
