// DO NOT EDIT.
// Source: fl/testing/v1/interop.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Swift value types for the messages and enums of fl/testing/v1/interop.proto. protobuf-c (the C code in
// CFlockProto) does the wire encoding; these types convert to and from its structs.

import FlockRPC
internal import FlockProtoRuntime
internal import CFlockProto
internal import CProtobufC

public struct Fl_Testing_V1_EchoMessage: Sendable, Equatable {
    public var text: String = ""
    public var payload: [UInt8] = []
    public var number: Int64 = 0

    public init(
        text: String = "",
        payload: [UInt8] = [],
        number: Int64 = 0
    ) {
        self.text = text
        self.payload = payload
        self.number = number
    }
}

public struct Fl_Testing_V1_StreamRequest: Sendable, Equatable {
    public var count: UInt32 = 0
    public var chunkSize: UInt32 = 0

    public init(
        count: UInt32 = 0,
        chunkSize: UInt32 = 0
    ) {
        self.count = count
        self.chunkSize = chunkSize
    }
}

public struct Fl_Testing_V1_Chunk: Sendable, Equatable {
    public var sequence: UInt64 = 0
    public var data: [UInt8] = []

    public init(
        sequence: UInt64 = 0,
        data: [UInt8] = []
    ) {
        self.sequence = sequence
        self.data = data
    }
}

public struct Fl_Testing_V1_StreamSummary: Sendable, Equatable {
    public var count: UInt64 = 0
    public var totalBytes: UInt64 = 0
    /// Sum of all data bytes modulo 2^64 (cheap end-to-end check).
    public var checksum: UInt64 = 0

    public init(
        count: UInt64 = 0,
        totalBytes: UInt64 = 0,
        checksum: UInt64 = 0
    ) {
        self.count = count
        self.totalBytes = totalBytes
        self.checksum = checksum
    }
}

public struct Fl_Testing_V1_SleepRequest: Sendable, Equatable {
    public var milliseconds: UInt32 = 0

    public init(
        milliseconds: UInt32 = 0
    ) {
        self.milliseconds = milliseconds
    }
}

public struct Fl_Testing_V1_CancelState: Sendable, Equatable {
    public var observed: Bool = false

    public init(
        observed: Bool = false
    ) {
        self.observed = observed
    }
}

extension Fl_Testing_V1_EchoMessage: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.testing.v1.EchoMessage")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__testing__v1__echo_message__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.testing.v1.EchoMessage")
        }
        defer { fl__testing__v1__echo_message__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__testing__v1__echo_message__get_packed_size(message)) {
                fl__testing__v1__echo_message__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__testing__v1__echo_message__get_packed_size(message) },
            pack: { fl__testing__v1__echo_message__pack(message, $0) },
            packToBuffer: { fl__testing__v1__echo_message__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__Testing__V1__EchoMessage>, arena: CUnpackArena) throws {
        self.init()
        self.text = try decodeString(message.pointee.text, in: "fl.testing.v1.EchoMessage")
        self.payload = arena.bytes(message.pointee.payload)
        self.number = message.pointee.number
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__Testing__V1__EchoMessage> {
        let message = arena.allocate(Fl__Testing__V1__EchoMessage.self)
        fl__testing__v1__echo_message__init(message)
        message.pointee.text = arena.cString(self.text)
        arena.setBytes(self.payload, in: message, at: \.payload)
        message.pointee.number = self.number
        return message
    }
}

extension Fl_Testing_V1_StreamRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.testing.v1.StreamRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__testing__v1__stream_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.testing.v1.StreamRequest")
        }
        defer { fl__testing__v1__stream_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__testing__v1__stream_request__get_packed_size(message)) {
                fl__testing__v1__stream_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__testing__v1__stream_request__get_packed_size(message) },
            pack: { fl__testing__v1__stream_request__pack(message, $0) },
            packToBuffer: { fl__testing__v1__stream_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__Testing__V1__StreamRequest>, arena: CUnpackArena) throws {
        self.init()
        self.count = message.pointee.count
        self.chunkSize = message.pointee.chunk_size
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__Testing__V1__StreamRequest> {
        let message = arena.allocate(Fl__Testing__V1__StreamRequest.self)
        fl__testing__v1__stream_request__init(message)
        message.pointee.count = self.count
        message.pointee.chunk_size = self.chunkSize
        return message
    }
}

