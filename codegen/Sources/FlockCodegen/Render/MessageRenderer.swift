/// Renders a message: a `public struct` value type (nested messages and enums inside it), and an
/// extension conforming it to `RPCMessage` by converting to and from the protobuf-c struct.
///
/// Encoding builds the C struct in a `CMessageArena` (strings copied, sub-messages and arrays
/// allocated there, large `bytes` fields pointing straight into the Swift arrays), then
/// `__get_packed_size` + `__pack` write the wire bytes into the result array; `serializedPieces`
/// uses `__pack_to_buffer` instead, so that those large `bytes` fields are handed to the transport
/// as their own arrays, uncopied. Decoding calls `__unpack` with a `CUnpackArena`'s allocator (large
/// `bytes` values are unpacked straight into the Swift arrays the decoded value keeps), copies the
/// rest into Swift values, and `__free_unpacked`s.
struct MessageRenderer {
    var message: ProtoMessage
    var registry: TypeRegistry

    private var entry: TypeRegistry.Entry { get throws { try registry.entry(message.fullName) } }

    /// Declared inside another message (protoc-c gives it no pack/unpack functions of its own).
    private var isNested: Bool {
        guard case .message = registry.entries[message.fullName]?.kind else { return false }
        let parent = String(message.fullName.dropLast(message.name.count + 1))
        if case .message = registry.entries[parent]?.kind { return true }
        return false
    }

    /// The struct declaration; `name` is the declaration name (unqualified when nested).
    func renderDeclaration(name: String, into p: inout CodePrinter) throws {
        let fields = try FieldModel.fields(of: message, registry: registry)
        p.doc(message.comments)
        try p.block("public struct \(name): Sendable, Equatable") { p in
            for field in fields {
                p.doc(field.field.comments)
                p.print("public var \(field.swiftName): \(field.swiftType) = \(field.defaultValue)")
            }
            if !fields.isEmpty { p.print("") }
            if fields.isEmpty {
                p.print("public init() {}")
            } else {
                p.print("public init(")
                p.indent()
                for (i, field) in fields.enumerated() {
                    p.print("\(field.swiftName): \(field.swiftType) = \(field.defaultValue)\(i == fields.count - 1 ? "" : ",")")
                }
                p.outdent()
                p.block(")") { p in
                    for field in fields {
                        p.print("self.\(field.swiftName) = \(field.swiftName)")
                    }
                }
            }
            for nested in message.nestedMessages where !nested.isMapEntry {
                p.print("")
                try MessageRenderer(message: nested, registry: registry)
                    .renderDeclaration(name: SwiftNaming.escaped(nested.name), into: &p)
            }
            for nested in message.nestedEnums {
                p.print("")
                let swiftName = try registry.entry(nested.fullName).swiftName
                try EnumRenderer(protoEnum: nested, swiftName: swiftName)
                    .render(name: SwiftNaming.escaped(nested.name), into: &p)
            }
        }
    }

