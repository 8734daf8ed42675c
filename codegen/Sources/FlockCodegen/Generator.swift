/// The renderer entry point: the neutral model of a descriptor set in, the files of Flock's
/// generated code out. Output depends only on the input (files in name order, declarations in
/// proto order, no timestamps), so regenerating unchanged protos gives identical bytes.
public struct Generator {
    public var files: [ProtoFile]
    /// Said in every file header: the command that regenerates the output.
    public var regenerateCommand: String
    /// The C module holding the protoc-c output the Swift code converts to and from.
    public var cModule: String
    /// The module providing the conversion runtime (`CMessageArena`, ...), imported `internal`ly
    /// by the message files.
    public var runtimeModule: String

    public init(files: [ProtoFile], regenerateCommand: String = "make proto", cModule: String = "CFlockProto",
                runtimeModule: String = "FlockProtoRuntime") {
        self.files = files.sorted { $0.name < $1.name }
        self.regenerateCommand = regenerateCommand
        self.cModule = cModule
        self.runtimeModule = runtimeModule
    }

    /// `fl/v1/common.proto` → `fl_v1_common` (the base of its output file names; one folder, so no
    /// two Swift files share a name).
    public static func baseName(_ protoName: String) -> String {
        var name = protoName
        if name.hasSuffix(".proto") { name.removeLast(".proto".count) }
        return name.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// The Swift sources of the `FlockProto` module: `<base>.pb.swift` (messages and enums) for each
    /// file that declares any, `<base>.rpc.swift` (services) for each file that declares a service.
    public func swiftSources() throws -> [GeneratedFile] {
        let registry = TypeRegistry(files: files)
        try checkNoRecursion(registry)
        var output: [GeneratedFile] = []
        for file in files {
            if file.syntax != "proto3" {
                throw CodegenError("\(file.name): only proto3 files are supported (this one is \(file.syntax))")
            }
            if !file.messages.isEmpty || !file.enums.isEmpty {
                output.append(GeneratedFile(path: Self.baseName(file.name) + ".pb.swift",
                                            contents: try renderMessages(file, registry)))
            }
            if !file.services.isEmpty {
                output.append(GeneratedFile(path: Self.baseName(file.name) + ".rpc.swift",
                                            contents: try renderServices(file, registry)))
            }
        }
        return output
    }

    private func renderMessages(_ file: ProtoFile, _ registry: TypeRegistry) throws -> String {
        var p = CodePrinter()
        p.print(FileHeader.swift(sources: [file.name], command: regenerateCommand, summary: """
            Swift value types for the messages and enums of \(file.name). protobuf-c (the C code in
            \(cModule)) does the wire encoding; these types convert to and from its structs.
            """))
        p.print("import FlockRPC")
        p.print("internal import \(runtimeModule)")
        p.print("internal import \(cModule)")
        p.print("internal import CProtobufC")
        let prefix = SwiftNaming.packagePrefix(file.package)
        for e in file.enums {
            p.print("")
            try EnumRenderer(protoEnum: e, swiftName: prefix + e.name).render(name: prefix + e.name, into: &p)
        }
        for message in file.messages {
            p.print("")
            try MessageRenderer(message: message, registry: registry).renderDeclaration(name: prefix + message.name, into: &p)
        }
        for message in file.messages {
            p.print("")
            try MessageRenderer(message: message, registry: registry).renderConversion(into: &p)
        }
        return p.content
    }

    private func renderServices(_ file: ProtoFile, _ registry: TypeRegistry) throws -> String {
        var p = CodePrinter()
        p.print(FileHeader.swift(sources: [file.name], command: regenerateCommand, summary: """
            Method descriptors, server protocols and typed clients for the services of \(file.name).
            """))
        p.print("import FlockRPC")
        for service in file.services {
            p.print("")
            try ServiceRenderer(service: service, package: file.package, registry: registry).render(into: &p)
        }
        return p.content
    }

    /// Test fixtures for `Tests/FlockProtoTests`: for every message, an empty, a maximal and a
    /// unicode sample, and the list of all messages (so round-trip tests cover every type).
    public func testFixtures() throws -> [GeneratedFile] {
        let registry = TypeRegistry(files: files)
        return [GeneratedFile(path: "MessageFixtures.swift",
                              contents: try FixtureRenderer(files: files, registry: registry, command: regenerateCommand).render())]
    }

    /// A value type cannot contain itself: refuse messages that reach themselves through singular
    /// message fields (repeated and map fields are fine).
    private func checkNoRecursion(_ registry: TypeRegistry) throws {
        var done: Set<String> = []
        func visit(_ name: String, _ path: [String]) throws {
            if let start = path.firstIndex(of: name) {
                throw CodegenError("\(name) contains itself through singular message fields (\((path[start...] + [name]).joined(separator: " → "))); Flock's value types cannot represent that — make the field repeated")
            }
            guard !done.contains(name) else { return }
            let message = try registry.message(name)
            for field in message.fields where field.type == .message && field.label != .repeated {
                if let typeName = field.typeName { try visit(typeName, path + [name]) }
            }
            done.insert(name)
        }
        for name in registry.entries.keys.sorted() {
            if case .message = registry.entries[name]!.kind { try visit(name, []) }
        }
    }
}
