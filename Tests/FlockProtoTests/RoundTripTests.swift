import FlockProto
import FlockRPC
import Testing

@Suite("Generated messages round-trip through protobuf-c")
struct RoundTripTests {
    @Test("every message decodes to the value it was encoded from",
          arguments: allMessageFixtures, FixtureVariant.allCases)
    func roundTrip(fixture: MessageFixture, variant: FixtureVariant) throws {
        let bytes = fixture.encode(variant)
        #expect(try fixture.decodesToSample(bytes, variant))
        // Encoding is deterministic (map entries are sorted by key).
        #expect(fixture.encode(variant) == bytes)
    }

    @Test("an empty message encodes to zero bytes and every field of the maximal one is sent",
          arguments: allMessageFixtures)
    func emptyAndMaximal(fixture: MessageFixture) throws {
        #expect(fixture.encode(.empty).isEmpty)
        if fixture.maximalDiffersFromEmpty() {
            let maximal = fixture.encode(.maximal)
            #expect(!maximal.isEmpty)
            // The maximal sample decoded must not collapse to defaults.
            #expect(try !fixture.decodesToSample(maximal, .empty))
        }
    }

    @Test("malformed bytes fail with INVALID_ARGUMENT naming the message", arguments: allMessageFixtures)
    func malformed(fixture: MessageFixture) {
        // Field 1, length-delimited, with a truncated length varint.
        let error = #expect(throws: RPCError.self) { try fixture.decode([0x0A, 0xFF]) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "cannot decode \(fixture.protoName)")
    }

    @Test("a multi-MiB bytes field survives byte for byte")
    func largeBytes() throws {
        let data = fixtureBytes(count: 8 << 20 | 3, seed: 5)
        let chunk = Fl_V1_ModelChunk(manifest: nil, offset: 1 << 40, data: data)
        let decoded = try Fl_V1_ModelChunk(serializedBytes: chunk.serializedBytes())
        #expect(decoded.data == data)
        #expect(decoded.offset == 1 << 40)
        #expect(decoded.manifest == nil)
    }

    @Test("nested chunks carry their bytes inside sub-messages")
    func nestedBytes() throws {
        let data = fixtureBytes(count: 1 << 20, seed: 9)
        let chunk = Fl_V1_TaskChunk(header: Fl_V1_TaskHeader(kind: .train, taskId: "t", params: ["local_epochs": "2"]),
                                    model: Fl_V1_ModelChunk(offset: 7, data: data))
        let decoded = try Fl_V1_TaskChunk(serializedBytes: chunk.serializedBytes())
        #expect(decoded == chunk)
        #expect(decoded.model?.data == data)
    }

    @Test("an enum number this code does not know is kept")
    func unknownEnum() throws {
        let status = Fl_V1_TrainingStatus(rawValue: 42)
        #expect(status == .unrecognized(42))
        let request = Fl_V1_HeartbeatRequest(status: status)
        #expect(try Fl_V1_HeartbeatRequest(serializedBytes: request.serializedBytes()).status == .unrecognized(42))
        #expect(Fl_V1_TrainingStatus(rawValue: 3) == .started)
        #expect(Fl_V1_TrainingStatus.crossValidating.rawValue == 7)
    }

    @Test("a string that is not UTF-8 fails the decode")
    func invalidUTF8() {
        // EchoMessage.text (field 1) = the bytes C3 28 (an invalid UTF-8 sequence).
        let error = #expect(throws: RPCError.self) {
            try Fl_Testing_V1_EchoMessage(serializedBytes: [0x0A, 0x02, 0xC3, 0x28])
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test("proto3 defaults: strings empty, numbers zero, bytes empty, messages absent, first enum value")
    func defaults() {
        let request = Fl_V1_RegisterRequest()
        #expect(request.clientName == "")
        #expect(request.runNumber == 0)
        #expect(request.status == .unspecified)
        #expect(request.systemInfo == nil)
        #expect(Fl_V1_ModelChunk().data == [])
        #expect(Fl_V1_ModelManifest().meta == [:])
    }
}
