#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ (committed; run again
after changing a format). Seeds are small valid examples plus a few edge cases; libFuzzer
mutates from there. Usage: scripts/make-fuzz-corpus.py [fuzz/corpus]"""
import gzip, io, json, os, struct, sys, zipfile

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- protobuf wire format helpers ----------------------------------------------------------
def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field(num, wt, payload):
    key = varint(num << 3 | wt)
    if wt == 0:
        return key + varint(payload)
    if wt == 2:
        return key + varint(len(payload)) + payload
    if wt == 1:
        return key + struct.pack("<d", payload)
    if wt == 5:
        return key + struct.pack("<f", payload)


def s(num, text):
    return field(num, 2, text.encode() if isinstance(text, str) else text)


# fuzz-proto: byte 0 picks the message type (index into the generated list, modulo), then bytes.
proto_seeds = {
    "strings": s(1, "site-1") + s(2, "instance") + s(3, "project") + s(4, "token"),
    "ints": field(1, 0, 7) + field(2, 0, 1 << 40) + field(3, 0, 1),
    "nested": s(1, s(1, "w") + s(2, "F32") + field(3, 2, varint(2) + varint(3))) + field(2, 0, 5),
    "bytes": s(1, "x") + s(4, bytes(range(64))),
    "doubles": field(1, 1, 0.5) + field(2, 5, 1.5) + s(3, "metric"),
    "map": s(5, s(1, "key") + s(2, "value")) + s(5, s(1, "key") + s(2, "other")),
    "bad-utf8": s(1, b"\xff\xfe"),
    "truncated": b"\x0a\x10abc",
    "unknown-fields": field(99, 0, 1) + s(100, "zzz") + s(1, "a"),
    "repeated": s(1, "a") * 8,
}
for i, (name, body) in enumerate(proto_seeds.items()):
    for pick in (0, 7, 13, 21, 30, 41):
        put("fuzz-proto", f"{name}-{pick}", bytes([pick]) + body)


# ---- gRPC framing: mode, max size (u16 le), cut count, cuts, then bytes ----------------------
def frame(msg, flag=0):
    return bytes([flag]) + struct.pack(">I", len(msg)) + msg


put("fuzz-grpc-framing", "raw-two", bytes([0]) + struct.pack("<H", 1000) + bytes([2, 3, 7]) + frame(b"hello") + frame(b"world!"))
put("fuzz-grpc-framing", "raw-empty-msg", bytes([0]) + struct.pack("<H", 10) + bytes([1, 1]) + frame(b"") + frame(b"a"))
put("fuzz-grpc-framing", "raw-compressed", bytes([0]) + struct.pack("<H", 100) + bytes([0]) + frame(b"zz", flag=1))
put("fuzz-grpc-framing", "raw-oversize", bytes([0]) + struct.pack("<H", 4) + bytes([0]) + frame(b"too long"))
put("fuzz-grpc-framing", "raw-truncated", bytes([0]) + struct.pack("<H", 100) + bytes([0]) + frame(b"abcdef")[:7])
put("fuzz-grpc-framing", "pieces", bytes([1]) + struct.pack("<H", 300) + bytes([3, 1, 2, 200]) + bytes([5]) + b"12345" + bytes([0]) + bytes([3]) + b"abc")


# ---- HTTP/2: byte 0 = read size (0: one read), then frames after the preface -----------------
def h2frame(ftype, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload


def hpack_literal(name, value):
    # literal header field without indexing, new name, no Huffman
    return b"\x00" + bytes([len(name)]) + name.encode() + bytes([len(value)]) + value.encode()


settings = h2frame(4, 0, 0, struct.pack(">HI", 4, 65535) + struct.pack(">HI", 3, 100))
settings_ack = h2frame(4, 1, 0, b"")


def request(stream, path, extra=(), end_stream=False):
    block = b"\x83\x86" + b"\x04" + bytes([len(path)]) + path.encode()  # :method POST, :scheme http, :path
    block += hpack_literal(":authority", "localhost")
    block += hpack_literal("content-type", "application/grpc") + hpack_literal("te", "trailers")
    for k, v in extra:
        block += hpack_literal(k, v)
    return h2frame(1, 0x4 | (0x1 if end_stream else 0), stream, block)


echo = "/fuzz.Echo/Echo"
register = "/fl.v1.FederatedTraining/Register"
data_echo = h2frame(0, 1, 1, frame(b"ping") + frame(b"pong"))
put("fuzz-http2", "echo", b"\x00" + settings + request(1, echo) + data_echo)
put("fuzz-http2", "echo-split-reads", b"\x07" + settings + request(1, echo) + data_echo)
put("fuzz-http2", "register", b"\x00" + settings + request(1, register) + h2frame(0, 1, 1, frame(s(1, "site-1") + s(3, "proj"))))
put("fuzz-http2", "timeout-metadata", b"\x00" + settings + request(1, echo, [("grpc-timeout", "100m"), ("x-meta", "a%20b"), ("x-bin-bin", "AAEC")]) + data_echo)
put("fuzz-http2", "unknown-method", b"\x00" + settings + request(1, "/no.Such/Method", end_stream=True))
put("fuzz-http2", "bad-timeout", b"\x00" + settings + request(1, echo, [("grpc-timeout", "99999999999H")], end_stream=True))
put("fuzz-http2", "compressed", b"\x00" + settings + request(1, echo, [("grpc-encoding", "gzip")]) + h2frame(0, 1, 1, frame(b"x", 1)))
put("fuzz-http2", "two-streams-rst", b"\x00" + settings + request(1, echo) + request(3, register) + h2frame(3, 0, 1, struct.pack(">I", 8)) + h2frame(0, 1, 3, frame(b"")))
put("fuzz-http2", "ping-window-goaway", b"\x00" + settings + settings_ack + h2frame(6, 0, 0, b"12345678") + h2frame(8, 0, 0, struct.pack(">I", 1000)) + h2frame(7, 0, 0, struct.pack(">II", 0, 0)))
put("fuzz-http2", "continuation", b"\x00" + settings + h2frame(1, 0, 1, b"\x83\x86") + h2frame(9, 4, 1, b"\x04" + bytes([len(echo)]) + echo.encode() + hpack_literal("content-type", "application/grpc")) + h2frame(0, 1, 1, frame(b"c")))
put("fuzz-http2", "truncated-message", b"\x00" + settings + request(1, echo) + h2frame(0, 1, 1, frame(b"abcdef")[:8]))
put("fuzz-http2", "padded-data", b"\x00" + settings + request(1, echo) + h2frame(0, 0x9, 1, bytes([3]) + frame(b"pad") + b"\0\0\0"))

# ---- project.yml ----------------------------------------------------------------------------
put("fuzz-project-yml", "valid.yml", """name: example_project
key_algorithm: ec-p256
root_ca_validity_days: 3650
certificate_validity_days: 365
server:
  org: nvidia
  cn: localhost
  fed_learn_port: 8002
  admin_port: 8003
  admin_storage: transfer
  min_num_clients: 1
  max_num_clients: 100
  heart_beat_timeout: 600
