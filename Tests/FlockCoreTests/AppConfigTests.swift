import Foundation
import Testing
@testable import FlockCore

@Suite("MMAR app configs")
struct AppConfigTests {
    func server(_ json: String) throws -> FedServerAppConfig { try FedServerAppConfig(data: Data(json.utf8)) }
    func client(_ json: String) throws -> FedClientAppConfig { try FedClientAppConfig(data: Data(json.utf8)) }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    @Test("reads Clara 3.1's config_fed_server.json keys")
    func serverKeys() throws {
        let c = try server(#"""
        {"servers": [{"min_num_clients": 2, "max_num_clients": 8, "wait_after_min_clients": 1.5,
                      "heart_beat_timeout": 60, "start_round": 0, "num_rounds": 3, "exclude_vars": "norm",
                      "num_rounds_per_valid": 1, "num_server_workers": 100}],
         "aggregator": {"name": "ModelAggregator", "args": {"aggregation_weights": {"site-1": 2.0, "site-2": 1}}}}
        """#)
        #expect(c.minNumClients == 2 && c.maxNumClients == 8 && c.numRounds == 3)
        #expect(c.waitAfterMinClients == 1.5 && c.heartBeatTimeout == 60)
        #expect(c.aggregationWeights == ["site-1": 2, "site-2": 1])
        #expect(c.excludedTensors(["enc.norm1.gamma", "enc.conv.weight"]) == ["enc.norm1.gamma"])
    }

    @Test("rejects unknown keys and bad values, naming the key and what is accepted")
    func serverErrors() {
        #expect(message { try server(#"{"servers": [{"num_round": 3}]}"#) }.contains("unknown key servers[0].num_round; accepted keys in servers[0] are"))
        #expect(message { try server(#"{"servers": [{"num_rounds": "three"}]}"#) }.contains("servers[0].num_rounds must be an integer ≥ 1, got \"three\""))
        #expect(message { try server(#"{"servers": [{"num_rounds": 2.5}]}"#) }.contains("servers[0].num_rounds must be an integer"))
        #expect(message { try server(#"{"servers": [{"num_rounds": true}]}"#) }.contains("servers[0].num_rounds must be an integer"))
        #expect(message { try server(#"{"servers": [{"min_num_clients": 3, "max_num_clients": 2}]}"#) }.contains("smaller than min_num_clients"))
        #expect(message { try server(#"{"servers": [{}], "aggregator": {"name": "Median"}}"#) }.contains(#"aggregator.name must be one of "ModelAggregator", "WeightedFedAvg", got "Median""#))
        #expect(message { try server(#"{"servers": [{"exclude_vars": "("}]}"#) }.contains("not a valid regular expression"))
        #expect(message { try server(#"{"servers": [{}]"#) }.contains("config_fed_server.json is not valid JSON"))
        #expect(message { try server(#"[1]"#) }.contains("JSON object"))
    }

    @Test("reads config_fed_client.json and refuses what Flock does not do")
    func clientKeys() throws {
        let c = try client(#"{"client": {"local_epochs": 2, "update_kind": "delta", "cross_site_validate": false}}"#)
        #expect(c.localEpochs == 2 && c.updateKind == "delta" && !c.crossSiteValidate)
        #expect(message { try client(#"{"client": {"local_epochs": 0}}"#) }.contains("client.local_epochs must be an integer ≥ 1, got 0"))
        #expect(message { try client(#"{"client": {"update_kind": "grads"}}"#) }.contains(#"one of "weights", "delta""#))
        #expect(message { try client(#"{"client": {"steps_aggregation": 5}}"#) }.contains("steps_aggregation must be 0"))
        #expect(message { try client(#"{}"#) }.contains(#"the "client" object is missing"#))
        #expect(message { try client(#"{"client": {}, "privacy": {"percentile": 10, "gamma": 0.01}}"#) }
            .contains(#""privacy" (Clara's percentile and SVT privacy filters) is not supported by Flock; remove the block"#))
    }
}
