import Foundation
@testable import FlockTrain

/// A fresh temporary folder, removed by `cleanup()`.
struct TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "flocktrain-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
    }
    func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// A small, quick U-Net config on the phantom (32 x 32, depth 2, base 8).
func smallPhantomConfig(seed: UInt64 = 1, train: Int = 32, validation: Int = 8, epochs: Int = 1) throws -> TrainConfig {
    let json = """
    {"seed": \(seed), "epochs": \(epochs), "batch_size": 8, "learning_rate": 0.003, "threads": 2,
     "model": {"name": "unet2d", "depth": 2, "base_channels": 8, "image_size": [32, 32]},
     "data": {"source": "phantom", "train_samples": \(train), "val_samples": \(validation)}}
    """
    return try TrainConfig(json: Data(json.utf8), baseDirectory: "/tmp")
}