    /// The `RPCMessage` conformance and C conversion, for this message and its nested ones.
    func renderConversion(into p: inout CodePrinter) throws {
        let entry = try self.entry
        let fields = try FieldModel.fields(of: message, registry: registry)
        let c = entry.cTypeName
        let fn = entry.cFunctionPrefix
        p.block("extension \(entry.swiftName): RPCMessage") { p in
            p.print("/// Decodes the protobuf wire format with protobuf-c;")
            p.print("/// throws `RPCError(.invalidArgument, \"cannot decode \(message.fullName)\")` on malformed input.")
            p.block("public init(serializedBytes bytes: [UInt8]) throws") { p in
                p.print("let arena = CUnpackArena()")
                if isNested {
                    p.print("// protoc-c makes pack/unpack functions for top-level messages only: use the generic ones.")
                    p.print("let message = unpackMessage(messageDescriptor(\(c).self, \(fn)__init), bytes, as: \(c).self, arena: arena)")
                } else {
                    p.block("let message = bytes.withUnsafeBufferPointer") { p in
                        p.print("\(fn)__unpack(arena.allocator, $0.count, $0.baseAddress)")
                    }
                }
                p.block("guard let message else") { p in
                    p.print("throw RPCError(.invalidArgument, \"cannot decode \(message.fullName)\")")
                }
                p.print(isNested ? "defer { freeUnpackedMessage(message, arena: arena) }" : "defer { \(fn)__free_unpacked(message, arena.allocator) }")
                p.print("try self.init(_cMessage: message, arena: arena)")
            }
            p.print("")
            p.print("/// Encodes to the protobuf wire format with protobuf-c.")
            p.block("public func serializedBytes() -> [UInt8]") { p in
                p.print("let arena = CMessageArena()")
                p.print("let message = _cMessage(in: arena)")
                if isNested {
                    p.block("return arena.withPinnedBytes") { p in
                        p.print("packMessage(message)")
                    }
                } else {
                    p.block("return arena.withPinnedBytes") { p in
                        p.block("packedBytes(size: \(fn)__get_packed_size(message))") { p in
                            p.print("\(fn)__pack(message, $0)")
                        }
                    }
                }
            }
            p.print("")
            p.print("/// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values")
            p.print("/// are their own pieces, the arrays themselves.")
            p.block("public func serializedPieces() -> [[UInt8]]") { p in
                p.print("let arena = CMessageArena()")
                p.print("let message = _cMessage(in: arena)")
                if isNested {
                    p.print("return packMessagePieces(message, in: arena)")
                } else {
                    p.print("return arena.packedPieces(")
                    p.indent()
                    p.print("size: { \(fn)__get_packed_size(message) },")
                    p.print("pack: { \(fn)__pack(message, $0) },")
                    p.print("packToBuffer: { \(fn)__pack_to_buffer(message, $0) })")
                    p.outdent()
                }
            }
            p.print("")
            p.print("/// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays")
            p.print("/// `arena` unpacked them into).")
            p.block("init(_cMessage message: UnsafePointer<\(c)>, arena: CUnpackArena) throws") { p in
                p.print("self.init()")
                for field in fields {
                    renderDecode(field, into: &p)
                }
            }
            p.print("")
            p.print("/// Builds the protobuf-c struct in `arena`; valid until the arena is released.")
            p.block("func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<\(c)>") { p in
                p.print("let message = arena.allocate(\(c).self)")
                p.print("\(fn)__init(message)")
                for field in fields {
                    renderEncode(field, into: &p)
                }
                p.print("return message")
            }
        }
        for nested in message.nestedMessages where !nested.isMapEntry {
            p.print("")
            try MessageRenderer(message: nested, registry: registry).renderConversion(into: &p)
        }
    }

    // MARK: Decoding (C → Swift)

    private func decodeExpression(_ value: FieldModel.Value, _ c: String) -> String {
        switch value {
        case .number: return c
        case .bool: return "\(c) != 0"
        case .string: return "try decodeString(\(c), in: \"\(message.fullName)\")"
        case .bytes: return "arena.bytes(\(c))"
        case .enumeration(let swiftType, _, _, _): return "\(swiftType)(rawValue: Int32(truncatingIfNeeded: \(c).rawValue))"
        case .message(let swiftType, _, _): return "try \(swiftType)(_cMessage: \(c), arena: arena)"
        }
    }

