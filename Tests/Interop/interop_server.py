"""A grpcio server implementing fl.testing.v1.Interop over mutual TLS, for FlockRPC interop tests
and the RPC benchmark. Stubs come from `grpc_tools.protoc` run by the caller into GEN_DIR.

Usage: interop_server.py GEN_DIR CERT_DIR   (prints "LISTENING <port>", serves until stdin closes)
"""
import sys
import threading
import time
from concurrent import futures

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
import numpy as np  # noqa: E402
from fl.testing.v1 import interop_pb2 as pb  # noqa: E402
from fl.testing.v1 import interop_pb2_grpc as pbg  # noqa: E402

CERTS = sys.argv[2]
MAX = 16 * 1024 * 1024


def read(name):
    with open(f"{CERTS}/{name}", "rb") as f:
        return f.read()


class Interop(pbg.InteropServicer):
    def __init__(self):
        self.cancelled = set()
        self.lock = threading.Lock()

    def Unary(self, request, context):
        return request

    def ServerStream(self, request, context):
        size = request.chunk_size
        for seq in range(request.count):
            yield pb.Chunk(sequence=seq, data=bytes([seq & 0xFF]) * size)

    def ClientStream(self, request_iterator, context):
        bench = any(k == "x-flock-bench" for k, _ in context.invocation_metadata())
        count = total = checksum = 0
        for chunk in request_iterator:
            count += 1
            total += len(chunk.data)
            if not bench:
                checksum += int(np.frombuffer(chunk.data, dtype=np.uint8).sum(dtype=np.uint64))
        return pb.StreamSummary(count=count, total_bytes=total, checksum=checksum % (1 << 64))

    def Bidi(self, request_iterator, context):
        for m in request_iterator:
            yield m

    def Sleep(self, request, context):
        deadline = time.monotonic() + request.milliseconds / 1000
        while time.monotonic() < deadline and context.is_active():
            time.sleep(0.01)
        return pb.EchoMessage(text="slept")

    def Hang(self, request, context):
        for _ in range(60 * 100):
            if not context.is_active():
                with self.lock:
                    self.cancelled.add(request.text)
                return pb.EchoMessage()
            time.sleep(0.01)
        return request

    def WasCancelled(self, request, context):
        with self.lock:
            return pb.CancelState(observed=request.text in self.cancelled)


def main():
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16),
        options=[("grpc.max_receive_message_length", MAX), ("grpc.max_send_message_length", MAX)],
    )
    pbg.add_InteropServicer_to_server(Interop(), server)
    creds = grpc.ssl_server_credentials(
        [(read("server.key"), read("server.pem"))], root_certificates=read("ca.pem"), require_client_auth=True
    )
    port = server.add_secure_port("127.0.0.1:0", creds)
    server.start()
    print(f"LISTENING {port}", flush=True)
    for _ in sys.stdin:
        pass
    server.stop(grace=2).wait()


if __name__ == "__main__":
    main()