extension Fl_Testing_V1_Chunk: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.testing.v1.Chunk")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__testing__v1__chunk__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.testing.v1.Chunk")
        }
        defer { fl__testing__v1__chunk__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__testing__v1__chunk__get_packed_size(message)) {
                fl__testing__v1__chunk__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__testing__v1__chunk__get_packed_size(message) },
            pack: { fl__testing__v1__chunk__pack(message, $0) },
            packToBuffer: { fl__testing__v1__chunk__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__Testing__V1__Chunk>, arena: CUnpackArena) throws {
        self.init()
        self.sequence = message.pointee.sequence
        self.data = arena.bytes(message.pointee.data)
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__Testing__V1__Chunk> {
        let message = arena.allocate(Fl__Testing__V1__Chunk.self)
        fl__testing__v1__chunk__init(message)
        message.pointee.sequence = self.sequence
        arena.setBytes(self.data, in: message, at: \.data)
        return message
    }
}

extension Fl_Testing_V1_StreamSummary: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.testing.v1.StreamSummary")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__testing__v1__stream_summary__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.testing.v1.StreamSummary")
        }
        defer { fl__testing__v1__stream_summary__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__testing__v1__stream_summary__get_packed_size(message)) {
                fl__testing__v1__stream_summary__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__testing__v1__stream_summary__get_packed_size(message) },
            pack: { fl__testing__v1__stream_summary__pack(message, $0) },
            packToBuffer: { fl__testing__v1__stream_summary__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__Testing__V1__StreamSummary>, arena: CUnpackArena) throws {
        self.init()
        self.count = message.pointee.count
        self.totalBytes = message.pointee.total_bytes
        self.checksum = message.pointee.checksum
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__Testing__V1__StreamSummary> {
        let message = arena.allocate(Fl__Testing__V1__StreamSummary.self)
        fl__testing__v1__stream_summary__init(message)
        message.pointee.count = self.count
        message.pointee.total_bytes = self.totalBytes
        message.pointee.checksum = self.checksum
        return message
    }
}

extension Fl_Testing_V1_SleepRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.testing.v1.SleepRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__testing__v1__sleep_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.testing.v1.SleepRequest")
        }
        defer { fl__testing__v1__sleep_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__testing__v1__sleep_request__get_packed_size(message)) {
                fl__testing__v1__sleep_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__testing__v1__sleep_request__get_packed_size(message) },
            pack: { fl__testing__v1__sleep_request__pack(message, $0) },
            packToBuffer: { fl__testing__v1__sleep_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__Testing__V1__SleepRequest>, arena: CUnpackArena) throws {
        self.init()
        self.milliseconds = message.pointee.milliseconds
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__Testing__V1__SleepRequest> {
        let message = arena.allocate(Fl__Testing__V1__SleepRequest.self)
        fl__testing__v1__sleep_request__init(message)
        message.pointee.milliseconds = self.milliseconds
        return message
    }
}

extension Fl_Testing_V1_CancelState: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.testing.v1.CancelState")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__testing__v1__cancel_state__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.testing.v1.CancelState")
        }
        defer { fl__testing__v1__cancel_state__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__testing__v1__cancel_state__get_packed_size(message)) {
                fl__testing__v1__cancel_state__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__testing__v1__cancel_state__get_packed_size(message) },
            pack: { fl__testing__v1__cancel_state__pack(message, $0) },
            packToBuffer: { fl__testing__v1__cancel_state__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__Testing__V1__CancelState>, arena: CUnpackArena) throws {
        self.init()
        self.observed = message.pointee.observed != 0
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__Testing__V1__CancelState> {
        let message = arena.allocate(Fl__Testing__V1__CancelState.self)
        fl__testing__v1__cancel_state__init(message)
        message.pointee.observed = self.observed ? 1 : 0
        return message
    }
}
