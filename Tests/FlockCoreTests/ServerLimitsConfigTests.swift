import Foundation
import Testing
@testable import FlockCore

@Suite("fed_server.json limits")
struct ServerLimitsConfigTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "flock-limits-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    /// A server entry as kits made before the limits existed have it.
    let oldKit: [String: Any] = [
        "name": "demo", "service": ["target": "fl.example.org:8002"], "admin_host": "fl.example.org", "admin_port": 8003,
        "admin_storage": "transfer", "ssl_private_key": "server.key", "ssl_cert": "server.crt", "ssl_root_cert": "rootCA.pem",
        "min_num_clients": 1, "max_num_clients": 100, "heart_beat_timeout": 600, "max_message_length": 8388608, "compression": "none",
    ]

    func load(_ server: [String: Any]) throws -> FedServerConfig.Server {
        let path = dir + "/fed_server.json"
        try JSONSerialization.data(withJSONObject: ["servers": [server]]).write(to: URL(fileURLWithPath: path))
        return try FedServerConfig.load(path: path).server
    }

    func with(_ key: String, _ value: Any) -> [String: Any] {
        var s = oldKit
        s[key] = value
        return s
    }

    @Test("a kit without the new keys loads with the defaults")
    func defaults() throws {
        let s = try load(oldKit)
        #expect(s.maxMessageLength == 8 << 20)
        #expect(s.maxConcurrentStreams == 100)
        #expect(s.maxNumClients == 100)
        #expect(s.maxUploadBytes == 1 << 30)
        #expect(s.maxRequestsPerSecond == 100)
        #expect(s.maxRequestBurst == 500)
        #expect(s.aggregationMemoryMB == 512)
    }

    @Test("reads every limit, and writes them back")
    func reads() throws {
        var server = oldKit
        server["max_concurrent_streams"] = 32
        server["max_upload_bytes"] = 5 << 20
        server["max_requests_per_second"] = 0
        server["max_request_burst"] = 7
        server["aggregation_memory_mb"] = 0
        let s = try load(server)
        #expect(s.aggregationMemoryMB == 0)
        #expect(s.maxConcurrentStreams == 32)
        #expect(s.maxUploadBytes == 5 << 20)
        #expect(s.maxRequestsPerSecond == 0)
        #expect(s.maxRequestBurst == 7)
        let written = String(decoding: try JSONConfigFile.encode(FedServerConfig(servers: [s])), as: UTF8.self)
        for key in ["\"max_concurrent_streams\" : 32", "\"max_upload_bytes\" : 5242880", "\"max_requests_per_second\" : 0", "\"max_request_burst\" : 7", "\"aggregation_memory_mb\" : 0"] {
            #expect(written.contains(key), "\(key) in \(written)")
        }
    }

    @Test("refuses out-of-range limits, naming the key, the range and where to change it",
          arguments: [("max_concurrent_streams", 0), ("max_concurrent_streams", 1_000_000), ("max_upload_bytes", 1000),
                      ("max_requests_per_second", -1), ("max_request_burst", 0), ("max_message_length", 100),
                      ("aggregation_memory_mb", -1), ("aggregation_memory_mb", 2_000_000)])
    func ranges(key: String, value: Int) throws {
        #expect { try load(with(key, value)) } throws: { error in
            let text = "\(error)"
            return text.contains("key 'servers[0].\(key)' is \(value), out of range") && text.contains("project.yml server.\(key)")
        }
    }

    @Test("a misspelt limit is refused instead of silently keeping the default")
    func misspelt() throws {
        #expect { try load(with("max_request_per_second", 5)) } throws: { "\($0)".contains("unknown key 'servers[0].max_request_per_second'") }
    }
}
