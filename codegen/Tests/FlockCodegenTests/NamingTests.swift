import FlockCodegen
import Testing

@Suite("Swift and protoc-c naming")
struct NamingTests {
    @Test("type prefixes and property names follow swift-protobuf")
    func swiftNames() {
        #expect(SwiftNaming.packagePrefix("fl.v1") == "Fl_V1_")
        #expect(SwiftNaming.packagePrefix("fl.testing.v1") == "Fl_Testing_V1_")
        #expect(SwiftNaming.packagePrefix("") == "")
        #expect(SwiftNaming.lowerCamel("client_name") == "clientName")
        #expect(SwiftNaming.lowerCamel("heartbeat_interval_ms") == "heartbeatIntervalMs")
        #expect(SwiftNaming.lowerCamel("gpus") == "gpus")
        #expect(SwiftNaming.lowerCamel("ServerStream") == "serverStream")
    }

    @Test("enum values lose the enum's name as prefix unless a digit would lead")
    func enumCases() {
        #expect(SwiftNaming.enumCase("TRAINING_STATUS_NOT_STARTED", of: "TrainingStatus") == "notStarted")
        #expect(SwiftNaming.enumCase("DTYPE_FLOAT32", of: "DType") == "float32")
        #expect(SwiftNaming.enumCase("TARGET_SERVER", of: "Target") == "server")
        #expect(SwiftNaming.enumCase("FORMAT_2D", of: "Format") == "format2d")
        #expect(SwiftNaming.enumCase("OTHER_VALUE", of: "Kind") == "otherValue")
    }

    @Test("Swift keywords are escaped; names that backticks cannot rescue get a suffix")
    func escaping() {
        #expect(SwiftNaming.escaped("default") == "`default`")
        #expect(SwiftNaming.escaped("in") == "`in`")
        #expect(SwiftNaming.escaped("self") == "self_p")
        #expect(SwiftNaming.escaped("serializedBytes") == "serializedBytes_p")
        #expect(SwiftNaming.escaped("clientName") == "clientName")
    }

    @Test("C names match protoc-c's")
    func cNames() {
        #expect(CNaming.typeName("fl.v1.ModelManifest.MetaEntry") == "Fl__V1__ModelManifest__MetaEntry")
        #expect(CNaming.functionPrefix("fl.v1.ModelManifest.MetaEntry") == "fl__v1__model_manifest__meta_entry")
        #expect(CNaming.typeName("fl.v1.DType") == "Fl__V1__DType")
        #expect(CNaming.functionPrefix("fl.testing.v1.EchoMessage") == "fl__testing__v1__echo_message")
        #expect(CNaming.fieldName("default") == "default_")
        #expect(CNaming.fieldName("client_name") == "client_name")
    }
}
