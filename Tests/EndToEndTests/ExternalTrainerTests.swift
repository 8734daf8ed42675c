import FlockCore
import FlockProto
import FlockServer
import Foundation
import Testing

/// A site that trains with its own program (here a tiny Python script, standing in for PyTorch or
/// MONAI) through the documented exchange of safetensors files.
@Suite("External trainers", .serialized)
struct ExternalTrainerTests {
    static let script = #"""
    import json, os, struct, sys
    def read(path):
        with open(path, "rb") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = json.loads(f.read(n))
            data = f.read()
        out = {}
        for name, t in header.items():
            if name == "__metadata__": continue
            b, e = t["data_offsets"]
            out[name] = (t["shape"], list(struct.unpack("<%df" % ((e - b) // 4), data[b:e])))
        return out
    def write(path, tensors):
        header, blob = {}, b""
        for name, (shape, values) in tensors.items():
            header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(blob), len(blob) + 4 * len(values)]}
            blob += struct.pack("<%df" % len(values), *values)
        h = json.dumps(header).encode()
        h += b" " * (-len(h) % 8)
        with open(path, "wb") as f:
            f.write(struct.pack("<Q", len(h)) + h + blob)
    task = os.environ["FLOCK_TASK"]
    model = read(os.environ["FLOCK_GLOBAL_MODEL"]) if "FLOCK_GLOBAL_MODEL" in os.environ else {"w": ([2, 2], [0.0] * 4)}
    site_step = 1.0 if os.environ["FLOCK_SITE"] == "site-1" else 3.0
    if task == "train":
        trained = {k: (s, [v + site_step for v in vals]) for k, (s, vals) in model.items()}
        write(os.environ["FLOCK_OUTPUT_MODEL"], trained)
        metrics = {"samples": 10, "metrics": {"loss": 1.0 / (1 + int(os.environ["FLOCK_ROUND"]))}}
    else:
        metrics = {"metrics": {"mean_dice": model["w"][1][0] / 100}}
    json.dump(metrics, open(os.environ["FLOCK_METRICS"], "w"))
    print("external trainer did", task, "round", os.environ.get("FLOCK_ROUND", "-"))
    """#

    @Test("a Python training script exchanging safetensors files takes part in FedAvg rounds and cross-validation")
    func pythonTrainer() async throws {
        let fed = try Federation(label: "external")
        defer { fed.shutdownAll() }
        let app = try fed.makeApp(rounds: 2, epochs: 1, minClients: 2)
        try #"{"trainer": {"command": ["python3", "resources/train.py"]}}"#.write(toFile: app + "/config/config_train.json", atomically: true, encoding: .utf8)
        try Self.script.write(toFile: app + "/resources/train.py", atomically: true, encoding: .utf8)

        try await fed.startRun(app: app, name: "ext")
        let admin = try fed.adminClient(), s = fed.session
        let progress = try await fed.eventually("the run to finish", timeout: 120, every: 0.5) { () -> RunProgress? in
            guard let p = try? RunProgress.load(fed.workspace("server") + "/run_1/mmar_server/fl_state.json"), p.finished else { return nil }
            return p
        }
        #expect(progress.history.map(\.round) == [0, 1])
        // Each round adds 1 (site-1) and 3 (site-2) with equal sample counts: the mean adds 2.
        let global = try SafeTensors.read(fed.workspace("server") + "/run_1/mmar_server/models/FL_global_model.safetensors")
        #expect(global.map(\.name) == ["w"] && global[0].shape == [2, 2])
        #expect(global[0].values == [4, 4, 4, 4])
        #expect(fed.log("site-1").contains("external trainer did train round 1"))
        let validation = try await admin.validate(Fl_V1_ValidateRequest(session: s, all: true))
        #expect(validation.entries.first { $0.source == "server" }?.metrics.dictionary["mean_dice"] == 0.04)
    }
}
