/// Where something was written: a rule file, line and column (1-based), for error messages and
/// for the HOW explanation, which names the rule file behind each step of a conclusion.
package struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    package var description: String { "\(file):\(line):\(column)" }
}
