#!/usr/bin/env python3
"""A small admin driver over the generated fl.v1.Admin stubs: runs one federated run and checks it.

    python drive_run.py --admin-workspace WS --admin EMAIL --app APP_DIR --server-workspace SERVER_WS \
                        --clients site-1,site-2 [--rounds 2] [--timeout 240]

Login with the admin kit (mTLS, client.crt/client.key/rootCA.pem; the admin port and host come from
the command line as the admin kit has no fed_client.json), wait until every client is registered,
set_run_number 1, upload_folder APP, deploy to server and clients, start server and clients, wait
for run_1/mmar_server/fl_state.json to say finished, check that every round has every client's
update, read `validate all`, then shut the clients and the server down. Exits 1 with a message on
any failure; every wait has a deadline.
"""
import argparse, json, os, sys, time

import grpc

from flock_client import load_stubs, HERE


def fail(msg):
    sys.exit("drive_run: FAILED: " + msg)


def eventually(what, deadline, body, every=0.5):
    """Calls body() until it returns something truthy, or fails at the deadline naming what and the last error."""
    last = None
    while time.time() < deadline:
        try:
            v = body()
            if v:
                return v
        except grpc.RpcError as e:
            last = f"{e.code().name}: {e.details()}"
        time.sleep(every)
    fail(f"timed out waiting for {what}" + (f" (last error: {last})" if last else ""))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--admin-workspace", required=True)
    p.add_argument("--admin", required=True, help="the admin's email (the certificate CN)")
    p.add_argument("--host", default="localhost")
    p.add_argument("--admin-port", type=int, required=True)
    p.add_argument("--app", required=True, help="the app folder to upload")
    p.add_argument("--server-workspace", required=True)
    p.add_argument("--clients", required=True)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--timeout", type=float, default=240)
    p.add_argument("--proto", default=os.path.normpath(os.path.join(HERE, "..", "..", "proto")))
    a = p.parse_args()
    deadline = time.time() + a.timeout
    clients = a.clients.split(",")
    load_stubs(a.proto)
    from fl.v1 import admin_pb2 as ad, admin_pb2_grpc, common_pb2 as common

    s = os.path.join(a.admin_workspace, "startup")
    read = lambda n: open(os.path.join(s, n), "rb").read()
    creds = grpc.ssl_channel_credentials(read("rootCA.pem"), read("client.key"), read("client.crt"))
    stub = admin_pb2_grpc.AdminStub(grpc.secure_channel(f"{a.host}:{a.admin_port}", creds))
    T = 60  # deadline of each admin call, seconds

    session = eventually("admin login", deadline, lambda: stub.Login(ad.LoginRequest(user_name=a.admin), timeout=T).session)
    print(f"drive_run: logged in as {a.admin}")

    def registered():
        st = stub.CheckStatus(ad.CheckStatusRequest(session=session, target=ad.TARGET_SERVER), timeout=T).server
        return set(clients) <= {c.client_name for c in st.registered_clients}
    eventually(f"clients {clients} to register", deadline, registered)
    print(f"drive_run: clients registered: {', '.join(clients)}")

    def check(reply, what):
        bad = [f"{r.target}: {r.message}" for r in reply.replies if not r.ok]
        if bad:
            fail(f"{what}: " + "; ".join(bad))
        print(f"drive_run: {what}: " + (reply.message or "; ".join(f"{r.target}: {r.message}" for r in reply.replies)))

    check(stub.SetRunNumber(ad.RunNumberRequest(session=session, run_number=1), timeout=T), "set_run_number 1")

    def upload_chunks():
        total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(a.app) for f in fs)
        yield ad.UploadFolderChunk(header=ad.UploadFolderHeader(session=session, folder="linear", total_bytes=total))
        for d, dirs, files in sorted(os.walk(a.app)):
            rel = os.path.relpath(d, a.app)
            if rel != ".":
                yield ad.UploadFolderChunk(file=common.FileChunk(path=rel, is_directory=True, mode=0o755, last_chunk=True))
            for f in sorted(files):
                data, path = open(os.path.join(d, f), "rb").read(), f if rel == "." else f"{rel}/{f}"
                for off in range(0, max(len(data), 1), 1 << 20):
                    piece = data[off:off + (1 << 20)]
                    yield ad.UploadFolderChunk(file=common.FileChunk(
                        path=path, offset=off, data=piece, mode=0o644, file_size=len(data) if off == 0 else 0,
                        last_chunk=off + len(piece) >= len(data)))
    check(stub.UploadFolder(upload_chunks(), timeout=T), "upload_folder linear")

    check(stub.Deploy(ad.DeployRequest(session=session, app="linear", target=ad.TARGET_SERVER), timeout=T), "deploy linear server")
    check(stub.Deploy(ad.DeployRequest(session=session, app="linear", target=ad.TARGET_CLIENT), timeout=T), "deploy linear client")
    check(stub.Start(ad.TargetRequest(session=session, target=ad.TARGET_SERVER), timeout=T), "start server")
    check(stub.Start(ad.TargetRequest(session=session, target=ad.TARGET_CLIENT), timeout=T), "start client")

    state_path = os.path.join(a.server_workspace, "run_1", "mmar_server", "fl_state.json")

    def finished():
        if not os.path.exists(state_path):
            return None
        st = json.load(open(state_path))
        return st if st.get("finished") else None
    started = time.time()
    state = eventually(f"{state_path} to say finished", deadline, finished)
    print(f"drive_run: run finished in {time.time() - started:.1f} s")

    rounds = [h["round"] for h in state["history"]]
    if rounds != list(range(a.rounds)):
        fail(f"fl_state.json history has rounds {rounds}, expected {list(range(a.rounds))}")
    for h in state["history"]:
        if sorted(h["participants"]) != sorted(clients) or sorted(h["samples"]) != sorted(clients):
            fail(f"round {h['round']} aggregated updates from {sorted(h['samples'])}, expected {sorted(clients)}")
        losses = ", ".join("%s %.4f" % (c, m.get("loss", float("nan"))) for c, m in sorted(h["trainMetrics"].items()))
        print(f"drive_run: round {h['round']}: updates from {', '.join(sorted(h['samples']))}; loss {losses}")

    v = stub.Validate(ad.ValidateRequest(session=session, all=True), timeout=T)
    targets = {e.target for e in v.entries}
    if not set(clients) <= targets:
        fail(f"validate all has results from {sorted(targets)}, expected every client {clients}")
    print(f"drive_run: validate all: {len(v.entries)} entries from {', '.join(sorted(targets))}")

    check(stub.Shutdown(ad.TargetRequest(session=session, target=ad.TARGET_CLIENT), timeout=T), "shutdown client")
    # Clients first, then the server (as the admin guide says): wait until they have quit.
    def gone():
        st = stub.CheckStatus(ad.CheckStatusRequest(session=session, target=ad.TARGET_SERVER), timeout=T).server
        return not st.registered_clients
    eventually("the clients to quit", min(deadline, time.time() + 20), gone)
    try:
        check(stub.Shutdown(ad.TargetRequest(session=session, target=ad.TARGET_SERVER), timeout=T), "shutdown server")
    except grpc.RpcError as e:   # the server may close the connection while answering
        print(f"drive_run: shutdown server: {e.code().name}")
    print("drive_run: OK")


if __name__ == "__main__":
    main()
