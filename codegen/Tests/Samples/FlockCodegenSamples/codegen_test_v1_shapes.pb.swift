// DO NOT EDIT.
// Source: codegen/test/v1/shapes.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Swift value types for the messages and enums of codegen/test/v1/shapes.proto. protobuf-c (the C code in
// CFlockCodegenSamples) does the wire encoding; these types convert to and from its structs.

import FlockRPC
internal import FlockProtoRuntime
internal import CFlockCodegenSamples
internal import CProtobufC

/// A color; CRIMSON is an alias of RED.
public enum Codegen_Test_V1_Color: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    /// Like a tomato.
    case red // = 1
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    public static let crimson = Codegen_Test_V1_Color.red

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Codegen_Test_V1_Color] = [
        .unspecified,
        .red,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .red
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .red: return 1
        case .unrecognized(let value): return value
        }
    }
}

public struct Codegen_Test_V1_Shapes: Sendable, Equatable {
    public var i32: Int32 = 0
    public var s64: Int64 = 0
    public var f32: UInt32 = 0
    public var ratio: Float = 0
    public var flag: Bool = false
    public var label: String = ""
    public var blob: [UInt8] = []
    public var color: Codegen_Test_V1_Color = .unspecified
    public var colors: [Codegen_Test_V1_Color] = []
    public var flags: [Bool] = []
    public var names: [String] = []
    public var parts: [Codegen_Test_V1_Shapes.Part] = []
    public var byId: [Int64: Codegen_Test_V1_Shapes.Part] = [:]
    public var mainPart: Codegen_Test_V1_Shapes.Part? = nil
    public var `default`: UInt64 = 0
    public var blobs: [[UInt8]] = []
    public var byFlag: [Bool: [UInt8]] = [:]
    public var ds: [Double] = []
    public var byName: [String: Codegen_Test_V1_Color] = [:]

    public init(
        i32: Int32 = 0,
        s64: Int64 = 0,
        f32: UInt32 = 0,
        ratio: Float = 0,
        flag: Bool = false,
        label: String = "",
        blob: [UInt8] = [],
        color: Codegen_Test_V1_Color = .unspecified,
        colors: [Codegen_Test_V1_Color] = [],
        flags: [Bool] = [],
        names: [String] = [],
        parts: [Codegen_Test_V1_Shapes.Part] = [],
        byId: [Int64: Codegen_Test_V1_Shapes.Part] = [:],
        mainPart: Codegen_Test_V1_Shapes.Part? = nil,
        `default`: UInt64 = 0,
        blobs: [[UInt8]] = [],
        byFlag: [Bool: [UInt8]] = [:],
        ds: [Double] = [],
        byName: [String: Codegen_Test_V1_Color] = [:]
    ) {
        self.i32 = i32
        self.s64 = s64
        self.f32 = f32
        self.ratio = ratio
        self.flag = flag
        self.label = label
        self.blob = blob
        self.color = color
        self.colors = colors
        self.flags = flags
        self.names = names
        self.parts = parts
        self.byId = byId
        self.mainPart = mainPart
        self.`default` = `default`
        self.blobs = blobs
        self.byFlag = byFlag
        self.ds = ds
        self.byName = byName
    }

    public struct Part: Sendable, Equatable {
        public var side: Codegen_Test_V1_Shapes.Side = .unspecified

        public init(
            side: Codegen_Test_V1_Shapes.Side = .unspecified
        ) {
            self.side = side
        }
    }

    public enum Side: Sendable, Hashable, RawRepresentable {
        case unspecified // = 0
        case left // = 1
        /// A value this code does not know (proto3 enums are open); keeps the number.
        case unrecognized(Int32)

        /// Every declared value, in declaration order.
        public static let allKnownCases: [Side] = [
            .unspecified,
            .left,
        ]

        /// The proto3 default (the first declared value).
        public init() {
            self = .unspecified
        }

        public init(rawValue: Int32) {
            switch rawValue {
            case 0: self = .unspecified
            case 1: self = .left
            default: self = .unrecognized(rawValue)
            }
        }

        public var rawValue: Int32 {
            switch self {
            case .unspecified: return 0
            case .left: return 1
            case .unrecognized(let value): return value
            }
        }
    }
}

