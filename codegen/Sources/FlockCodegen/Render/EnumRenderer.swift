/// Renders a proto enum as a Swift enum with one case per value and `unrecognized(Int32)` for the
/// values proto3 lets a peer send that this code does not know. `RawRepresentable` over `Int32`;
/// `init(rawValue:)` never fails. Aliases (`allow_alias`) become static constants.
struct EnumRenderer {
    var protoEnum: ProtoEnum
    var swiftName: String

    /// The Swift case name of `value` (escaped).
    static func caseName(_ value: ProtoEnum.Value, of e: ProtoEnum) -> String {
        SwiftNaming.escaped(SwiftNaming.enumCase(value.name, of: e.name))
    }

    /// The values that get a case: the first of each number.
    private var primaryValues: [ProtoEnum.Value] {
        var seen: Set<Int32> = []
        return protoEnum.values.filter { seen.insert($0.number).inserted }
    }

    func validate() throws {
        guard protoEnum.values.first != nil else {
            throw CodegenError("\(protoEnum.fullName): an enum needs at least one value")
        }
        var names: Set<String> = []
        for value in protoEnum.values {
            let name = Self.caseName(value, of: protoEnum)
            guard names.insert(name).inserted else {
                throw CodegenError("\(protoEnum.fullName).\(value.name): its Swift case name \(name) collides with another value's")
            }
        }
    }

    /// `name` is the declaration name (unqualified for nested enums).
    func render(name: String, into p: inout CodePrinter) throws {
        try validate()
        let primary = primaryValues
        p.doc(protoEnum.comments)
        p.block("public enum \(name): Sendable, Hashable, RawRepresentable") { p in
            for value in primary {
                p.doc(value.comments)
                p.print("case \(Self.caseName(value, of: protoEnum)) // = \(value.number)")
            }
            p.print("/// A value this code does not know (proto3 enums are open); keeps the number.")
            p.print("case unrecognized(Int32)")
            p.print("")
            let aliases = protoEnum.values.filter { alias in !primary.contains(where: { $0.name == alias.name }) }
            for alias in aliases {
                let target = primary.first(where: { $0.number == alias.number })!
                p.doc(alias.comments)
                p.print("public static let \(Self.caseName(alias, of: protoEnum)) = \(name).\(Self.caseName(target, of: protoEnum))")
            }
            if !aliases.isEmpty { p.print("") }
            p.print("/// Every declared value, in declaration order.")
            p.print("public static let allKnownCases: [\(name)] = [")
            p.indent()
            for value in primary { p.print(".\(Self.caseName(value, of: protoEnum)),") }
            p.outdent()
            p.print("]")
            p.print("")
            p.print("/// The proto3 default (the first declared value).")
            p.block("public init()") { p in
                p.print("self = .\(Self.caseName(primary[0], of: protoEnum))")
            }
            p.print("")
            p.block("public init(rawValue: Int32)") { p in
                p.print("switch rawValue {")
                for value in primary {
                    p.print("case \(value.number): self = .\(Self.caseName(value, of: protoEnum))")
                }
                p.print("default: self = .unrecognized(rawValue)")
                p.print("}")
            }
            p.print("")
            p.block("public var rawValue: Int32") { p in
                p.print("switch self {")
                for value in primary {
                    p.print("case .\(Self.caseName(value, of: protoEnum)): return \(value.number)")
                }
                p.print("case .unrecognized(let value): return value")
                p.print("}")
            }
        }
    }
}
