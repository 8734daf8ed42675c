/// Accumulates generated text line by line at the current indentation (four spaces per level).
/// Empty lines carry no trailing whitespace, so output is stable under editors and `git diff`.
public struct CodePrinter {
    public private(set) var content = ""
    private var level = 0

    public init() {}

    /// Prints each argument as one line (a line may itself contain `\n`).
    public mutating func print(_ lines: String...) {
        for text in lines {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.isEmpty {
                    content += "\n"
                } else {
                    content += String(repeating: "    ", count: level) + line + "\n"
                }
            }
        }
    }

    public mutating func indent() { level += 1 }

    public mutating func outdent() {
        precondition(level > 0, "CodePrinter.outdent() without a matching indent()")
        level -= 1
    }

    /// Prints `header {`, the body one level deeper, then `}` (plus `trailer`, e.g. `)`).
    public mutating func block(_ header: String, trailer: String = "", _ body: (inout CodePrinter) throws -> Void) rethrows {
        print(header + " {")
        indent()
        try body(&self)
        outdent()
        print("}" + trailer)
    }

    /// Prints comments as `///` doc lines (nothing when there are none).
    public mutating func doc(_ comments: ProtoComments) {
        for line in comments.lines {
            print(line.isEmpty ? "///" : "/// " + line)
        }
    }
}
