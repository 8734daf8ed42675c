/// Swift spellings of proto names, following swift-protobuf: `fl.v1` + `RegisterRequest` →
/// `Fl_V1_RegisterRequest`, `client_name` → `clientName`, enum value `DTYPE_FLOAT32` of `DType` →
/// `float32`; identifiers that are Swift keywords are escaped with backticks.
public enum SwiftNaming {
    /// Swift keywords and contextual words that cannot be used bare as declaration names.
    public static let reservedWords: Set<String> = [
        // Declarations
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var",
        // Statements
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for",
        "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        // Expressions and types
        "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        // Contextual words that break some positions
        "Type", "Protocol", "some", "any", "borrowing", "consuming", "actor", "async", "package",
    ]

    /// Names that would collide with members every generated type has, or that backticks cannot
    /// rescue (`self`, `Type`); they get a `_p` suffix as swift-protobuf does.
    static let suffixed: Set<String> = ["self", "Self", "Type", "Protocol", "init", "deinit", "subscript",
                                        "serializedBytes", "rawValue", "unrecognized", "allKnownCases",
                                        "routes", "hashValue", "description", "_cMessage"]

    /// `name` made usable as a Swift identifier in declarations and member access.
    public static func escaped(_ name: String) -> String {
        if suffixed.contains(name) { return name + "_p" }
        return reservedWords.contains(name) ? "`\(name)`" : name
    }

    /// `client_name` → `clientName`; `fooBar` stays; `HTTP_URL` → `httpUrl` (all-caps words are
    /// lowered first).
    public static func lowerCamel(_ name: String) -> String {
        let parts = name.split(separator: "_").map(String.init)
        var result = ""
        for part in parts {
            let word = part == part.uppercased() ? part.lowercased() : part
            if result.isEmpty {
                result = word.prefix(1).lowercased() + word.dropFirst()
            } else {
                result += word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        return result
    }

    /// `fl_admin` → `FlAdmin`, `v1` → `V1`.
    public static func upperCamel(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `fl.testing.v1` → `Fl_Testing_V1_`; "" for no package.
    public static func packagePrefix(_ package: String) -> String {
        guard !package.isEmpty else { return "" }
        return package.split(separator: ".").map { upperCamel(String($0)) }.joined(separator: "_") + "_"
    }

    /// The case name of an enum value: the enum's name is stripped as a prefix when the rest still
    /// makes a name (`TRAINING_STATUS_NOT_STARTED` of `TrainingStatus` → `notStarted`).
    public static func enumCase(_ value: String, of enumName: String) -> String {
        let prefix = Array(enumName.lowercased().filter { $0 != "_" })
        var matched = 0
        var index = value.startIndex
        while index < value.endIndex, matched < prefix.count {
            let c = value[index]
            if c == "_" {
                index = value.index(after: index)
                continue
            }
            guard Character(c.lowercased()) == prefix[matched] else { break }
            matched += 1
            index = value.index(after: index)
        }
        var rest = Substring(value)
        if matched == prefix.count {
            let stripped = value[index...].drop(while: { $0 == "_" })
            if let first = stripped.first, !first.isNumber { rest = stripped }
        }
        return lowerCamel(String(rest))
    }
}
