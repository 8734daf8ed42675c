import Foundation
import Testing
@testable import FlockCore

@Suite("Kit configs refuse unknown keys")
struct StrictConfigTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "flock-strict-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @Test("a misspelt key in fed_client.json is refused with its path instead of being ignored")
    func misspelt() throws {
        let good = FedClientConfig(servers: [.init(name: "demo", target: "fl.example.org:8002")], client: .init(name: "site-1"))
        var json = try JSONSerialization.jsonObject(with: JSONConfigFile.encode(good)) as! [String: Any]
        #expect(try FedClientConfig.load(path: write(json)) == good)
        var client = json["client"] as! [String: Any]
        client["retry_timout"] = 5
        json["client"] = client
        #expect { try FedClientConfig.load(path: write(json)) } throws: { error in
            "\(error)".contains("unknown key 'client.retry_timout'")
        }
    }

    @Test("a misspelt data_root in local_settings.json is refused; notes under _keys are allowed")
    func localSettings() throws {
        try #"{"data_rot": "/data"}"#.write(toFile: dir + "/local_settings.json", atomically: true, encoding: .utf8)
        #expect { try LocalSettings.load(startupDirectory: dir) } throws: { "\($0)".contains("unknown key 'data_rot'") }
        try #"{"data_root": "/data", "_note": "mounted from the PACS export"}"#.write(toFile: dir + "/local_settings.json", atomically: true, encoding: .utf8)
        #expect(try LocalSettings.load(startupDirectory: dir).dataRoot == "/data")
    }

    func write(_ object: [String: Any]) throws -> String {
        let path = dir + "/fed_client.json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }
}