fl_clients:
  - org: nvidia
    client_name: site-1
  - org: hospital
    client_name: site-2
    email: it@hospital.org
admin_clients:
  - org: nvidia
    email: admin@nvidia.com
    roles: [super]
""")
put("fuzz-project-yml", "unsafe-names.yml", "name: p\nserver: {org: o, cn: 'a b', fed_learn_port: 99999}\nfl_clients:\n  - {org: o, client_name: ../../etc}\nadmin_clients: []\n")
put("fuzz-project-yml", "anchors.yml", "name: &n p\nserver: &s {org: o, cn: localhost}\nfl_clients: [*s, *s]\nadmin_clients: [{org: o, email: a@b.c, role: *n}]\n")
put("fuzz-project-yml", "dup-keys.yml", "name: a\nname: b\n")
put("fuzz-project-yml", "tags.yml", "name: !!binary aGVsbG8=\nserver: !!map {org: !!int 1}\n")
put("fuzz-project-yml", "deep.yml", "name: " + "[" * 40 + "]" * 40 + "\n")
put("fuzz-project-yml", "bad-indent.yml", "name: p\n  server:\n org: x\n\t- y\n")


# ---- kit zips ---------------------------------------------------------------------------------
def make_zip(entries, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = mode << 16
            info.compress_type = compression
            z.writestr(info, data)
    return buf.getvalue()


kit = [("startup/", b"", 0o040755), ("startup/fed_client.json", b'{"servers": []}', 0o100644),
       ("startup/start.sh", b"#!/bin/sh\necho start\n", 0o100755), ("startup/rootCA.pem", b"-----BEGIN CERTIFICATE-----\n", 0o100644)]
put("fuzz-kit-zip", "kit.zip", make_zip(kit))
put("fuzz-kit-zip", "kit-stored.zip", make_zip(kit, zipfile.ZIP_STORED))
put("fuzz-kit-zip", "slip.zip", make_zip([("startup/../../evil.sh", b"x", 0o100644), ("startup/a", b"a", 0o100644)]))
put("fuzz-kit-zip", "absolute.zip", make_zip([("/tmp/evil", b"x", 0o100644)]))
put("fuzz-kit-zip", "nested.zip", make_zip([("startup/sub/file", b"x", 0o100644)]))
put("fuzz-kit-zip", "symlink.zip", make_zip([("startup/link", b"/etc/passwd", 0o120777)]))
put("fuzz-kit-zip", "device.zip", make_zip([("startup/dev", b"", 0o020644)]))
put("fuzz-kit-zip", "dotdot.zip", make_zip([("startup/..", b"x", 0o100644), ("startup/.", b"y", 0o100644)]))
put("fuzz-kit-zip", "bomb.zip", make_zip([("startup/big", b"\0" * 2_000_000, 0o100644)]))
put("fuzz-kit-zip", "dup.zip", make_zip([("startup/a", b"1", 0o100644), ("startup/a", b"2", 0o100644)]))
# A stored entry whose headers claim 4 GiB.
lying = bytearray(make_zip([("startup/huge", b"abcd", 0o100644)], zipfile.ZIP_STORED))
for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    i = lying.find(sig)
    lying[i + off:i + off + 4] = struct.pack("<I", 0xFFFFFFF0)
put("fuzz-kit-zip", "lying-size.zip", bytes(lying))
put("fuzz-kit-zip", "empty.zip", make_zip([]))
put("fuzz-kit-zip", "not-a-zip", b"PK\x05\x06" + b"\0" * 18)


# ---- upload paths: flags, then records: kind, [len, path], offset u16, n, data, size u16, mode u16
def rec(kind, offset, data, size, mode=0o644, path=None, known=0):
    out = bytes([kind])
    if kind & 0x80:
        out += bytes([len(path)]) + path.encode()
    else:
        out += bytes([known])
    return out + struct.pack("<H", offset) + bytes([len(data)]) + data + struct.pack("<H", size) + struct.pack("<H", mode)


put("fuzz-upload-paths", "valid", bytes([0]) + rec(0x40, 0, b"", 0, known=1) + rec(0x30, 0, b"{}", 2, known=0))
put("fuzz-upload-paths", "keep-only", bytes([1]) + rec(0x30, 0, b"{}", 2, known=0) + rec(0x30, 0, b"model", 5, known=3))
put("fuzz-upload-paths", "escape", bytes([0]) + rec(0x30, 0, b"x", 1, known=4) + rec(0x30, 0, b"x", 1, known=5) + rec(0x30, 0, b"x", 1, known=6))
put("fuzz-upload-paths", "link", bytes([3]) + rec(0x30, 0, b"x", 1, known=13) + rec(0x40, 0, b"", 0, known=14))
put("fuzz-upload-paths", "own-paths", bytes([0]) + rec(0x80 | 0x30, 0, b"abc", 3, path="config/../x") + rec(0x80 | 0x30, 0, b"abc", 3, path="a/b/c"))
put("fuzz-upload-paths", "chunks", bytes([0]) + rec(0x20, 0, b"ab", 4, known=2) + rec(0x10, 2, b"cd", 0, known=2))
put("fuzz-upload-paths", "oversize", bytes([0]) + rec(0x30 | 3, 0, b"x" * 200, 5000, known=2))
put("fuzz-upload-paths", "abandon", bytes([4]) + rec(0x30, 0, b"{}", 2, known=0))


# ---- safetensors ------------------------------------------------------------------------------
def safetensors(header, data):
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


put("fuzz-safetensors", "valid", safetensors({"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                                               "b": {"dtype": "F32", "shape": [1], "data_offsets": [16, 20]},
                                               "__metadata__": {"format": "pt"}}, struct.pack("<5f", 1, 2, 3, 4, 5)))
put("fuzz-safetensors", "other-dtype", safetensors({"i": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}}, b"\0" * 8))
put("fuzz-safetensors", "unknown-dtype", safetensors({"i": {"dtype": "Q7", "shape": [3], "data_offsets": [0, 3]}}, b"abc"))
put("fuzz-safetensors", "huge-shape", safetensors({"a": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 16]}}, b"\0" * 16))
put("fuzz-safetensors", "huge-offsets", safetensors({"a": {"dtype": "X", "shape": [1], "data_offsets": [0, 18446744073709551615]}}, b"\0" * 4))
put("fuzz-safetensors", "negative", safetensors({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [-4, 0]}}, b""))
put("fuzz-safetensors", "empty", safetensors({}, b""))
put("fuzz-safetensors", "short", b"\x08\0\0")
put("fuzz-safetensors", "header-too-long", struct.pack("<Q", 1 << 62) + b"{}")

# ---- datalist ---------------------------------------------------------------------------------
put("fuzz-datalist", "valid.json", json.dumps({"training": [{"image": "imagesTr/a.nii.gz", "label": "labelsTr/a.nii.gz"}],
                                               "validation": [{"image": "/abs/b.nii", "label": "b_seg.nii"}]}))
put("fuzz-datalist", "bad-types.json", '{"training": [{"image": 1, "label": null}], "validation": {}}')
put("fuzz-datalist", "no-training.json", '{"validation": []}')
put("fuzz-datalist", "nested.json", '{"training": ' + "[" * 100 + "]" * 100 + "}")
put("fuzz-datalist", "unicode.json", '{"training": [{"image": "\\u0000../x", "label": "\\ud800"}]}')
put("fuzz-datalist", "numbers.json", '{"training": [], "x": [1e999, -0, 12345678901234567890123]}')

# ---- JSON kit and app configs: byte 0 picks the parser (see fuzz-json-config/main.swift) -------
configs = [
    {"format_version": 1, "servers": [{"name": "p", "service": {"target": "localhost:8002"}, "admin_port": 8003,
                                        "ssl_private_key": "server.key", "ssl_cert": "server.crt", "ssl_root_cert": "rootCA.pem",
                                        "min_num_clients": 1, "max_num_clients": 100, "heart_beat_timeout": 600}]},
    {"format_version": 1, "servers": [{"name": "p", "service": {"target": "localhost:8002"}}],
     "client": {"name": "site-1", "ssl_private_key": "client.key", "ssl_cert": "client.crt", "ssl_root_cert": "rootCA.pem", "retry_timeout": 30}},
    {"data_root": "/data/site-1"},
    {"version": 1, "roles": {"super": "all"}, "admins": [{"email": "a@b.c", "roles": ["super"]}]},
    {"format_version": 1, "server": {"min_num_clients": 1, "max_num_clients": 2, "num_rounds": 3, "wait_after_min_clients": 1}},
    {"format_version": 1, "client": {"local_epochs": 1, "steps_aggregation": 0}},
    {"seed": 1, "epochs": 2, "batch_size": 4, "learning_rate": 0.01,
     "model": {"name": "unet2d", "in_channels": 1, "out_channels": 1, "height": 32, "width": 32},
     "data": {"source": "datalist", "data_list": "datalist.json", "data_root": "/data"}},
]
for i, c in enumerate(configs):
    put("fuzz-json-config", f"config-{i}.json", bytes([i]) + json.dumps(c, indent=1).encode())
put("fuzz-json-config", "train-mlp.json", bytes([6]) + b'{"model": {"name": "mlp", "hidden": [8, 8]}, "data": {"source": "csv", "path": "x.csv"}}')
put("fuzz-json-config", "wrong-types.json", bytes([1]) + b'{"servers": "x", "client": {"retry_timeout": -1e308}}')
put("fuzz-json-config", "not-json", bytes([0]) + b"{,}")


# ---- the C engine's data loaders: mode, height, width, flags, file ---------------------------
def nifti1(dims, datatype, bitpix, data, slope=0.0, inter=0.0, vox_offset=352.0, magic=b"n+1\0", ext=b"\0\0\0\0"):
    h = bytearray(348)
    struct.pack_into("<i", h, 0, 348)
    dim = [len(dims)] + list(dims) + [1] * (7 - len(dims))
    struct.pack_into("<8h", h, 40, *dim)
    struct.pack_into("<hh", h, 70, datatype, bitpix)
    struct.pack_into("<8f", h, 76, 1, 1, 1, 1, 1, 1, 1, 1)
    struct.pack_into("<f", h, 108, vox_offset)
    struct.pack_into("<ff", h, 112, slope, inter)
    h[344:348] = magic
    return bytes(h) + ext + data


vol = nifti1((4, 4, 2), 2, 8, bytes([0, 1] * 16))                      # uint8 4x4x2
put("fuzz-train-data", "nii-uint8", bytes([0, 8, 8, 0]) + vol)
put("fuzz-train-data", "nii-float", bytes([0, 8, 8, 0]) + nifti1((2, 2, 1), 16, 32, struct.pack("<4f", 0, 1, 2, float("nan"))))
put("fuzz-train-data", "nii-scaled-int16", bytes([0, 8, 8, 0]) + nifti1((2, 2), 4, 16, struct.pack("<4h", -5, 0, 5, 1000), slope=2.0, inter=-1.0))
put("fuzz-train-data", "nii-4d", bytes([0, 8, 8, 0]) + nifti1((2, 2, 1, 2), 2, 8, bytes(8)))
put("fuzz-train-data", "nii-truncated", bytes([0, 8, 8, 0]) + nifti1((64, 64, 64), 16, 32, b"\0" * 100))
put("fuzz-train-data", "nii-huge-dims", bytes([0, 8, 8, 0]) + nifti1((32767, 32767, 32767), 64, 64, b"\0" * 64))
put("fuzz-train-data", "nii-extension", bytes([0, 8, 8, 0]) + nifti1((2, 2, 1), 2, 8, bytes(4), vox_offset=368.0,
                                                                     ext=b"\1\0\0\0" + struct.pack("<ii", 16, 4) + b"abcdefgh"))
put("fuzz-train-data", "niigz-uint8", bytes([1, 8, 8, 0]) + gzip.compress(vol, mtime=0))
put("fuzz-train-data", "dataset-binary", bytes([2, 5, 7, 0]) + vol)
put("fuzz-train-data", "dataset-crop-classes", bytes([2, 3, 9, 0x17]) + vol)
put("fuzz-train-data", "dataset-foreground", bytes([2, 16, 16, 0x02]) + nifti1((4, 4, 2), 2, 8, bytes(32)))
put("fuzz-train-data", "csv", bytes([3, 0, 0, 0]) + b"a,b,label\n1,2,0\n3.5,-4,1\n")
put("fuzz-train-data", "csv-bad", bytes([3, 0, 0, 0]) + b"label,x\n1,nan\n2,3,4\n\n\r\n")
put("fuzz-train-data", "csv-header-only", bytes([3, 0, 0, 1]) + b"label,x")
print("seed corpora written to", os.path.normpath(root))
