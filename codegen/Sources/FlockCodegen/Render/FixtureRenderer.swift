/// Renders sample values of every message for FlockProtoTests, so the round-trip and interop tests
/// cover every type and every field without hand-written cases:
/// - `fixtureEmpty()`: all defaults (encodes to zero bytes);
/// - `fixtureMaximal()`: extreme numbers (`.min` / `.max` / `greatestFiniteMagnitude`), the last
///   enum value, long strings, multi-MiB `bytes`, many repeated elements and map entries, every
///   sub-message set (maximal too);
/// - `fixtureUnicode()`: non-ASCII strings and map keys, all 256 byte values, small negative
///   numbers, an enum number the code does not know, a few elements.
/// The helpers they call (`fixtureString`, `fixtureBytes`, ...) live in the test target.
struct FixtureRenderer {
    var files: [ProtoFile]
    var registry: TypeRegistry
    var command: String

    func render() throws -> String {
        var p = CodePrinter()
        p.print(FileHeader.swift(sources: files.map(\.name), command: command, summary: """
            Sample values of every message for the round-trip and interop tests of FlockProtoTests.
            """))
        p.print("import FlockProto")
        var all: [(String, String)] = []
        for file in files {
            var stack = file.messages
            while !stack.isEmpty {
                let message = stack.removeFirst()
                if message.isMapEntry { continue }
                stack.insert(contentsOf: message.nestedMessages, at: 0)
                let swiftName = try registry.entry(message.fullName).swiftName
                all.append((message.fullName, swiftName))
                try renderFixtures(message, swiftName: swiftName, into: &p)
            }
        }
        p.print("")
        p.print("/// Every message type of the generated code, by proto name.")
        p.print("let allMessageFixtures: [MessageFixture] = [")
        p.indent()
        for (fullName, swiftName) in all {
            p.print("MessageFixture(\"\(fullName)\", \(swiftName).self),")
        }
        p.outdent()
        p.print("]")
        return p.content
    }

    private func renderFixtures(_ message: ProtoMessage, swiftName: String, into p: inout CodePrinter) throws {
        let fields = try FieldModel.fields(of: message, registry: registry)
        p.print("")
        try p.block("extension \(swiftName): FixtureMessage") { p in
            p.print("static func fixtureEmpty() -> Self { Self() }")
            for variant in ["Maximal", "Unicode"] {
                p.print("")
                try p.block("static func fixture\(variant)() -> Self") { p in
                    if fields.isEmpty {
                        p.print("Self()")
                        return
                    }
                    p.print("var message = Self()")
                    for field in fields {
                        p.print("message.\(field.swiftName) = \(try value(field.shape, maximal: variant == "Maximal"))")
                    }
                    p.print("return message")
                }
            }
        }
    }

    private func value(_ shape: FieldModel.Shape, maximal: Bool) throws -> String {
        switch shape {
        case .singular(let v):
            return single(v, maximal: maximal, index: "0")
        case .repeated(let v):
            let count: Int
            switch v {
            case .number, .bool, .enumeration: count = maximal ? 1000 : 3
            case .string: count = maximal ? 200 : 3
            case .bytes: count = maximal ? 8 : 3
            case .message: count = maximal ? 16 : 2
            }
            return "(0..<\(count)).map { i in \(single(v, maximal: maximal, index: "i")) }"
        case .map(let key, let v, _, _):
            if case .bool = key {
                return "[false: \(single(v, maximal: maximal, index: "0")), true: \(single(v, maximal: maximal, index: "1"))]"
            }
            let count = maximal ? 100 : 3
            return "Dictionary(uniqueKeysWithValues: (0..<\(count)).map { i in (\(mapKey(key, maximal: maximal)), \(single(v, maximal: maximal, index: "i"))) })"
        }
    }

    private func mapKey(_ key: FieldModel.Value, maximal: Bool) -> String {
        switch key {
        case .string: return maximal ? "\"key-\\(i)\"" : "\"ключ-\\(i)-鍵\""
        case .number(let t): return maximal ? "\(t).max - \(t)(i)" : "\(t)(i)"
        default: return "i"
        }
    }

    private func single(_ v: FieldModel.Value, maximal: Bool, index: String) -> String {
        switch v {
        case .number(let t):
            switch t {
            case "Double", "Float": return maximal ? "\(t).greatestFiniteMagnitude" : "-0.5 - \(t)(\(index))"
            case "Int32", "Int64": return maximal ? "\(t).min + \(t)(\(index))" : "-1 - \(t)(\(index))"
            default: return maximal ? "\(t).max - \(t)(\(index))" : "1 + \(t)(\(index))"
            }
        case .bool:
            return index == "0" ? "true" : "\(index) % 2 == 0"
        case .string:
            return maximal ? "fixtureString(count: 4096, seed: \(index))" : "fixtureUnicodeString(\(index))"
        case .bytes:
            return maximal ? "fixtureBytes(count: \(index == "0" ? "3 << 20 | 7" : "256 << 10"), seed: \(index))" : "fixtureAllBytes"
        case .enumeration(let t, _, _, let last):
            return maximal ? "\(t).\(last)" : "\(t)(rawValue: 1000 + Int32(\(index)))"
        case .message(let t, _, _):
            return maximal ? "\(t).fixtureMaximal()" : "\(t).fixtureUnicode()"
        }
    }
}
