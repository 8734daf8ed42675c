import Foundation
import Testing
import FlockCore
import FlockTLS
@testable import FlockProvision

@Suite("project.yml server limits → fed_server.json")
struct ServerLimitsProvisionTests {
    static let limits = """
          max_message_length: 4194304
          max_concurrent_streams: 32
          max_upload_bytes: 2097152
          max_requests_per_second: 20
          max_request_burst: 40
          aggregation_memory_mb: 64
        """

    /// The fixture project with `lines` added to its `server:` section.
    static func project(_ lines: String) -> String {
        Fixtures.project().replacingOccurrences(of: "  max_num_clients: 100\n", with: "  max_num_clients: 100\n" + lines + "\n")
    }

    @Test("the limits are read, and default when absent")
    func reads() throws {
        let s = try ProjectConfig.parse(yaml: Self.project(Self.limits)).server
        #expect(s.maxMessageLength == 4 << 20 && s.maxConcurrentStreams == 32 && s.maxUploadBytes == 2 << 20)
        #expect(s.maxRequestsPerSecond == 20 && s.maxRequestBurst == 40 && s.aggregationMemoryMB == 64)
        let d = try ProjectConfig.parse(yaml: Fixtures.project()).server
        #expect(d.maxMessageLength == 8 << 20 && d.maxConcurrentStreams == 100 && d.maxUploadBytes == 1 << 30)
        #expect(d.maxRequestsPerSecond == 100 && d.maxRequestBurst == 500 && d.aggregationMemoryMB == 512)
    }

    @Test("an out-of-range or misspelt limit names the line, the key and what to give",
          arguments: [("max_concurrent_streams: 2", "key 'server.max_concurrent_streams' is 2, out of range; give streams per connection from 16 to 65536"),
                      ("max_upload_bytes: lots", "key 'server.max_upload_bytes' is 'lots', not a whole number"),
                      ("max_requests_per_second: -5", "key 'server.max_requests_per_second' is -5, out of range"),
                      ("max_request_burst: 0", "key 'server.max_request_burst' is 0, out of range"),
                      ("aggregation_memory_mb: -1", "key 'server.aggregation_memory_mb' is -1, out of range"),
                      ("max_requests_per_sec: 5", "unknown key 'max_requests_per_sec' in 'server'")])
    func refused(line: String, message: String) throws {
        #expect { try ProjectConfig.parse(yaml: Self.project("  " + line)) } throws: { "\($0)".contains(message) }
    }

    @Test("fl-provision writes them into the server kit's fed_server.json, which the server loads")
    func kit() throws {
        let box = try Fixtures.Sandbox(Self.project(Self.limits))
        defer { box.remove() }
        let result = try box.provision()
        let server = try #require(result.packages.first { $0.name == "server" })
        let startup = try box.unpack(server)
        let config = try FedServerConfig.load(path: startup + "/fed_server.json").server
        #expect(config.maxMessageLength == 4 << 20)
        #expect(config.maxConcurrentStreams == 32)
        #expect(config.maxUploadBytes == 2 << 20)
        #expect(config.maxRequestsPerSecond == 20)
        #expect(config.maxRequestBurst == 40)
        #expect(config.aggregationMemoryMB == 64)
    }

    @Test("an audit record from before the limits reads with the defaults; a changed limit is not silently ignored when growing")
    func growing() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        _ = try box.provision()
        // Strip the limit keys from audit.json, as an older fl-provision wrote it.
        let auditPath = box.output + "/" + AuditRecord.fileName
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: auditPath))) as! [String: Any]
        var settings = json["server_settings"] as! [String: Any]
        for key in ["max_message_length", "max_concurrent_streams", "max_upload_bytes", "max_requests_per_second", "max_request_burst",
                    "aggregation_memory_mb"] {
            #expect(settings.removeValue(forKey: key) != nil, "audit.json records \(key)")
        }
        json["server_settings"] = settings
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: auditPath))
        #expect(try AuditRecord.load(path: auditPath).serverSettings.maxRequestsPerSecond == 100)
        // Growing with the same (default) limits works; changing one asks for new kits.
        try TestSupport.write(Fixtures.project(clients: [("hospital-a", "flclient1", nil), ("hospital-b", "flclient2", nil), ("hospital-c", "flclient3", nil)]),
                              to: box.projectFile)
        #expect(try box.provision().packages.map(\.name) == ["flclient3"])
        try TestSupport.write(Self.project("  max_requests_per_second: 5"), to: box.projectFile)
        #expect { try box.provision() } throws: {
            "\($0)".contains("key 'server.max_requests_per_second' changed from '100' to '5' since the kits were issued")
        }
    }
}
