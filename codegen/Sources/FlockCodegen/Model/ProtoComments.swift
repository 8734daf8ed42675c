/// The comments protoc recorded for a declaration (`--include_source_info`), as written, without
/// the comment markers. Rendered as `///` doc comments.
public struct ProtoComments: Sendable, Equatable {
    /// The comment block directly above the declaration.
    public var leading: String
    /// The comment after the declaration on the same line (or directly below it).
    public var trailing: String

    public init(leading: String = "", trailing: String = "") {
        self.leading = leading
        self.trailing = trailing
    }

    public static let none = ProtoComments()

    /// The doc-comment lines: leading then trailing, trimmed of surrounding blank lines.
    public var lines: [String] {
        var result: [String] = []
        for block in [leading, trailing] {
            var blockLines = block.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                var s = String(line)
                // protoc keeps the single space after `//`; drop it so `///` text lines up.
                if s.hasPrefix(" ") { s.removeFirst() }
                while s.last == " " || s.last == "\t" { s.removeLast() }
                return s
            }
            while blockLines.first?.isEmpty == true { blockLines.removeFirst() }
            while blockLines.last?.isEmpty == true { blockLines.removeLast() }
            if blockLines.isEmpty { continue }
            if !result.isEmpty { result.append("") }
            result += blockLines
        }
        return result
    }
}
