// Fuzz target: the JSON configuration files a kit or an uploaded app carries: fed_server.json,
// fed_client.json, local_settings.json, authorization.json (strict kit configs), the apps'
// config_fed_server.json / config_fed_client.json and config_train.json. The first byte picks
// the file; any input must parse or fail with a FlockError.
import FlockCore
import FlockTrain
import Foundation
import FuzzSupport

let parsers: [(Data) throws -> Void] = [
    { _ = try FedServerConfig.load(path: scratchFile("fed_server.json", [UInt8]($0))) },
    { _ = try FedClientConfig.load(path: scratchFile("fed_client.json", [UInt8]($0))) },
    { _ = scratchFile("local_settings.json", [UInt8]($0)); _ = try LocalSettings.load(startupDirectory: fuzzScratch) },
    { _ = try AuthorizationConfig.load(path: scratchFile("authorization.json", [UInt8]($0))) },
    { _ = try FedServerAppConfig(data: $0) },
    { _ = try FedClientAppConfig(data: $0) },
    { _ = try TrainConfig(json: $0, baseDirectory: "/app/config") },
]

fuzzMain { bytes in
    var input = FuzzInput(bytes)
    let pick = Int(input.byte()) % parsers.count
    do {
        try parsers[pick](Data(input.rest()))
    } catch is FlockError {
    } catch {
        fatalError("config parser \(pick) threw a non-FlockError: \(error)")
    }
}
