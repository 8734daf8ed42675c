/// The banner every generated file starts with.
enum FileHeader {
    static func swift(sources: [String], command: String, summary: String) -> String {
        var lines = ["// DO NOT EDIT."]
        lines += sources.map { "// Source: \($0)" }
        lines.append("// Regenerate with `\(command)` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).")
        lines.append("//")
        lines += summary.split(separator: "\n").map { "// " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    static func c(source: String, command: String) -> String {
        """
        /* DO NOT EDIT.
         * Source: \(source)
         * Regenerate with `\(command)` (scripts/gen-proto.sh runs protoc-c). */

        """
    }
}
