// DO NOT EDIT.
// Source: fl/v1/common.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Swift value types for the messages and enums of fl/v1/common.proto. protobuf-c (the C code in
// CFlockProto) does the wire encoding; these types convert to and from its structs.

import FlockRPC
internal import FlockProtoRuntime
internal import CFlockProto
internal import CProtobufC

/// Element type of a tensor's raw bytes (always little-endian).
public enum Fl_V1_DType: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    case float32 // = 1
    case float16 // = 2
    case bfloat16 // = 3
    case float64 // = 4
    case int32 // = 5
    case int64 // = 6
    case uint8 // = 7
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Fl_V1_DType] = [
        .unspecified,
        .float32,
        .float16,
        .bfloat16,
        .float64,
        .int32,
        .int64,
        .uint8,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .float32
        case 2: self = .float16
        case 3: self = .bfloat16
        case 4: self = .float64
        case 5: self = .int32
        case 6: self = .int64
        case 7: self = .uint8
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .float32: return 1
        case .float16: return 2
        case .bfloat16: return 3
        case .float64: return 4
        case .int32: return 5
        case .int64: return 6
        case .uint8: return 7
        case .unrecognized(let value): return value
        }
    }
}

/// Training state of the server or of one client, as the admin shell shows it. The text forms are
/// the Clara 3.1 wording: "training not started", "training starting", "training started",
/// "training stopping", "training stopped", "training finished", "cross site validation".
public enum Fl_V1_TrainingStatus: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    case notStarted // = 1
    case starting // = 2
    case started // = 3
    case stopping // = 4
    case stopped // = 5
    case finished // = 6
    case crossValidating // = 7
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Fl_V1_TrainingStatus] = [
        .unspecified,
        .notStarted,
        .starting,
        .started,
        .stopping,
        .stopped,
        .finished,
        .crossValidating,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .notStarted
        case 2: self = .starting
        case 3: self = .started
        case 4: self = .stopping
        case 5: self = .stopped
        case 6: self = .finished
        case 7: self = .crossValidating
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .notStarted: return 1
        case .starting: return 2
        case .started: return 3
        case .stopping: return 4
        case .stopped: return 5
        case .finished: return 6
        case .crossValidating: return 7
        case .unrecognized(let value): return value
        }
    }
}

/// Describes one tensor of a model, without its data.
public struct Fl_V1_TensorInfo: Sendable, Equatable {
    /// Stable name, equal across sites and runs (e.g. "enc0.conv1.weight"); tensors are matched by name.
    public var name: String = ""
    /// Element type of the tensor's bytes.
    public var dtype: Fl_V1_DType = .unspecified
    /// Dimensions, outermost first; empty for a scalar.
    public var shape: [Int64] = []

    public init(
        name: String = "",
        dtype: Fl_V1_DType = .unspecified,
        shape: [Int64] = []
    ) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
    }
}

/// The layout of a model as it travels: its tensors, in order. The model's bytes are the
/// concatenation of every tensor's raw little-endian bytes in this order, with no padding.
public struct Fl_V1_ModelManifest: Sendable, Equatable {
    /// Tensors in transfer order.
    public var tensors: [Fl_V1_TensorInfo] = []
    /// Total number of bytes of all tensors (the sum of element count × element size).
    public var totalBytes: UInt64 = 0
    /// Free-form facts about the model (e.g. "format": "weights" or "delta", "round": "3").
    public var meta: [String: String] = [:]

    public init(
        tensors: [Fl_V1_TensorInfo] = [],
        totalBytes: UInt64 = 0,
        meta: [String: String] = [:]
    ) {
        self.tensors = tensors
        self.totalBytes = totalBytes
        self.meta = meta
    }
}

/// One piece of a model in transit. The first chunk of a model carries the manifest; every chunk
/// carries a byte range of the concatenated tensor bytes. Chunks arrive in increasing offset order,
/// without gaps, and the last chunk ends at manifest.total_bytes. Senders use 256 KiB to 1 MiB of
/// data per chunk (Flock: 256 KiB); receivers must accept any size up to the server's max message size.
public struct Fl_V1_ModelChunk: Sendable, Equatable {
    /// Present in the first chunk of a model only.
    public var manifest: Fl_V1_ModelManifest? = nil
    /// Offset of `data` within the concatenated tensor bytes.
    public var offset: UInt64 = 0
    /// The bytes [offset, offset + len(data)).
    public var data: [UInt8] = []

