/// Every message and enum of the files being generated, by fully qualified name, with the Swift
/// and C names the renderers use for it.
struct TypeRegistry {
    enum Kind {
        case message(ProtoMessage)
        case enumeration(ProtoEnum)
    }

    struct Entry {
        var kind: Kind
        /// e.g. `Fl_V1_ModelManifest` or `Fl_V1_Outer.Inner`.
        var swiftName: String
        /// e.g. `Fl__V1__ModelManifest`.
        var cTypeName: String
        /// e.g. `fl__v1__model_manifest`.
        var cFunctionPrefix: String
    }

    private(set) var entries: [String: Entry] = [:]

    init(files: [ProtoFile]) {
        for file in files {
            let prefix = SwiftNaming.packagePrefix(file.package)
            for message in file.messages { add(message, swiftName: prefix + message.name) }
            for e in file.enums { add(e, swiftName: prefix + e.name) }
        }
    }

    private mutating func add(_ message: ProtoMessage, swiftName: String) {
        entries[message.fullName] = Entry(kind: .message(message), swiftName: swiftName,
                                          cTypeName: CNaming.typeName(message.fullName),
                                          cFunctionPrefix: CNaming.functionPrefix(message.fullName))
        for nested in message.nestedMessages {
            add(nested, swiftName: swiftName + "." + SwiftNaming.escaped(nested.name))
        }
        for e in message.nestedEnums {
            add(e, swiftName: swiftName + "." + SwiftNaming.escaped(e.name))
        }
    }

    private mutating func add(_ e: ProtoEnum, swiftName: String) {
        entries[e.fullName] = Entry(kind: .enumeration(e), swiftName: swiftName,
                                    cTypeName: CNaming.typeName(e.fullName),
                                    cFunctionPrefix: CNaming.functionPrefix(e.fullName))
    }

    func entry(_ fullName: String) throws -> Entry {
        guard let entry = entries[fullName] else {
            throw CodegenError("unknown type \(fullName): pass protoc --include_imports so the descriptor set holds every imported file")
        }
        return entry
    }

    func message(_ fullName: String) throws -> ProtoMessage {
        guard case .message(let message) = try entry(fullName).kind else {
            throw CodegenError("\(fullName) is not a message")
        }
        return message
    }
}
