import FlockCodegenSamples
import FlockRPC
import Testing

/// The code generated for codegen/Tests/FlockCodegenTests/Protos (every shape the renderers know,
/// beyond what proto/ uses today) compiles and round-trips through protobuf-c.
@Suite("Generated code for every field shape round-trips")
struct SamplesRoundTripTests {
    static func full() -> Codegen_Test_V1_Shapes {
        var m = Codegen_Test_V1_Shapes()
        m.i32 = -5
        m.s64 = .min
        m.f32 = .max
        m.ratio = 1.5
        m.flag = true
        m.label = "héllo 世界"
        m.blob = [UInt8](repeating: 7, count: 100_000)
        m.color = .crimson
        m.colors = [.red, .unrecognized(-3), .unspecified]
        m.flags = [true, false, true]
        m.names = ["a", "", "日本"]
        m.parts = [.init(side: .left), .init()]
        m.byId = [5: .init(side: .left), -1: .init()]
        m.mainPart = .init(side: .unrecognized(9))
        m.`default` = 42
        m.blobs = [[], [1, 2, 3], [UInt8](repeating: 1, count: 5000)]
        m.byFlag = [true: [1], false: []]
        m.ds = [1, -2.5, .infinity]
        m.byName = ["x": .red, "y": .unrecognized(77)]
        return m
    }

    @Test("a message with every shape set decodes to itself")
    func everyShape() throws {
        let m = Self.full()
        #expect(try Codegen_Test_V1_Shapes(serializedBytes: m.serializedBytes()) == m)
        #expect(Codegen_Test_V1_Shapes().serializedBytes().isEmpty)
        #expect(try Codegen_Test_V1_Nothing(serializedBytes: []) == Codegen_Test_V1_Nothing())
    }

    @Test("an alias is the same case as the value it aliases")
    func alias() {
        #expect(Codegen_Test_V1_Color.crimson == .red)
        #expect(Codegen_Test_V1_Color.allKnownCases == [.unspecified, .red])
    }

    @Test("a nested message encodes and decodes on its own, through protobuf-c's generic functions")
    func nested() throws {
        let part = Codegen_Test_V1_Shapes.Part(side: .left)
        #expect(part.serializedBytes() == [0x08, 0x01])
        #expect(try Codegen_Test_V1_Shapes.Part(serializedBytes: [0x08, 0x01]) == part)
        let error = #expect(throws: RPCError.self) { try Codegen_Test_V1_Shapes.Part(serializedBytes: [0x0A, 0xFF]) }
        #expect(error?.message == "cannot decode codegen.test.v1.Shapes.Part")
        let inner = Codegen_Test_V1_Outer.Inner(weight: 0.25, mood: .happy)
        #expect(try Codegen_Test_V1_Outer.Inner(serializedBytes: inner.serializedBytes()) == inner)
    }

    @Test("map entries are encoded in key order, so equal maps give equal bytes")
    func mapOrder() {
        var a = Codegen_Test_V1_Shapes(), b = Codegen_Test_V1_Shapes()
        for i in 0..<50 { a.byName["k\(i)"] = .red }
        for i in (0..<50).reversed() { b.byName["k\(i)"] = .red }
        #expect(a.serializedBytes() == b.serializedBytes())
    }

    @Test("the sample service's typed client and server protocol exist for all four call kinds")
    func sampleService() {
        #expect(Codegen_Test_V1_Sampler.Method.all.map(\.kind) == [.unary, .serverStreaming, .clientStreaming, .bidirectionalStreaming])
        #expect(Codegen_Test_V1_Sampler.Method.watch.path == "/codegen.test.v1.Sampler/Watch")
    }
}