    public init(
        manifest: Fl_V1_ModelManifest? = nil,
        offset: UInt64 = 0,
        data: [UInt8] = []
    ) {
        self.manifest = manifest
        self.offset = offset
        self.data = data
    }
}

/// One piece of a folder in transit (app upload/download, deploy). A folder travels as a sequence of
/// FileChunk messages: for every entry, one or more chunks in offset order; a directory is a single
/// chunk with is_directory set. Paths are relative, use '/', and never contain "..", a leading '/',
/// or empty components; receivers refuse anything else.
public struct Fl_V1_FileChunk: Sendable, Equatable {
    /// Path of the entry relative to the folder being transferred (e.g. "config/config_train.json").
    public var path: String = ""
    /// True for a directory entry (no data).
    public var isDirectory: Bool = false
    /// Offset of `data` within the file.
    public var offset: UInt64 = 0
    /// File bytes [offset, offset + len(data)); at most about 1 MiB.
    public var data: [UInt8] = []
    /// Unix permission bits (e.g. 0644); only the 0777 bits are honoured.
    public var mode: UInt32 = 0
    /// True on the last chunk of this file (an empty file is one chunk with last_chunk set).
    public var lastChunk: Bool = false
    /// Size of the whole file in bytes, set on its first chunk (lets receivers refuse oversize files early).
    public var fileSize: UInt64 = 0

    public init(
        path: String = "",
        isDirectory: Bool = false,
        offset: UInt64 = 0,
        data: [UInt8] = [],
        mode: UInt32 = 0,
        lastChunk: Bool = false,
        fileSize: UInt64 = 0
    ) {
        self.path = path
        self.isDirectory = isDirectory
        self.offset = offset
        self.data = data
        self.mode = mode
        self.lastChunk = lastChunk
        self.fileSize = fileSize
    }
}

/// A named value reported by training or validation (loss, mean_dice, accuracy, ...).
public struct Fl_V1_Metric: Sendable, Equatable {
    public var name: String = ""
    public var value: Double = 0

    public init(
        name: String = "",
        value: Double = 0
    ) {
        self.name = name
        self.value = value
    }
}

/// What a participant says about the machine it runs on (sys_info).
public struct Fl_V1_SystemInfo: Sendable, Equatable {
    public var hostname: String = ""
    /// e.g. "Linux 6.1.0 x86_64".
    public var os: String = ""
    public var cpuCount: UInt32 = 0
    public var memoryTotalBytes: UInt64 = 0
    public var memoryAvailableBytes: UInt64 = 0
    /// One entry per GPU, e.g. "NVIDIA H100 80GB HBM3 (81559 MiB)"; empty without GPUs.
    public var gpus: [String] = []
    /// Flock version of the process.
    public var flockVersion: String = ""
    /// The training backend the process would use ("cpu (openblas, 2 threads)", "cuda (...)").
    public var trainingBackend: String = ""
    /// Process id and uptime, for operators.
    public var pid: UInt32 = 0
    public var uptimeSeconds: Double = 0

    public init(
        hostname: String = "",
        os: String = "",
        cpuCount: UInt32 = 0,
        memoryTotalBytes: UInt64 = 0,
        memoryAvailableBytes: UInt64 = 0,
        gpus: [String] = [],
        flockVersion: String = "",
        trainingBackend: String = "",
        pid: UInt32 = 0,
        uptimeSeconds: Double = 0
    ) {
        self.hostname = hostname
        self.os = os
        self.cpuCount = cpuCount
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryAvailableBytes = memoryAvailableBytes
        self.gpus = gpus
        self.flockVersion = flockVersion
        self.trainingBackend = trainingBackend
        self.pid = pid
        self.uptimeSeconds = uptimeSeconds
    }
}

