#!/usr/bin/env python3
"""A third-party Flock FL client in plain Python: grpcio + stubs generated from proto/ + numpy.

It takes part in a federation with a provisioned *client* kit, exactly like fl-client does, but
trains its own tiny model (linear regression in numpy) instead of the built-in U-Net:

    python flock_client.py --workspace /path/to/site-2          # the folder holding startup/

The protocol it follows is docs/protocol.md: Register -> AdminRequests stream + Heartbeat ->
(admin "start") GetTask long-poll loop -> SubmitUpdate / SubmitValidation -> END.

The same file doubles as an *external trainer* for a Swift fl-client (config_train.json
{"trainer": {"command": [python, "resources/flock_client.py", "--external-trainer"]}}), so both
kinds of site train the same tensors: "linear.weight" [1, FEATURES] and "linear.bias" [1].
"""
import argparse, json, os, platform, shutil, socket, struct, sys, tempfile, threading, time

import numpy as np

FEATURES = 300_000   # 1.2 MB of float32 weights: the update travels in two ~1 MiB chunks
CHUNK = 1 << 20      # bytes of model data per ModelChunk / FileChunk
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- the model (numpy) and its files

def site_data(site, n=32, features=FEATURES):
    """Deterministic synthetic regression data, different per site: y = X.w_true + 0.5 + noise."""
    rng = np.random.default_rng(sum(site.encode()))
    x = rng.standard_normal((n, features), dtype=np.float32) / np.sqrt(features)
    w_true = np.linspace(-1, 1, features, dtype=np.float32) * np.float32(np.sqrt(3))  # x.w_true has variance ~1
    y = x @ w_true + 0.5 + 0.01 * rng.standard_normal(n, dtype=np.float32)
    return x, y.astype(np.float32)


def initial_model(features=FEATURES):
    return {"linear.weight": np.zeros((1, features), np.float32), "linear.bias": np.zeros((1,), np.float32)}


def mse(model, x, y):
    pred = x @ model["linear.weight"][0] + model["linear.bias"][0]
    return float(np.mean((pred - y) ** 2))


def train(model, x, y, epochs, lr=0.2):
    """Full-batch gradient descent on the mean squared error; returns new tensors."""
    w, b = model["linear.weight"][0].copy(), model["linear.bias"].copy()
    for _ in range(max(1, epochs)):
        err = x @ w + b[0] - y
        w -= lr * 2 * (x.T @ err) / len(y)
        b -= lr * 2 * err.mean()
    return {"linear.weight": w.reshape(1, -1).astype(np.float32), "linear.bias": b.astype(np.float32)}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name != "__metadata__":
            b, e = t["data_offsets"]
            out[name] = np.frombuffer(data[b:e], "<f4").reshape(t["shape"]).copy()
    return out


def write_safetensors(path, tensors):
    header, offset = {}, 0
    for name, a in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(np.ascontiguousarray(a, "<f4").tobytes() for a in tensors.values()))


def external_trainer():
    """The external-trainer contract (Sources/FlockClient/Trainers/ExternalTrainer.swift): FLOCK_* variables."""
    env = os.environ
    model = read_safetensors(env["FLOCK_GLOBAL_MODEL"]) if "FLOCK_GLOBAL_MODEL" in env else initial_model()
    x, y = site_data(env["FLOCK_SITE"])
    if env["FLOCK_TASK"] == "train":
        trained = train(model, x, y, int(env.get("FLOCK_LOCAL_EPOCHS", "1")))
        write_safetensors(env["FLOCK_OUTPUT_MODEL"], trained)
        result = {"samples": len(y), "metrics": {"loss": mse(trained, x, y), "val_mse": mse(model, x, y)}}
    else:
        result = {"metrics": {"mse": mse(model, x, y)}}
    with open(env["FLOCK_METRICS"], "w") as f:
        json.dump(result, f)
    print("linear external trainer:", env["FLOCK_TASK"], "round", env.get("FLOCK_ROUND", "-"), result["metrics"])


# ---------------------------------------------------------------- generated stubs

def load_stubs(proto_dir):
    """Runs grpc_tools.protoc on proto/ into a temporary folder and imports the result."""
    from grpc_tools import protoc
    import grpc_tools
    out = tempfile.mkdtemp(prefix="flock-stubs-")
    files = [os.path.relpath(os.path.join(d, f), proto_dir) for d, _, fs in os.walk(os.path.join(proto_dir, "fl", "v1"))
             for f in fs if f.endswith(".proto")]
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    if protoc.main(["protoc", "-I", proto_dir, "-I", include, "--python_out", out, "--grpc_python_out", out] + files) != 0:
        sys.exit("flock_client: protoc failed on " + proto_dir)
    sys.path.insert(0, out)
    from fl.v1 import common_pb2, federated_pb2, federated_pb2_grpc
    return common_pb2, federated_pb2, federated_pb2_grpc


