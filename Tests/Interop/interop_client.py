"""A grpcio client running the FlockRPC interop cases (or the benchmark) against a server
implementing fl.testing.v1.Interop over mutual TLS. Stubs come from `grpc_tools.protoc` run by
the caller into GEN_DIR.

Usage: interop_client.py GEN_DIR CERT_DIR PORT [--mib N] [--bench]
Exit status 0 when every case passed.
"""
import argparse
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("gen")
parser.add_argument("certs")
parser.add_argument("port", type=int)
parser.add_argument("--mib", type=int, default=256)
parser.add_argument("--bench", action="store_true")
parser.add_argument("--cert", default="client")
args = parser.parse_args()

sys.path.insert(0, args.gen)
import grpc  # noqa: E402
import numpy as np  # noqa: E402
from fl.testing.v1 import interop_pb2 as pb  # noqa: E402
from fl.testing.v1 import interop_pb2_grpc as pbg  # noqa: E402

MIB = 1 << 20


def read(name):
    with open(f"{args.certs}/{name}", "rb") as f:
        return f.read()


def channel():
    creds = grpc.ssl_channel_credentials(read("ca.pem"), read(f"{args.cert}.key"), read(f"{args.cert}.pem"))
    return grpc.secure_channel(
        f"localhost:{args.port}",
        creds,
        options=[("grpc.max_receive_message_length", 16 * MIB), ("grpc.max_send_message_length", 16 * MIB)],
    )


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def bench(stub):
    stub.Unary(pb.EchoMessage(text="warm-up"))
    start = time.perf_counter()
    got = 0
    for c in stub.ServerStream(pb.StreamRequest(count=args.mib, chunk_size=MIB)):
        got += len(c.data)
    down = time.perf_counter() - start
    assert got == args.mib * MIB, got
    data = b"\x5a" * MIB

    def chunks():
        for seq in range(args.mib):
            yield pb.Chunk(sequence=seq, data=data)

    start = time.perf_counter()
    summary = stub.ClientStream(chunks(), metadata=(("x-flock-bench", "1"),))
    up = time.perf_counter() - start
    assert summary.total_bytes == args.mib * MIB, summary
    print(f"DOWNLOAD_MBPS {args.mib * MIB / 1e6 / down:.0f}")
    print(f"UPLOAD_MBPS {args.mib * MIB / 1e6 / up:.0f}")
    print(f"CLIENT_PEAK_RSS_MIB {peak_rss_mib():.1f}", flush=True)


def cases(stub, ch):
    failures = 0

    def run(name, fn):
        nonlocal failures
        start = time.perf_counter()
        try:
            fn()
            print(f"PASS {name} ({time.perf_counter() - start:.2f}s)", flush=True)
        except Exception as e:  # noqa: BLE001
            failures += 1
            print(f"FAIL {name}: {e!r}", flush=True)

    def unary():
        r = stub.Unary(pb.EchoMessage(text="hello", payload=b"\x01\x02", number=42))
        assert (r.text, r.payload, r.number) == ("hello", b"\x01\x02", 42), r

    def server_stream():
        count = total = 0
        for c in stub.ServerStream(pb.StreamRequest(count=args.mib, chunk_size=MIB)):
            assert c.sequence == count and len(c.data) == MIB, (c.sequence, len(c.data))
            assert c.data[0] == count & 0xFF and c.data[-1] == count & 0xFF
            count += 1
            total += len(c.data)
        assert count == args.mib and total == args.mib * MIB, (count, total)

    def client_stream():
        expected = 0

        def chunks():
            nonlocal expected
            for seq in range(args.mib):
                expected += (seq % 251) * MIB
                yield pb.Chunk(sequence=seq, data=bytes([seq % 251]) * MIB)

        s = stub.ClientStream(chunks())
        assert (s.count, s.total_bytes, s.checksum) == (args.mib, args.mib * MIB, expected % (1 << 64)), s

    def bidi():
        got = [m.number for m in stub.Bidi(iter([pb.EchoMessage(text="m", number=n) for n in range(50)]))]
        assert got == list(range(50)), got

    def deadline():
        try:
            stub.Sleep(pb.SleepRequest(milliseconds=5000), timeout=0.3)
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.DEADLINE_EXCEEDED, e
            return
        raise AssertionError("the call succeeded")

    def cancel():
        name = f"py-cancel-{time.time_ns()}"
        fut = stub.Hang.future(pb.EchoMessage(text=name))
        time.sleep(0.3)
        fut.cancel()
        for _ in range(100):
            if stub.WasCancelled(pb.EchoMessage(text=name)).observed:
                return
            time.sleep(0.05)
        raise AssertionError("the server never saw the cancellation")

    def unknown():
        nope = ch.unary_unary("/fl.testing.v1.Interop/Nope", request_serializer=lambda b: b, response_deserializer=lambda b: b)
        try:
            nope(b"")
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.UNIMPLEMENTED, e
            return
        raise AssertionError("the call succeeded")

    run("unary", unary)
    run(f"server stream {args.mib} MiB", server_stream)
    run(f"client stream {args.mib} MiB", client_stream)
    run("bidi echo", bidi)
    run("deadline exceeded", deadline)
    run("cancellation observed by the server", cancel)
    run("unknown method is UNIMPLEMENTED", unknown)
    return failures


def main():
    ch = channel()
    stub = pbg.InteropStub(ch)
    if args.bench:
        bench(stub)
        return 0
    return 1 if cases(stub, ch) else 0


if __name__ == "__main__":
    sys.exit(main())
