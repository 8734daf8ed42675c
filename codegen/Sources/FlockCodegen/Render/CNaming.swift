/// The C names protoc-c 1.4 gives generated types and functions (see its `c_helpers.cc`):
/// `fl.v1.ModelManifest.MetaEntry` → struct `Fl__V1__ModelManifest__MetaEntry`, functions
/// `fl__v1__model_manifest__meta_entry__init/pack/unpack/...`; fields are lower-cased, and C
/// keywords get a trailing `_`.
public enum CNaming {
    /// C/C++ keywords protoc-c suffixes with `_` in field names.
    static let keywords: Set<String> = [
        "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char", "class",
        "compl", "const", "const_cast", "continue", "default", "delete", "do", "double", "dynamic_cast",
        "else", "enum", "explicit", "extern", "false", "float", "for", "friend", "goto", "if", "inline",
        "int", "long", "mutable", "namespace", "new", "not", "not_eq", "operator", "or", "or_eq", "private",
        "protected", "public", "register", "reinterpret_cast", "return", "short", "signed", "sizeof",
        "static", "static_cast", "struct", "switch", "template", "this", "throw", "true", "try", "typedef",
        "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t",
        "while", "xor", "xor_eq",
    ]

    /// The struct or enum type name, e.g. `Fl__V1__RegisterRequest`.
    public static func typeName(_ fullName: String) -> String {
        fullName.split(separator: ".").map { toCamel(String($0)) }.joined(separator: "__")
    }

    /// The function prefix, e.g. `fl__v1__register_request` (then `__init`, `__pack`, ...).
    public static func functionPrefix(_ fullName: String) -> String {
        fullName.split(separator: ".").map { camelToLower(String($0)) }.joined(separator: "__")
    }

    /// A struct member name: the field name lower-cased, `_` appended to C keywords.
    public static func fieldName(_ name: String) -> String {
        let lower = name.lowercased()
        return keywords.contains(lower) ? lower + "_" : lower
    }

    /// protoc-c's `ToCamel`: drops `_` and upper-cases the letter after it and the first letter.
    static func toCamel(_ name: String) -> String {
        var result = ""
        var nextUpper = true
        for c in name {
            if c == "_" {
                nextUpper = true
            } else if nextUpper {
                result += c.uppercased()
                nextUpper = false
            } else {
                result.append(c)
            }
        }
        return result
    }

    /// protoc-c's `CamelToLower`: `_` before an upper-case letter that follows a lower-case one.
    static func camelToLower(_ name: String) -> String {
        var result = ""
        var wasUpper = true
        for c in name {
            let isUpper = c.isASCII && c.isUppercase
            if isUpper {
                if !wasUpper { result += "_" }
                result += c.lowercased()
            } else {
                result.append(c)
            }
            wasUpper = isUpper
        }
        return result
    }
}