public struct Codegen_Test_V1_Nothing: Sendable, Equatable {
    public init() {}
}

extension Codegen_Test_V1_Shapes: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode codegen.test.v1.Shapes")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            codegen__test__v1__shapes__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode codegen.test.v1.Shapes")
        }
        defer { codegen__test__v1__shapes__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: codegen__test__v1__shapes__get_packed_size(message)) {
                codegen__test__v1__shapes__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { codegen__test__v1__shapes__get_packed_size(message) },
            pack: { codegen__test__v1__shapes__pack(message, $0) },
            packToBuffer: { codegen__test__v1__shapes__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Codegen__Test__V1__Shapes>, arena: CUnpackArena) throws {
        self.init()
        self.i32 = message.pointee.i32
        self.s64 = message.pointee.s64
        self.f32 = message.pointee.f32
        self.ratio = message.pointee.ratio
        self.flag = message.pointee.flag != 0
        self.label = try decodeString(message.pointee.label, in: "codegen.test.v1.Shapes")
        self.blob = arena.bytes(message.pointee.blob)
        self.color = Codegen_Test_V1_Color(rawValue: Int32(truncatingIfNeeded: message.pointee.color.rawValue))
        self.colors = decodeArray(message.pointee.n_colors, message.pointee.colors).map {
            Codegen_Test_V1_Color(rawValue: Int32(truncatingIfNeeded: $0.rawValue))
        }
        self.flags = decodeArray(message.pointee.n_flags, message.pointee.flags).map {
            $0 != 0
        }
        self.names = try decodeArray(message.pointee.n_names, message.pointee.names).map {
            try decodeString($0, in: "codegen.test.v1.Shapes")
        }
        self.parts = try decodeMessages(message.pointee.n_parts, message.pointee.parts, in: "codegen.test.v1.Shapes") {
            try Codegen_Test_V1_Shapes.Part(_cMessage: $0, arena: arena)
        }
        self.byId = try decodeMap(message.pointee.n_by_id, message.pointee.by_id, in: "codegen.test.v1.Shapes") { entry in
            (entry.pointee.key, try entry.pointee.value.map { try Codegen_Test_V1_Shapes.Part(_cMessage: $0, arena: arena) } ?? Codegen_Test_V1_Shapes.Part())
        }
        if let value = message.pointee.main_part {
            self.mainPart = try Codegen_Test_V1_Shapes.Part(_cMessage: value, arena: arena)
        }
        self.`default` = message.pointee.default_
        self.blobs = decodeArray(message.pointee.n_blobs, message.pointee.blobs).map {
            arena.bytes($0)
        }
        self.byFlag = try decodeMap(message.pointee.n_by_flag, message.pointee.by_flag, in: "codegen.test.v1.Shapes") { entry in
            (entry.pointee.key != 0, arena.bytes(entry.pointee.value))
        }
        self.ds = decodeArray(message.pointee.n_ds, message.pointee.ds)
        self.byName = try decodeMap(message.pointee.n_by_name, message.pointee.by_name, in: "codegen.test.v1.Shapes") { entry in
            (try decodeString(entry.pointee.key, in: "codegen.test.v1.Shapes"), Codegen_Test_V1_Color(rawValue: Int32(truncatingIfNeeded: entry.pointee.value.rawValue)))
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Codegen__Test__V1__Shapes> {
        let message = arena.allocate(Codegen__Test__V1__Shapes.self)
        codegen__test__v1__shapes__init(message)
        message.pointee.i32 = self.i32
        message.pointee.s64 = self.s64
        message.pointee.f32 = self.f32
        message.pointee.ratio = self.ratio
        message.pointee.flag = self.flag ? 1 : 0
        message.pointee.label = arena.cString(self.label)
        arena.setBytes(self.blob, in: message, at: \.blob)
        message.pointee.color = Codegen__Test__V1__Color(rawValue: .init(truncatingIfNeeded: self.color.rawValue))
        (message.pointee.n_colors, message.pointee.colors) = arena.array(self.colors.map { Codegen__Test__V1__Color(rawValue: .init(truncatingIfNeeded: $0.rawValue)) })
        (message.pointee.n_flags, message.pointee.flags) = arena.array(self.flags.map { $0 ? 1 : 0 })
        (message.pointee.n_names, message.pointee.names) = arena.cStrings(self.names)
        (message.pointee.n_parts, message.pointee.parts) = arena.pointers(self.parts) { $0._cMessage(in: arena) }
        // Entries in key order, so equal maps encode to equal bytes.
        (message.pointee.n_by_id, message.pointee.by_id) = arena.pointers(self.byId.sorted(by: { $0.key < $1.key })) { key, value in
            let entry = arena.allocate(Codegen__Test__V1__Shapes__ByIdEntry.self)
            codegen__test__v1__shapes__by_id_entry__init(entry)
            entry.pointee.key = key
            entry.pointee.value = value._cMessage(in: arena)
            return entry
        }
        if let value = self.mainPart {
            message.pointee.main_part = value._cMessage(in: arena)
        }
        message.pointee.default_ = self.`default`
        (message.pointee.n_blobs, message.pointee.blobs) = arena.bytesArray(self.blobs)
        // Entries in key order, so equal maps encode to equal bytes.
        (message.pointee.n_by_flag, message.pointee.by_flag) = arena.pointers(self.byFlag.sorted(by: { !$0.key && $1.key })) { key, value in
            let entry = arena.allocate(Codegen__Test__V1__Shapes__ByFlagEntry.self)
            codegen__test__v1__shapes__by_flag_entry__init(entry)
            entry.pointee.key = key ? 1 : 0
            arena.setBytes(value, in: entry, at: \.value)
            return entry
        }
        (message.pointee.n_ds, message.pointee.ds) = arena.array(self.ds)
        // Entries in key order, so equal maps encode to equal bytes.
        (message.pointee.n_by_name, message.pointee.by_name) = arena.pointers(self.byName.sorted(by: { $0.key < $1.key })) { key, value in
            let entry = arena.allocate(Codegen__Test__V1__Shapes__ByNameEntry.self)
            codegen__test__v1__shapes__by_name_entry__init(entry)
            entry.pointee.key = arena.cString(key)
            entry.pointee.value = Codegen__Test__V1__Color(rawValue: .init(truncatingIfNeeded: value.rawValue))
            return entry
        }
        return message
    }
}

extension Codegen_Test_V1_Shapes.Part: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode codegen.test.v1.Shapes.Part")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        // protoc-c makes pack/unpack functions for top-level messages only: use the generic ones.
        let message = unpackMessage(messageDescriptor(Codegen__Test__V1__Shapes__Part.self, codegen__test__v1__shapes__part__init), bytes, as: Codegen__Test__V1__Shapes__Part.self, arena: arena)
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode codegen.test.v1.Shapes.Part")
        }
        defer { freeUnpackedMessage(message, arena: arena) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packMessage(message)
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return packMessagePieces(message, in: arena)
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Codegen__Test__V1__Shapes__Part>, arena: CUnpackArena) throws {
        self.init()
        self.side = Codegen_Test_V1_Shapes.Side(rawValue: Int32(truncatingIfNeeded: message.pointee.side.rawValue))
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Codegen__Test__V1__Shapes__Part> {
        let message = arena.allocate(Codegen__Test__V1__Shapes__Part.self)
        codegen__test__v1__shapes__part__init(message)
        message.pointee.side = Codegen__Test__V1__Shapes__Side(rawValue: .init(truncatingIfNeeded: self.side.rawValue))
        return message
    }
}

extension Codegen_Test_V1_Nothing: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode codegen.test.v1.Nothing")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            codegen__test__v1__nothing__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode codegen.test.v1.Nothing")
        }
        defer { codegen__test__v1__nothing__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: codegen__test__v1__nothing__get_packed_size(message)) {
                codegen__test__v1__nothing__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { codegen__test__v1__nothing__get_packed_size(message) },
            pack: { codegen__test__v1__nothing__pack(message, $0) },
            packToBuffer: { codegen__test__v1__nothing__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Codegen__Test__V1__Nothing>, arena: CUnpackArena) throws {
        self.init()
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Codegen__Test__V1__Nothing> {
        let message = arena.allocate(Codegen__Test__V1__Nothing.self)
        codegen__test__v1__nothing__init(message)
        return message
    }
}
