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

    @Test("serializedPieces concatenate to serializedBytes; large bytes values are the value's own arrays")
    func pieces() {
        let m = Self.full()
        let pieces = m.serializedPieces()
        #expect(Array(pieces.joined()) == m.serializedBytes())
        let address = { (bytes: [UInt8]) in bytes.withUnsafeBufferPointer { $0.baseAddress } }
        // blob (100,000 bytes) and the 5,000-byte element of blobs are pinned, so handed over uncopied.
        #expect(pieces.contains { address($0) == address(m.blob) })
        #expect(pieces.contains { address($0) == address(m.blobs[2]) })
        // Nothing large: one piece, as `serializedBytes`.
        #expect(Codegen_Test_V1_Shapes.Part(side: .left).serializedPieces() == [[0x08, 0x01]])
        #expect(Codegen_Test_V1_Shapes().serializedPieces().joined().isEmpty)
        var outer = Codegen_Test_V1_Outer()
        outer.blob = [UInt8](repeating: 3, count: 4096)
        outer.displayName = "o"
        #expect(Array(outer.serializedPieces().joined()) == outer.serializedBytes())
    }

    @Test("large bytes, strings and arrays decode through the unpack arena, also when a field repeats or the decode fails")
    func unpackArena() throws {
        var m = Self.full()
        m.ds = (0..<1000).map { Double($0) / 3 }           // an 8,000-byte array from the arena
        m.label = String(repeating: "ä", count: 5000)      // a 10,001-byte string from the arena
        #expect(try Codegen_Test_V1_Shapes(serializedBytes: m.serializedBytes()) == m)
        // A bytes field sent twice: the later value wins (protobuf-c frees the first one's block).
        var first = Codegen_Test_V1_Shapes(), second = Codegen_Test_V1_Shapes()
        first.blob = [UInt8](repeating: 1, count: 50_000)
        second.blob = [UInt8](repeating: 2, count: 60_000)
        let twice = try Codegen_Test_V1_Shapes(serializedBytes: first.serializedBytes() + second.serializedBytes())
        #expect(twice.blob == second.blob)
        // Decoding fails after the blob was taken (a label that is not UTF-8): the error, nothing else.
        var bad = Codegen_Test_V1_Shapes()
        bad.blob = [UInt8](repeating: 9, count: 70_000)
        var bytes = bad.serializedBytes()
        bytes += [0x32, 0x02, 0xC3, 0x28]                  // field 6 (label), invalid UTF-8
        #expect(throws: RPCError.self) { try Codegen_Test_V1_Shapes(serializedBytes: bytes) }
        // The decoded arrays are ordinary values: mutating one leaves the other alone.
        var decoded = try Codegen_Test_V1_Shapes(serializedBytes: first.serializedBytes())
        let copy = decoded.blob
        decoded.blob[0] = 7
        #expect(copy[0] == 1 && decoded.blob[0] == 7)
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
