import Foundation

extension PatternHazard {
    /// A recursive-descent reader of ICU regex syntax, as far as the hazard checks need it:
    /// groups, alternatives, quantifiers (greedy, lazy, possessive), classes and escapes.
    /// Lookaround bodies are kept aside and checked on their own.
    struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var lookarounds: [Node] = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        private func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        private func text(_ range: Range<Int>) -> String {
            String(String.UnicodeScalarView(scalars[range]))
        }

        mutating func parseAlternation() -> Node? {
            var branches: [Node] = []
            guard let first = parseSequence() else { return nil }
            branches.append(first)
            while current == "|" {
                index += 1
                guard let next = parseSequence() else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseSequence() -> Node? {
            var items: [Node] = []
            while let scalar = current, scalar != "|", scalar != ")" {
                guard let atom = parseAtom() else { return nil }
                items.append(parseQuantifiers(on: atom))
            }
            return .sequence(items)
        }

        private mutating func parseQuantifiers(on atom: Node) -> Node {
            var node = atom
            while let scalar = current {
                var bounds: (Int, Int?)
                switch scalar {
                case "*":
                    bounds = (0, nil)
                    index += 1
                case "+":
                    bounds = (1, nil)
                    index += 1
                case "?":
                    bounds = (0, 1)
                    index += 1
                case "{":
                    guard let braces = parseBraces() else { return node }
                    bounds = braces
                default:
                    return node
                }
                var backtracks = true
                if current == "?" {
                    index += 1
                } else if current == "+" {
                    index += 1
                    backtracks = false
                }
                node = .repeated(node, min: bounds.0, max: bounds.1, backtracks: backtracks)
            }
            return node
        }

        /// `{n}`, `{n,}` or `{n,m}`; nil (and nothing consumed) when the brace is a literal.
        private mutating func parseBraces() -> (Int, Int?)? {
            var cursor = index + 1
            func number() -> Int? {
                let start = cursor
                while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) { cursor += 1 }
                return cursor > start ? Int(text(start..<cursor)).map { Swift.min($0, 1_000_000) } : nil
            }
            guard let low = number() else { return nil }
            var high: Int? = low
            if cursor < scalars.count, scalars[cursor] == "," {
                cursor += 1
                high = number()
            }
            guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
            index = cursor + 1
            return (low, high)
        }

        private mutating func parseAtom() -> Node? {
            guard let scalar = current else { return nil }
            switch scalar {
            case "(": return parseGroup()
            case "[":
                let start = index
                guard skipClass() else { return nil }
                return .atom(CharacterSample(atom: text(start..<index)))
            case "\\": return parseEscape()
            case "^":
                index += 1
                return .start
            case "$":
                index += 1
                return .empty
            case ".":
                index += 1
                return .atom(CharacterSample(atom: "."))
            default:
                index += 1
                return .atom(CharacterSample(atom: NSRegularExpression.escapedPattern(for: String(scalar))))
            }
        }

        private mutating func parseGroup() -> Node? {
            index += 1  // (
            enum Kind { case plain, atomic, lookaround }
            var kind = Kind.plain
            if current == "?" {
                index += 1
                switch current {
                case ":": index += 1
                case ">":
                    index += 1
                    kind = .atomic
                case "=", "!":
                    index += 1
                    kind = .lookaround
                case "#":
                    while let scalar = current, scalar != ")" { index += 1 }
                    index += 1
                    return .empty
                case "<":
                    if peek(1) == "=" || peek(1) == "!" {
                        index += 2
                        kind = .lookaround
                    } else {
                        while let scalar = current, scalar != ">" { index += 1 }
                        index += 1  // (?<name>
                    }
                default:
                    // Flags: (?i) sets them for the rest, (?i: …) for a group.
                    while let scalar = current, scalar.properties.isAlphabetic || scalar == "-" { index += 1 }
                    if current == ")" {
                        index += 1
                        return .empty
                    }
                    guard current == ":" else { return nil }
                    index += 1
                }
            }
            guard let inner = parseAlternation(), current == ")" else { return nil }
            index += 1
            switch kind {
            case .plain: return inner
            case .atomic: return .atomic(inner)
            case .lookaround:
                lookarounds.append(inner)
                return .empty
            }
        }

        /// Moves past a bracketed class, nested classes and escapes included.
        private mutating func skipClass() -> Bool {
            var depth = 0
            var first = true
            while let scalar = current {
                index += 1
                if scalar == "\\" {
                    index += 1
                    first = false
                    continue
                }
                if scalar == "[" {
                    depth += 1
                    if current == "^" { index += 1 }
                    // A `]` right after `[` or `[^` is a literal.
                    if current == "]" { index += 1 }
                    first = false
                    continue
                }
                if scalar == "]" && !first {
                    depth -= 1
                    if depth == 0 { return true }
                }
                first = false
            }
            return false
        }

        private mutating func parseEscape() -> Node? {
            let start = index
            index += 1
            guard let scalar = current else { return nil }
            index += 1
            switch scalar {
            case "A":
                return .start
            case "b", "B", "z", "Z", "G":
                return .empty
            case "Q":
                var items: [Node] = []
                while index < scalars.count, !(scalars[index] == "\\" && peek(1) == "E") {
                    items.append(
                        .atom(
                            CharacterSample(
                                atom: NSRegularExpression.escapedPattern(for: String(scalars[index])))))
                    index += 1
                }
                index = Swift.min(index + 2, scalars.count)
                return .sequence(items)
            case "p", "P", "N":
                while let next = current, next != "}" { index += 1 }
                index += 1
            case "x":
                if current == "{" {
                    while let next = current, next != "}" { index += 1 }
                    index += 1
                } else {
                    index = Swift.min(index + 2, scalars.count)
                }
            case "u":
                index = Swift.min(index + 4, scalars.count)
            case "k":
                while let next = current, next != ">" { index += 1 }
                index += 1
                return .atom(.all)  // A back reference: any text at all.
            case "1"..."9":
                return .atom(.all)
            default:
                break
            }
            return .atom(CharacterSample(atom: text(start..<index)))
        }
    }
}
