// DO NOT EDIT.
// Source: codegen/test/v1/sample.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Swift value types for the messages and enums of codegen/test/v1/sample.proto. protobuf-c (the C code in
// CFlockCodegenSamples) does the wire encoding; these types convert to and from its structs.

import FlockRPC
internal import FlockProtoRuntime
internal import CFlockCodegenSamples
internal import CProtobufC

/// The kinds of things.
public enum Codegen_Test_V1_Kind: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    /// A big one.
    case large // = 1
    /// trailing words
    case small // = 2
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Codegen_Test_V1_Kind] = [
        .unspecified,
        .large,
        .small,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .large
        case 2: self = .small
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .large: return 1
        case .small: return 2
        case .unrecognized(let value): return value
        }
    }
}

/// An outer message.
///
/// With a second paragraph.
public struct Codegen_Test_V1_Outer: Sendable, Equatable {
    /// The name.
    public var displayName: String = ""
    public var kind: Codegen_Test_V1_Kind = .unspecified
    public var sizes: [Int64] = []
    public var inners: [String: Codegen_Test_V1_Outer.Inner] = [:]
    public var first: Codegen_Test_V1_Outer.Inner? = nil
    public var blob: [UInt8] = []
    public var `default`: Bool = false

    public init(
        displayName: String = "",
        kind: Codegen_Test_V1_Kind = .unspecified,
        sizes: [Int64] = [],
        inners: [String: Codegen_Test_V1_Outer.Inner] = [:],
        first: Codegen_Test_V1_Outer.Inner? = nil,
        blob: [UInt8] = [],
        `default`: Bool = false
    ) {
        self.displayName = displayName
        self.kind = kind
        self.sizes = sizes
        self.inners = inners
        self.first = first
        self.blob = blob
        self.`default` = `default`
    }

    /// A nested message.
    public struct Inner: Sendable, Equatable {
        public var weight: Double = 0
        public var mood: Codegen_Test_V1_Outer.Inner.Mood = .unspecified

        public init(
            weight: Double = 0,
            mood: Codegen_Test_V1_Outer.Inner.Mood = .unspecified
        ) {
            self.weight = weight
            self.mood = mood
        }

        public enum Mood: Sendable, Hashable, RawRepresentable {
            case unspecified // = 0
            case happy // = 1
            /// A value this code does not know (proto3 enums are open); keeps the number.
            case unrecognized(Int32)

            /// Every declared value, in declaration order.
            public static let allKnownCases: [Mood] = [
                .unspecified,
                .happy,
            ]

            /// The proto3 default (the first declared value).
            public init() {
                self = .unspecified
            }

            public init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .unspecified
                case 1: self = .happy
                default: self = .unrecognized(rawValue)
                }
            }

            public var rawValue: Int32 {
                switch self {
                case .unspecified: return 0
                case .happy: return 1
                case .unrecognized(let value): return value
                }
            }
        }
    }
}

extension Codegen_Test_V1_Outer: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode codegen.test.v1.Outer")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            codegen__test__v1__outer__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode codegen.test.v1.Outer")
        }
        defer { codegen__test__v1__outer__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: codegen__test__v1__outer__get_packed_size(message)) {
                codegen__test__v1__outer__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { codegen__test__v1__outer__get_packed_size(message) },
            pack: { codegen__test__v1__outer__pack(message, $0) },
            packToBuffer: { codegen__test__v1__outer__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Codegen__Test__V1__Outer>, arena: CUnpackArena) throws {
        self.init()
        self.displayName = try decodeString(message.pointee.display_name, in: "codegen.test.v1.Outer")
        self.kind = Codegen_Test_V1_Kind(rawValue: Int32(truncatingIfNeeded: message.pointee.kind.rawValue))
        self.sizes = decodeArray(message.pointee.n_sizes, message.pointee.sizes)
        self.inners = try decodeMap(message.pointee.n_inners, message.pointee.inners, in: "codegen.test.v1.Outer") { entry in
            (try decodeString(entry.pointee.key, in: "codegen.test.v1.Outer"), try entry.pointee.value.map { try Codegen_Test_V1_Outer.Inner(_cMessage: $0, arena: arena) } ?? Codegen_Test_V1_Outer.Inner())
        }
        if let value = message.pointee.first {
            self.first = try Codegen_Test_V1_Outer.Inner(_cMessage: value, arena: arena)
        }
        self.blob = arena.bytes(message.pointee.blob)
        self.`default` = message.pointee.default_ != 0
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Codegen__Test__V1__Outer> {
        let message = arena.allocate(Codegen__Test__V1__Outer.self)
        codegen__test__v1__outer__init(message)
        message.pointee.display_name = arena.cString(self.displayName)
        message.pointee.kind = Codegen__Test__V1__Kind(rawValue: .init(truncatingIfNeeded: self.kind.rawValue))
        (message.pointee.n_sizes, message.pointee.sizes) = arena.array(self.sizes)
        // Entries in key order, so equal maps encode to equal bytes.
        (message.pointee.n_inners, message.pointee.inners) = arena.pointers(self.inners.sorted(by: { $0.key < $1.key })) { key, value in
            let entry = arena.allocate(Codegen__Test__V1__Outer__InnersEntry.self)
            codegen__test__v1__outer__inners_entry__init(entry)
            entry.pointee.key = arena.cString(key)
            entry.pointee.value = value._cMessage(in: arena)
            return entry
        }
        if let value = self.first {
            message.pointee.first = value._cMessage(in: arena)
        }
        arena.setBytes(self.blob, in: message, at: \.blob)
        message.pointee.default_ = self.`default` ? 1 : 0
        return message
    }
}

extension Codegen_Test_V1_Outer.Inner: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode codegen.test.v1.Outer.Inner")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        // protoc-c makes pack/unpack functions for top-level messages only: use the generic ones.
        let message = unpackMessage(messageDescriptor(Codegen__Test__V1__Outer__Inner.self, codegen__test__v1__outer__inner__init), bytes, as: Codegen__Test__V1__Outer__Inner.self, arena: arena)
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode codegen.test.v1.Outer.Inner")
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
    init(_cMessage message: UnsafePointer<Codegen__Test__V1__Outer__Inner>, arena: CUnpackArena) throws {
        self.init()
        self.weight = message.pointee.weight
        self.mood = Codegen_Test_V1_Outer.Inner.Mood(rawValue: Int32(truncatingIfNeeded: message.pointee.mood.rawValue))
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Codegen__Test__V1__Outer__Inner> {
        let message = arena.allocate(Codegen__Test__V1__Outer__Inner.self)
        codegen__test__v1__outer__inner__init(message)
        message.pointee.weight = self.weight
        message.pointee.mood = Codegen__Test__V1__Outer__Inner__Mood(rawValue: .init(truncatingIfNeeded: self.mood.rawValue))
        return message
    }
}
