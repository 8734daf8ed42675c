/// Splits an admin command line into words: whitespace separates, single or double quotes keep
/// spaces, a backslash escapes the next character. `#` at the start of a line is a comment
/// (scripts), and so is an empty line.
public enum CommandLineParser {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static func split(_ line: String) throws -> [String] {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("#") { return [] }
        var words: [String] = [], word = "", inWord = false
        var quote: Character? = nil, escaped = false
        for ch in trimmed {
            if escaped { word.append(ch); escaped = false; inWord = true; continue }
            if ch == "\\" && quote != "'" { escaped = true; continue }
            if let q = quote {
                if ch == q { quote = nil } else { word.append(ch) }
                continue
            }
            if ch == "'" || ch == "\"" { quote = ch; inWord = true; continue }
            if ch == " " || ch == "\t" || ch == "\r" || ch == "\n" {
                if inWord { words.append(word); word = ""; inWord = false }
                continue
            }
            word.append(ch)
            inWord = true
        }
        if let q = quote { throw ParseError(message: "unterminated \(q) quote") }
        if escaped { word.append("\\") }
        if inWord { words.append(word) }
        return words
    }
}