extension Fl_V1_TensorInfo: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.TensorInfo")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__tensor_info__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.TensorInfo")
        }
        defer { fl__v1__tensor_info__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__tensor_info__get_packed_size(message)) {
                fl__v1__tensor_info__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__tensor_info__get_packed_size(message) },
            pack: { fl__v1__tensor_info__pack(message, $0) },
            packToBuffer: { fl__v1__tensor_info__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__TensorInfo>, arena: CUnpackArena) throws {
        self.init()
        self.name = try decodeString(message.pointee.name, in: "fl.v1.TensorInfo")
        self.dtype = Fl_V1_DType(rawValue: Int32(truncatingIfNeeded: message.pointee.dtype.rawValue))
        self.shape = decodeArray(message.pointee.n_shape, message.pointee.shape)
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__TensorInfo> {
        let message = arena.allocate(Fl__V1__TensorInfo.self)
        fl__v1__tensor_info__init(message)
        message.pointee.name = arena.cString(self.name)
        message.pointee.dtype = Fl__V1__DType(rawValue: .init(truncatingIfNeeded: self.dtype.rawValue))
        (message.pointee.n_shape, message.pointee.shape) = arena.array(self.shape)
        return message
    }
}

extension Fl_V1_ModelManifest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ModelManifest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__model_manifest__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ModelManifest")
        }
        defer { fl__v1__model_manifest__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__model_manifest__get_packed_size(message)) {
                fl__v1__model_manifest__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__model_manifest__get_packed_size(message) },
            pack: { fl__v1__model_manifest__pack(message, $0) },
            packToBuffer: { fl__v1__model_manifest__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ModelManifest>, arena: CUnpackArena) throws {
        self.init()
        self.tensors = try decodeMessages(message.pointee.n_tensors, message.pointee.tensors, in: "fl.v1.ModelManifest") {
            try Fl_V1_TensorInfo(_cMessage: $0, arena: arena)
        }
        self.totalBytes = message.pointee.total_bytes
        self.meta = try decodeMap(message.pointee.n_meta, message.pointee.meta, in: "fl.v1.ModelManifest") { entry in
            (try decodeString(entry.pointee.key, in: "fl.v1.ModelManifest"), try decodeString(entry.pointee.value, in: "fl.v1.ModelManifest"))
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ModelManifest> {
        let message = arena.allocate(Fl__V1__ModelManifest.self)
        fl__v1__model_manifest__init(message)
        (message.pointee.n_tensors, message.pointee.tensors) = arena.pointers(self.tensors) { $0._cMessage(in: arena) }
        message.pointee.total_bytes = self.totalBytes
        // Entries in key order, so equal maps encode to equal bytes.
        (message.pointee.n_meta, message.pointee.meta) = arena.pointers(self.meta.sorted(by: { $0.key < $1.key })) { key, value in
            let entry = arena.allocate(Fl__V1__ModelManifest__MetaEntry.self)
            fl__v1__model_manifest__meta_entry__init(entry)
            entry.pointee.key = arena.cString(key)
            entry.pointee.value = arena.cString(value)
            return entry
        }
        return message
    }
}

extension Fl_V1_ModelChunk: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ModelChunk")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__model_chunk__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ModelChunk")
        }
        defer { fl__v1__model_chunk__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__model_chunk__get_packed_size(message)) {
                fl__v1__model_chunk__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__model_chunk__get_packed_size(message) },
            pack: { fl__v1__model_chunk__pack(message, $0) },
            packToBuffer: { fl__v1__model_chunk__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ModelChunk>, arena: CUnpackArena) throws {
        self.init()
        if let value = message.pointee.manifest {
            self.manifest = try Fl_V1_ModelManifest(_cMessage: value, arena: arena)
        }
        self.offset = message.pointee.offset
        self.data = arena.bytes(message.pointee.data)
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ModelChunk> {
        let message = arena.allocate(Fl__V1__ModelChunk.self)
        fl__v1__model_chunk__init(message)
        if let value = self.manifest {
            message.pointee.manifest = value._cMessage(in: arena)
        }
        message.pointee.offset = self.offset
        arena.setBytes(self.data, in: message, at: \.data)
        return message
    }
}