# ---------------------------------------------------------------- the client

class FlockClient:
    def __init__(self, args):
        import grpc
        self.grpc = grpc
        self.common, self.fed, fed_grpc = load_stubs(args.proto)
        self.ws = os.path.abspath(args.workspace)
        startup = os.path.join(self.ws, "startup")
        with open(os.path.join(startup, "fed_client.json")) as f:
            cfg = json.load(f)
        self.name, self.project = cfg["client"]["name"], cfg["servers"][0]["name"]
        target = cfg["servers"][0]["service"]["target"]
        c = cfg["client"]
        read = lambda key: open(os.path.join(startup, c[key]), "rb").read()
        creds = grpc.ssl_channel_credentials(read("ssl_root_cert"), read("ssl_private_key"), read("ssl_cert"))
        # The server's certificate CN is the host in `target`. Keepalive pings like fl-client's, and
        # reconnect attempts at most 5 s apart (grpcio's default grows to 120 s after a server restart).
        self.channel = grpc.secure_channel(target, creds, options=[
            ("grpc.keepalive_time_ms", 30000), ("grpc.max_reconnect_backoff_ms", 5000)])
        self.stub = fed_grpc.FederatedTrainingStub(self.channel)
        self.token, self.run_number, self.round = "", 0, 0
        self.status, self.interval = self.common.TRAINING_STATUS_NOT_STARTED, 5.0
        self.stop = threading.Event()            # process ends
        self.register_lock = threading.Lock()
        self.training = None                     # (thread, abort event) while training
        self.x, self.y = site_data(self.name, features=args.features)
        self.features = args.features
        self.log(f"client {self.name} of project {self.project}, server {target}")

    def log(self, msg):
        line = time.strftime("%Y-%m-%d %H:%M:%S ") + msg
        print(line, flush=True)

    # -- registration and heartbeat
    def register(self):
        """Register, retrying every 2 s until it works (the server may not be up yet)."""
        while not self.stop.is_set():
            try:
                reply = self.stub.Register(self.fed.RegisterRequest(
                    client_name=self.name, instance_name=self.name, project=self.project, previous_token=self.token,
                    status=self.status, run_number=self.run_number,
                    system_info=self.common.SystemInfo(hostname=socket.gethostname(), os=platform.platform(),
                                                       cpu_count=os.cpu_count() or 1, pid=os.getpid())), timeout=30)
                self.token, self.interval = reply.token, max(0.2, reply.heartbeat_interval_ms / 1000)
                self.log(f"registered, token {self.token}, heartbeat every {self.interval:.1f} s")
                return
            except self.grpc.RpcError as e:
                self.log(f"Register failed: {e.code().name}: {e.details()}; retrying")
                self.stop.wait(2)

    def reregister(self, stale):
        """The server forgot token `stale` (restart, drop): register again, once, whichever thread notices."""
        with self.register_lock:
            if self.token == stale:
                self.register()

    def heartbeat_loop(self):
        while not self.stop.wait(self.interval):
            token = self.token
            try:
                r = self.stub.Heartbeat(self.fed.HeartbeatRequest(token=token, client_name=self.name, status=self.status,
                                                                  run_number=self.run_number, round=self.round), timeout=10)
                if not r.registered:   # the server restarted or dropped us: register again with previous_token
                    self.reregister(token)
            except self.grpc.RpcError as e:
                self.log(f"Heartbeat failed: {e.code().name}")

    # -- admin requests through the server
    def admin_loop(self):
        while not self.stop.is_set():
            token = self.token
            try:
                for req in self.stub.AdminRequests(self.fed.AdminStreamRequest(token=token, client_name=self.name)):
                    if req.command == self.fed.ADMIN_COMMAND_PING:
                        continue   # keepalive: no reply
                    reply = self.handle(req)
                    reply.token, reply.client_name, reply.request_id = self.token, self.name, req.request_id
                    reply.status, reply.run_number, reply.round = self.status, self.run_number, self.round
                    self.stub.ReplyAdminRequest(reply, timeout=30)
                    if req.command in (self.fed.ADMIN_COMMAND_SHUTDOWN, self.fed.ADMIN_COMMAND_REMOVE):
                        self.quit()
                        return
            except self.grpc.RpcError as e:
                if self.stop.is_set():
                    return
                self.log(f"admin stream ended: {e.code().name}; reopening")
                if e.code() == self.grpc.StatusCode.UNAUTHENTICATED:
                    self.reregister(token)
                self.stop.wait(1)

    def handle(self, req):
        f, A = self.fed, self.fed.AdminReply
        name = f.AdminCommand.Name(req.command)
        self.log(f"admin {req.issued_by}: {name} {' '.join(req.args)}")
        try:
            if req.command == f.ADMIN_COMMAND_CHECK_STATUS:
                return A(ok=True)
            if req.command == f.ADMIN_COMMAND_SET_RUN_NUMBER:
                self.run_number = int(req.args[0])
                os.makedirs(os.path.join(self.ws, f"run_{self.run_number}"), exist_ok=True)
                return A(ok=True, message=f"Run number set to {self.run_number}.")
            if req.command == f.ADMIN_COMMAND_DEPLOY:
                self.run_number = int(req.args[0])
                self.download_app(self.run_number)
                return A(ok=True, message="MMAR deployed.")
            if req.command == f.ADMIN_COMMAND_START:
                if self.training and self.training[0].is_alive():
                    return A(ok=False, message=f"the client is already training run {self.run_number}")
                self.run_number, abort = int(req.args[0]), threading.Event()
                self.training = (threading.Thread(target=self.train_loop, args=(abort,), daemon=True), abort)
                self.status = self.common.TRAINING_STATUS_STARTING
                self.training[0].start()
                return A(ok=True, message="Starting the client...")
            if req.command == f.ADMIN_COMMAND_ABORT:
                if not (self.training and self.training[0].is_alive()):
                    return A(ok=False, message="the client has not started training; nothing to abort")
                self.training[1].set()
                self.status = self.common.TRAINING_STATUS_STOPPED
                return A(ok=True, message="Aborting the client...")
            if req.command in (f.ADMIN_COMMAND_SHUTDOWN, f.ADMIN_COMMAND_REMOVE):
                if self.training:
                    self.training[1].set()
                return A(ok=True, message="Shutdown the client...")
            if req.command == f.ADMIN_COMMAND_SYS_INFO:
                return A(ok=True, system_info=self.common.SystemInfo(hostname=socket.gethostname(), os=platform.platform(),
                                                                     cpu_count=os.cpu_count() or 1, pid=os.getpid(),
                                                                     training_backend="numpy linear regression"))
            return A(ok=False, message=f"this client does not support {name}")
        except Exception as e:   # every failure is an answer, never a dead stream
            return A(ok=False, message=f"{name} failed: {e}")

    def download_app(self, run):
        """DownloadApp into run_N/mmar_<name>/ (the app's config/ and resources/); returns the file count."""
        app = os.path.join(self.ws, f"run_{run}", f"mmar_{self.name}")
        shutil.rmtree(app, ignore_errors=True)
        files = 0
        for c in self.stub.DownloadApp(self.fed.DownloadAppRequest(token=self.token, client_name=self.name, run_number=run), timeout=600):
            if ".." in c.path.split("/") or c.path.startswith("/"):
                raise ValueError(f"refusing unsafe path {c.path!r}")
            path = os.path.join(app, c.path)
            if c.is_directory:
                os.makedirs(path, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "r+b" if c.offset else "wb") as out:
                out.seek(c.offset)
                out.write(c.data)
            files += c.last_chunk
        self.log(f"app for run {run} downloaded into {app} ({files} files)")
        return files

    # -- training
    def get_task(self):
        """GetTask: (header, model dict or None). The server holds the call up to ~5 s when it has nothing."""
        header, manifest, buf = None, None, None
        for chunk in self.stub.GetTask(self.fed.GetTaskRequest(token=self.token, client_name=self.name, run_number=self.run_number), timeout=3600):
            if chunk.HasField("header"):
                header = chunk.header
            if chunk.HasField("model"):
                m = chunk.model
                if m.HasField("manifest"):
                    manifest, buf = m.manifest, bytearray(m.manifest.total_bytes)
                buf[m.offset:m.offset + len(m.data)] = m.data
        if manifest is None:
            return header, None
        model, off = {}, 0
        for t in manifest.tensors:
            if t.dtype != self.common.DTYPE_FLOAT32:
                raise ValueError(f"tensor {t.name} is not float32")
            n = 4 * int(np.prod(t.shape, dtype=np.int64))
            model[t.name] = np.frombuffer(bytes(buf[off:off + n]), "<f4").reshape(tuple(t.shape)).copy()
            off += n
        return header, model

    def local_epochs(self):
        """client.local_epochs of the deployed app's config_fed_client.json (default 1)."""
        path = os.path.join(self.ws, f"run_{self.run_number}", f"mmar_{self.name}", "config", "config_fed_client.json")
        try:
            with open(path) as f:
                return int(json.load(f).get("client", {}).get("local_epochs", 1))
        except (OSError, ValueError):
            return 1

    def update_chunks(self, header, model):
        """UpdateChunks: the header and manifest first, then the tensors' bytes in ~1 MiB pieces."""
        blob = b"".join(np.ascontiguousarray(a, "<f4").tobytes() for a in model.values())
        manifest = self.common.ModelManifest(total_bytes=len(blob), meta={"format": "weights"}, tensors=[
            self.common.TensorInfo(name=k, dtype=self.common.DTYPE_FLOAT32, shape=list(a.shape)) for k, a in model.items()])
        for off in range(0, max(len(blob), 1), CHUNK):
            first = off == 0
            yield self.fed.UpdateChunk(header=header if first else None, model=self.common.ModelChunk(
                manifest=manifest if first else None, offset=off, data=blob[off:off + CHUNK]))

    def train_loop(self, abort):
        self.status = self.common.TRAINING_STATUS_STARTED
        self.log(f"training started for run {self.run_number}")
        for _ in range(100_000):   # bounded: each turn is a long-poll of a few seconds at most
            if abort.is_set() or self.stop.is_set():
                return
            token = self.token
            try:
                if not self.do_task(abort):
                    return
            except self.grpc.RpcError as e:   # server unreachable, restarted, or refused: retry the task
                self.log(f"task failed: {e.code().name}: {e.details()}; retrying")
                if e.code() == self.grpc.StatusCode.UNAUTHENTICATED:
                    self.reregister(token)
                abort.wait(1)

    def do_task(self, abort):
        """One GetTask and its answer; False once the run is over."""
        f, M = self.fed, self.common.Metric
        h, model = self.get_task()
        if h.kind == f.TASK_KIND_WAIT:
            abort.wait(max(0.05, h.retry_after_ms / 1000))
        elif h.kind == f.TASK_KIND_END:
            self.status = self.common.TRAINING_STATUS_FINISHED
            self.log(f"run {self.run_number} is over for this client")
            return False
        elif h.kind == f.TASK_KIND_TRAIN:
            self.round = h.round
            model = model or initial_model(self.features)   # round 0 may come without a global model
            trained = train(model, self.x, self.y, self.local_epochs())
            loss, val = mse(trained, self.x, self.y), mse(model, self.x, self.y)
            header = f.UpdateHeader(token=self.token, client_name=self.name, task_id=h.task_id, run_number=self.run_number,
                                    round=h.round, sample_count=len(self.y), kind=f.UPDATE_KIND_WEIGHTS,
                                    metrics=[M(name="loss", value=loss), M(name="val_mse", value=val)])
            r = self.stub.SubmitUpdate(self.update_chunks(header, trained), timeout=3600)
            self.log(f"round {h.round}/{h.num_rounds}: loss {loss:.4f}; update {'accepted' if r.accepted else 'refused: ' + r.message}")
        elif h.kind == f.TASK_KIND_VALIDATE:
            self.status = self.common.TRAINING_STATUS_CROSS_VALIDATING
            metric = mse(model, self.x, self.y)
            self.stub.SubmitValidation(f.ValidationReport(token=self.token, client_name=self.name, task_id=h.task_id,
                                                          run_number=self.run_number, model_owner=h.model_owner,
                                                          metrics=[M(name="mse", value=metric)]), timeout=60)
            self.log(f"validated {h.model_owner}'s model: mse {metric:.4f}")
        return True

    def quit(self):
        try:
            self.stub.Quit(self.fed.QuitRequest(token=self.token, client_name=self.name), timeout=5)
        except self.grpc.RpcError:
            pass
        self.log("quit; shutting down")
        self.stop.set()

    def run(self):
        self.register()
        threads = [threading.Thread(target=t, daemon=True) for t in (self.heartbeat_loop, self.admin_loop)]
        for t in threads:
            t.start()
        while not self.stop.wait(0.5):
            pass
        self.channel.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workspace", help="the client's workspace: the folder holding the kit's startup/")
    p.add_argument("--proto", default=os.path.normpath(os.path.join(HERE, "..", "..", "proto")), help="Flock's proto/ folder")
    p.add_argument("--features", type=int, default=FEATURES, help="size of the linear model (must match every site)")
    p.add_argument("--external-trainer", action="store_true", help="act as a Swift fl-client's external trainer (FLOCK_* variables)")
    args = p.parse_args()
    if args.external_trainer:
        return external_trainer()
    if not args.workspace:
        p.error("--workspace is required")
    client = FlockClient(args)
    signal_stop = lambda *_: client.stop.set()
    import signal
    signal.signal(signal.SIGTERM, signal_stop)
    signal.signal(signal.SIGINT, signal_stop)
    client.run()


if __name__ == "__main__":
    main()
