import FlockCodegen
import Testing

@Suite("What the generator refuses, with a message that says why")
struct UnsupportedFeatureTests {
    func render(_ messages: [ProtoMessage], syntax: String = "proto3") -> CodegenError? {
        do {
            _ = try Generator(files: [ProtoFile(name: "x/v1/x.proto", package: "x.v1", syntax: syntax, messages: messages)]).swiftSources()
            return nil
        } catch let error as CodegenError {
            return error
        } catch {
            return CodegenError("unexpected \(error)")
        }
    }

    @Test("oneof")
    func oneof() {
        let error = render([ProtoMessage(name: "M", fullName: "x.v1.M",
                                         fields: [ProtoField(name: "a", number: 1, type: .string, oneofIndex: 0)],
                                         oneofs: [ProtoOneof(name: "choice")])])
        #expect(error?.message.contains("x.v1.M.a: `oneof` is not supported") == true)
    }

    @Test("proto3 optional, which protoc-c 1.4.1 cannot generate")
    func proto3Optional() {
        let error = render([ProtoMessage(name: "M", fullName: "x.v1.M",
                                         fields: [ProtoField(name: "a", number: 1, type: .int32, oneofIndex: 0, isProto3Optional: true)],
                                         oneofs: [ProtoOneof(name: "_a", isSynthetic: true)])])
        #expect(error?.message.contains("proto3 `optional` is not supported") == true)
    }

    @Test("a message that contains itself through singular fields")
    func recursion() {
        let error = render([
            ProtoMessage(name: "A", fullName: "x.v1.A", fields: [ProtoField(name: "b", number: 1, type: .message, typeName: "x.v1.B")]),
            ProtoMessage(name: "B", fullName: "x.v1.B", fields: [ProtoField(name: "a", number: 1, type: .message, typeName: "x.v1.A")]),
        ])
        #expect(error?.message.contains("x.v1.A contains itself through singular message fields (x.v1.A → x.v1.B → x.v1.A)") == true)
    }

    @Test("a message that contains itself through a repeated field is fine")
    func repeatedRecursion() {
        #expect(render([ProtoMessage(name: "Tree", fullName: "x.v1.Tree", fields: [
            ProtoField(name: "children", number: 1, label: .repeated, type: .message, typeName: "x.v1.Tree"),
        ])]) == nil)
    }

    @Test("proto2 files")
    func proto2() {
        #expect(render([], syntax: "proto2")?.message.contains("only proto3 files are supported") == true)
    }

    @Test("an unknown type names the missing import")
    func unknownType() {
        let error = render([ProtoMessage(name: "M", fullName: "x.v1.M",
                                         fields: [ProtoField(name: "a", number: 1, type: .message, typeName: "y.v1.Missing")])])
        #expect(error?.message.contains("unknown type y.v1.Missing") == true)
    }
}
