import FlockCodegen
import Testing

@Suite("Descriptor set parser")
struct DescriptorSetParserTests {
    static func sample() throws -> ProtoFile {
        let root = Tools.testsFolder.appendingPathComponent("Protos")
        let files = try DescriptorSetParser.parse(try Tools.descriptorSet(root: root, protos: ["codegen/test/v1/sample.proto"]))
        return try #require(files.first { $0.name == "codegen/test/v1/sample.proto" })
    }

    @Test("reads files, packages, enums and their values with comments")
    func enums() throws {
        let file = try Self.sample()
        #expect(file.package == "codegen.test.v1")
        #expect(file.syntax == "proto3")
        let kind = try #require(file.enums.first)
        #expect(kind.fullName == "codegen.test.v1.Kind")
        #expect(kind.values.map(\.name) == ["KIND_UNSPECIFIED", "KIND_LARGE", "KIND_SMALL"])
        #expect(kind.values.map(\.number) == [0, 1, 2])
        #expect(kind.comments.lines == ["The kinds of things."])
        #expect(kind.values[1].comments.lines == ["A big one."])
        #expect(kind.values[2].comments.lines == ["trailing words"])
    }

    @Test("reads messages with nested types, labels, types, maps and multi-paragraph comments")
    func messages() throws {
        let outer = try #require(try Self.sample().messages.first)
        #expect(outer.fullName == "codegen.test.v1.Outer")
        #expect(outer.comments.lines == ["An outer message.", "", "With a second paragraph."])
        #expect(outer.fields.map(\.name) == ["display_name", "kind", "sizes", "inners", "first", "blob", "default"])
        #expect(outer.fields[0].comments.lines == ["The name."])
        #expect(outer.fields[1].type == .enum && outer.fields[1].typeName == "codegen.test.v1.Kind")
        #expect(outer.fields[2].label == .repeated && outer.fields[2].type == .int64)
        #expect(outer.fields[3].typeName == "codegen.test.v1.Outer.InnersEntry")
        #expect(outer.fields[4].label == .optional && outer.fields[4].typeName == "codegen.test.v1.Outer.Inner")
        #expect(outer.fields[5].type == .bytes)
        let entry = try #require(outer.nestedMessages.first { $0.name == "InnersEntry" })
        #expect(entry.isMapEntry)
        let inner = try #require(outer.nestedMessages.first { $0.name == "Inner" })
        #expect(!inner.isMapEntry)
        #expect(inner.comments.lines == ["A nested message."])
        #expect(inner.nestedEnums.map(\.fullName) == ["codegen.test.v1.Outer.Inner.Mood"])
    }

    @Test("reads services with each method's streaming flags and comments")
    func services() throws {
        let service = try #require(try Self.sample().services.first)
        #expect(service.fullName == "codegen.test.v1.Sampler")
        #expect(service.comments.lines == ["Does things."])
        #expect(service.methods.map(\.name) == ["Get", "Watch", "Upload", "Chat"])
        #expect(service.methods.map(\.clientStreaming) == [false, false, true, true])
        #expect(service.methods.map(\.serverStreaming) == [false, true, false, true])
        #expect(service.methods[1].outputType == "codegen.test.v1.Outer.Inner")
        #expect(service.methods[0].comments.lines == ["One in, one out."])
    }

    @Test("renders the parsed file: camelCase, escaped keywords, nested types, protoc-c names")
    func rendersParsed() throws {
        let sources = try Generator(files: [try Self.sample()]).swiftSources()
        let messages = try #require(sources.first { $0.path == "codegen_test_v1_sample.pb.swift" }).contents
        #expect(messages.contains("public var displayName: String = \"\""))
        #expect(messages.contains("public var `default`: Bool = false"))
        #expect(messages.contains("message.pointee.default_ = self.`default` ? 1 : 0"))
        #expect(messages.contains("public var inners: [String: Codegen_Test_V1_Outer.Inner] = [:]"))
        #expect(messages.contains("extension Codegen_Test_V1_Outer.Inner: RPCMessage"))
        #expect(messages.contains("codegen__test__v1__outer__inners_entry__init(entry)"))
        #expect(messages.contains("public var mood: Codegen_Test_V1_Outer.Inner.Mood = .unspecified"))
        #expect(sources.map(\.path) == ["codegen_test_v1_sample.pb.swift", "codegen_test_v1_sample.rpc.swift"])
    }

    @Test("refuses bytes that are not a descriptor set")
    func garbage() {
        #expect(throws: CodegenError.self) { try DescriptorSetParser.parse([0x0A, 0xFF, 0xFF]) }
    }
}