    private func renderDecode(_ field: FieldModel, into p: inout CodePrinter) {
        let target = "self.\(field.swiftName)"
        let member = "message.pointee.\(field.cName)"
        switch field.shape {
        case .singular(.message(let swiftType, _, _)):
            p.block("if let value = \(member)") { p in
                p.print("\(target) = try \(swiftType)(_cMessage: value, arena: arena)")
            }
        case .singular(let value):
            p.print("\(target) = \(decodeExpression(value, member))")
        case .repeated(.number):
            p.print("\(target) = decodeArray(message.pointee.n_\(field.cName), \(member))")
        case .repeated(.message(let swiftType, _, _)):
            p.block("\(target) = try decodeMessages(message.pointee.n_\(field.cName), \(member), in: \"\(message.fullName)\")") { p in
                p.print("try \(swiftType)(_cMessage: $0, arena: arena)")
            }
        case .repeated(let value):
            let element = decodeExpression(value, "$0")
            let tryPrefix = element.hasPrefix("try ") ? "try " : ""
            p.block("\(target) = \(tryPrefix)decodeArray(message.pointee.n_\(field.cName), \(member)).map") { p in
                p.print(element)
            }
        case .map(let key, let value, _, _):
            p.print("\(target) = try decodeMap(message.pointee.n_\(field.cName), \(member), in: \"\(message.fullName)\") { entry in")
            do {
                p.indent()
                defer { p.outdent(); p.print("}") }
                let valueExpression: String
                if case .message(let swiftType, _, _) = value {
                    valueExpression = "try entry.pointee.value.map { try \(swiftType)(_cMessage: $0, arena: arena) } ?? \(swiftType)()"
                } else {
                    valueExpression = decodeExpression(value, "entry.pointee.value")
                }
                p.print("(\(decodeExpression(key, "entry.pointee.key")), \(valueExpression))")
            }
        }
    }

    // MARK: Encoding (Swift → C)

    private func encodeExpression(_ value: FieldModel.Value, _ swift: String) -> String {
        switch value {
        case .number: return swift
        case .bool: return "\(swift) ? 1 : 0"
        case .string: return "arena.cString(\(swift))"
        case .bytes: preconditionFailure("bytes are encoded by statements (arena.setBytes)")
        case .enumeration(_, let cType, _, _): return "\(cType)(rawValue: .init(truncatingIfNeeded: \(swift).rawValue))"
        case .message: return "\(swift)._cMessage(in: arena)"
        }
    }

    private func renderEncode(_ field: FieldModel, into p: inout CodePrinter) {
        let source = "self.\(field.swiftName)"
        let member = "message.pointee.\(field.cName)"
        let counted = "(message.pointee.n_\(field.cName), \(member))"
        switch field.shape {
        case .singular(.bytes):
            p.print("arena.setBytes(\(source), in: message, at: \\.\(field.cName))")
        case .singular(.message):
            p.block("if let value = \(source)") { p in
                p.print("\(member) = value._cMessage(in: arena)")
            }
        case .singular(let value):
            p.print("\(member) = \(encodeExpression(value, source))")
        case .repeated(.number):
            p.print("\(counted) = arena.array(\(source))")
        case .repeated(.bytes):
            p.print("\(counted) = arena.bytesArray(\(source))")
        case .repeated(.string):
            p.print("\(counted) = arena.cStrings(\(source))")
        case .repeated(.message):
            p.print("\(counted) = arena.pointers(\(source)) { $0._cMessage(in: arena) }")
        case .repeated(let value):
            p.print("\(counted) = arena.array(\(source).map { \(encodeExpression(value, "$0")) })")
        case .map(let key, let value, let entryCType, let entryFunctionPrefix):
            let order = if case .bool = key { "{ !$0.key && $1.key }" } else { "{ $0.key < $1.key }" }
            p.print("// Entries in key order, so equal maps encode to equal bytes.")
            p.print("\(counted) = arena.pointers(\(source).sorted(by: \(order))) { key, value in")
            do {
                p.indent()
                defer { p.outdent(); p.print("}") }
                p.print("let entry = arena.allocate(\(entryCType).self)")
                p.print("\(entryFunctionPrefix)__init(entry)")
                p.print("entry.pointee.key = \(encodeExpression(key, "key"))")
                if case .bytes = value {
                    p.print("arena.setBytes(value, in: entry, at: \\.value)")
                } else {
                    p.print("entry.pointee.value = \(encodeExpression(value, "value"))")
                }
                p.print("return entry")
            }
        }
    }
}