extension Fl_V1_FileChunk: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.FileChunk")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__file_chunk__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.FileChunk")
        }
        defer { fl__v1__file_chunk__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__file_chunk__get_packed_size(message)) {
                fl__v1__file_chunk__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__file_chunk__get_packed_size(message) },
            pack: { fl__v1__file_chunk__pack(message, $0) },
            packToBuffer: { fl__v1__file_chunk__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__FileChunk>, arena: CUnpackArena) throws {
        self.init()
        self.path = try decodeString(message.pointee.path, in: "fl.v1.FileChunk")
        self.isDirectory = message.pointee.is_directory != 0
        self.offset = message.pointee.offset
        self.data = arena.bytes(message.pointee.data)
        self.mode = message.pointee.mode
        self.lastChunk = message.pointee.last_chunk != 0
        self.fileSize = message.pointee.file_size
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__FileChunk> {
        let message = arena.allocate(Fl__V1__FileChunk.self)
        fl__v1__file_chunk__init(message)
        message.pointee.path = arena.cString(self.path)
        message.pointee.is_directory = self.isDirectory ? 1 : 0
        message.pointee.offset = self.offset
        arena.setBytes(self.data, in: message, at: \.data)
        message.pointee.mode = self.mode
        message.pointee.last_chunk = self.lastChunk ? 1 : 0
        message.pointee.file_size = self.fileSize
        return message
    }
}

extension Fl_V1_Metric: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.Metric")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__metric__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.Metric")
        }
        defer { fl__v1__metric__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__metric__get_packed_size(message)) {
                fl__v1__metric__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__metric__get_packed_size(message) },
            pack: { fl__v1__metric__pack(message, $0) },
            packToBuffer: { fl__v1__metric__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__Metric>, arena: CUnpackArena) throws {
        self.init()
        self.name = try decodeString(message.pointee.name, in: "fl.v1.Metric")
        self.value = message.pointee.value
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__Metric> {
        let message = arena.allocate(Fl__V1__Metric.self)
        fl__v1__metric__init(message)
        message.pointee.name = arena.cString(self.name)
        message.pointee.value = self.value
        return message
    }
}

extension Fl_V1_SystemInfo: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.SystemInfo")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__system_info__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.SystemInfo")
        }
        defer { fl__v1__system_info__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__system_info__get_packed_size(message)) {
                fl__v1__system_info__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__system_info__get_packed_size(message) },
            pack: { fl__v1__system_info__pack(message, $0) },
            packToBuffer: { fl__v1__system_info__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__SystemInfo>, arena: CUnpackArena) throws {
        self.init()
        self.hostname = try decodeString(message.pointee.hostname, in: "fl.v1.SystemInfo")
        self.os = try decodeString(message.pointee.os, in: "fl.v1.SystemInfo")
        self.cpuCount = message.pointee.cpu_count
        self.memoryTotalBytes = message.pointee.memory_total_bytes
        self.memoryAvailableBytes = message.pointee.memory_available_bytes
        self.gpus = try decodeArray(message.pointee.n_gpus, message.pointee.gpus).map {
            try decodeString($0, in: "fl.v1.SystemInfo")
        }
        self.flockVersion = try decodeString(message.pointee.flock_version, in: "fl.v1.SystemInfo")
        self.trainingBackend = try decodeString(message.pointee.training_backend, in: "fl.v1.SystemInfo")
        self.pid = message.pointee.pid
        self.uptimeSeconds = message.pointee.uptime_seconds
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__SystemInfo> {
        let message = arena.allocate(Fl__V1__SystemInfo.self)
        fl__v1__system_info__init(message)
        message.pointee.hostname = arena.cString(self.hostname)
        message.pointee.os = arena.cString(self.os)
        message.pointee.cpu_count = self.cpuCount
        message.pointee.memory_total_bytes = self.memoryTotalBytes
        message.pointee.memory_available_bytes = self.memoryAvailableBytes
        (message.pointee.n_gpus, message.pointee.gpus) = arena.cStrings(self.gpus)
        message.pointee.flock_version = arena.cString(self.flockVersion)
        message.pointee.training_backend = arena.cString(self.trainingBackend)
        message.pointee.pid = self.pid
        message.pointee.uptime_seconds = self.uptimeSeconds
        return message
    }
}
