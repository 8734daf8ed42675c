import FlockProto
import Testing

/// The generated code's wire format against Google's own implementation: bytes protobuf-c wrote are
/// read by `protoc --decode`, and bytes `protoc --encode` wrote are read by the generated code.
@Suite("Encoding interoperates with protoc")
struct ProtocInteropTests {
    @Test("protoc reads what protobuf-c wrote, and writes the same bytes back",
          arguments: allMessageFixtures, [FixtureVariant.empty, .unicode])
    func throughProtoc(fixture: MessageFixture, variant: FixtureVariant) throws {
        let protoc = try Protoc()
        let bytes = fixture.encode(variant)
        let text = try protoc.decode(fixture.protoName, bytes)
        let reencoded = try protoc.encode(fixture.protoName, text)
        #expect(try fixture.decodesToSample(reencoded, variant))
        #expect(reencoded == bytes)
    }

    @Test("protoc reads a maximal message with a multi-MiB bytes field",
          arguments: allMessageFixtures.filter { ["fl.v1.ModelChunk", "fl.v1.SystemInfo"].contains($0.protoName) })
    func maximalThroughProtoc(fixture: MessageFixture) throws {
        let protoc = try Protoc()
        let reencoded = try protoc.encode(fixture.protoName, try protoc.decode(fixture.protoName, fixture.encode(.maximal)))
        #expect(try fixture.decodesToSample(reencoded, .maximal))
    }

    @Test("protoc's text view of a RegisterRequest shows every field protobuf-c encoded")
    func decodedText() throws {
        let request = Fl_V1_RegisterRequest(
            clientName: "site-1", instanceName: "site-1a", project: "spleen", previousToken: "",
            status: .started, runNumber: 3,
            systemInfo: Fl_V1_SystemInfo(hostname: "h1", cpuCount: 16, gpus: ["A100", "H100"]))
        let text = try Protoc().decode("fl.v1.RegisterRequest", request.serializedBytes())
        #expect(text.contains("client_name: \"site-1\""))
        #expect(text.contains("instance_name: \"site-1a\""))
        #expect(text.contains("status: TRAINING_STATUS_STARTED"))
        #expect(text.contains("run_number: 3"))
        #expect(text.contains("cpu_count: 16"))
        #expect(text.contains("gpus: \"H100\""))
        #expect(!text.contains("previous_token"))  // proto3 defaults are not sent
    }

    @Test("protobuf-c reads what protoc encoded from text")
    func encodedByProtoc() throws {
        let bytes = try Protoc().encode("fl.v1.ModelManifest", """
            tensors { name: "enc0.conv1.weight" dtype: DTYPE_FLOAT32 shape: [16, 3, 3, 3] }
            tensors { name: "enc0.conv1.bias" dtype: DTYPE_BFLOAT16 shape: 16 }
            total_bytes: 1792
            meta { key: "format" value: "weights" }
            meta { key: "round" value: "3" }
            """)
        let manifest = try Fl_V1_ModelManifest(serializedBytes: bytes)
        #expect(manifest == Fl_V1_ModelManifest(
            tensors: [
                Fl_V1_TensorInfo(name: "enc0.conv1.weight", dtype: .float32, shape: [16, 3, 3, 3]),
                Fl_V1_TensorInfo(name: "enc0.conv1.bias", dtype: .bfloat16, shape: [16]),
            ],
            totalBytes: 1792,
            meta: ["format": "weights", "round": "3"]))
    }
}
