// DO NOT EDIT.
// Source: fl/v1/admin.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Swift value types for the messages and enums of fl/v1/admin.proto. protobuf-c (the C code in
// CFlockProto) does the wire encoding; these types convert to and from its structs.

import FlockRPC
internal import FlockProtoRuntime
internal import CFlockProto
internal import CProtobufC

/// Where a command applies.
public enum Fl_V1_Target: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    case server // = 1
    /// Clients: the named ones, or all registered clients when no names are given.
    case client // = 2
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Fl_V1_Target] = [
        .unspecified,
        .server,
        .client,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .server
        case 2: self = .client
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .server: return 1
        case .client: return 2
        case .unrecognized(let value): return value
        }
    }
}

public struct Fl_V1_LoginRequest: Sendable, Equatable {
    /// The admin's email; must equal the admin certificate's CN.
    public var userName: String = ""

    public init(
        userName: String = ""
    ) {
        self.userName = userName
    }
}

public struct Fl_V1_LoginReply: Sendable, Equatable {
    /// Session token for every later call.
    public var session: String = ""
    /// Project name.
    public var project: String = ""
    /// The admin's role and organisation, from authorization.json.
    public var role: String = ""
    public var org: String = ""
    /// The rights the role grants (e.g. "upload", "deploy:all", "train:own", "view:all", "operate:all").
    public var rights: [String] = []

    public init(
        session: String = "",
        project: String = "",
        role: String = "",
        org: String = "",
        rights: [String] = []
    ) {
        self.session = session
        self.project = project
        self.role = role
        self.org = org
        self.rights = rights
    }
}

public struct Fl_V1_SessionRequest: Sendable, Equatable {
    public var session: String = ""

    public init(
        session: String = ""
    ) {
        self.session = session
    }
}

public struct Fl_V1_TargetRequest: Sendable, Equatable {
    public var session: String = ""
    public var target: Fl_V1_Target = .unspecified
    /// Client names (TARGET_CLIENT only); empty means all registered clients.
    public var clientNames: [String] = []

    public init(
        session: String = "",
        target: Fl_V1_Target = .unspecified,
        clientNames: [String] = []
    ) {
        self.session = session
        self.target = target
        self.clientNames = clientNames
    }
}

/// One participant's answer to a command.
public struct Fl_V1_TargetReply: Sendable, Equatable {
    /// "server" or the client instance name.
    public var target: String = ""
    public var ok: Bool = false
    /// What the shell prints for it, e.g. "MMAR deployed." (shown as "instance:NAME : MESSAGE").
    public var message: String = ""

    public init(
        target: String = "",
        ok: Bool = false,
        message: String = ""
    ) {
        self.target = target
        self.ok = ok
        self.message = message
    }
}

public struct Fl_V1_CommandReply: Sendable, Equatable {
    /// Text the shell prints (may be several lines); empty when replies say it all.
    public var message: String = ""
    /// Per-participant answers, in order.
    public var replies: [Fl_V1_TargetReply] = []

    public init(
        message: String = "",
        replies: [Fl_V1_TargetReply] = []
    ) {
        self.message = message
        self.replies = replies
    }
}

public struct Fl_V1_CheckStatusRequest: Sendable, Equatable {
    public var session: String = ""
    public var target: Fl_V1_Target = .unspecified
    public var clientNames: [String] = []

    public init(
        session: String = "",
        target: Fl_V1_Target = .unspecified,
        clientNames: [String] = []
    ) {
        self.session = session
        self.target = target
        self.clientNames = clientNames
    }
}

public struct Fl_V1_RegisteredClient: Sendable, Equatable {
    public var clientName: String = ""
    public var instanceName: String = ""
    public var token: String = ""
    /// Address the client connected from (ip:port).
    public var address: String = ""
    /// Seconds since the last call from this client.
    public var lastSeenSeconds: Double = 0

    public init(
        clientName: String = "",
        instanceName: String = "",
        token: String = "",
        address: String = "",
        lastSeenSeconds: Double = 0
    ) {
        self.clientName = clientName
        self.instanceName = instanceName
        self.token = token
        self.address = address
        self.lastSeenSeconds = lastSeenSeconds
    }
}

public struct Fl_V1_ServerStatus: Sendable, Equatable {
    /// False when no run number has been set ("FL run number has not been set.").
    public var runNumberSet: Bool = false
    public var runNumber: Int32 = 0
    public var status: Fl_V1_TrainingStatus = .unspecified
    /// First round of the run, the number of rounds, and the round in progress (0-based).
    public var startRound: Int32 = 0
    public var numRounds: Int32 = 0
    public var currentRound: Int32 = 0
    public var minNumClients: Int32 = 0
    public var maxNumClients: Int32 = 0
    public var registeredClients: [Fl_V1_RegisteredClient] = []
    /// App deployed to the server for this run, if any.
    public var deployedApp: String = ""
    /// Warnings for operators (e.g. certificates nearing expiry, the last error of the run).
    public var warnings: [String] = []

    public init(
        runNumberSet: Bool = false,
        runNumber: Int32 = 0,
        status: Fl_V1_TrainingStatus = .unspecified,
        startRound: Int32 = 0,
        numRounds: Int32 = 0,
        currentRound: Int32 = 0,
        minNumClients: Int32 = 0,
        maxNumClients: Int32 = 0,
        registeredClients: [Fl_V1_RegisteredClient] = [],
        deployedApp: String = "",
        warnings: [String] = []
    ) {
        self.runNumberSet = runNumberSet
        self.runNumber = runNumber
        self.status = status
        self.startRound = startRound
        self.numRounds = numRounds
        self.currentRound = currentRound
        self.minNumClients = minNumClients
        self.maxNumClients = maxNumClients
        self.registeredClients = registeredClients
        self.deployedApp = deployedApp
        self.warnings = warnings
    }
}

public struct Fl_V1_ClientStatus: Sendable, Equatable {
    public var instanceName: String = ""
    public var clientName: String = ""
    public var token: String = ""
    public var status: Fl_V1_TrainingStatus = .unspecified
    public var runNumber: Int32 = 0
    public var round: Int32 = 0
    /// False when the client did not answer; message says why.
    public var ok: Bool = false
    public var message: String = ""

    public init(
        instanceName: String = "",
        clientName: String = "",
        token: String = "",
        status: Fl_V1_TrainingStatus = .unspecified,
        runNumber: Int32 = 0,
        round: Int32 = 0,
        ok: Bool = false,
        message: String = ""
    ) {
        self.instanceName = instanceName
        self.clientName = clientName
        self.token = token
        self.status = status
        self.runNumber = runNumber
        self.round = round
        self.ok = ok
        self.message = message
    }
}

public struct Fl_V1_CheckStatusReply: Sendable, Equatable {
    /// Set for TARGET_SERVER.
    public var server: Fl_V1_ServerStatus? = nil
    /// Set for TARGET_CLIENT, one per instance.
    public var clients: [Fl_V1_ClientStatus] = []

    public init(
        server: Fl_V1_ServerStatus? = nil,
        clients: [Fl_V1_ClientStatus] = []
    ) {
        self.server = server
        self.clients = clients
    }
}

public struct Fl_V1_RunNumberRequest: Sendable, Equatable {
    public var session: String = ""
    /// A positive integer.
    public var runNumber: Int32 = 0

    public init(
        session: String = "",
        runNumber: Int32 = 0
    ) {
        self.session = session
        self.runNumber = runNumber
    }
}

public struct Fl_V1_UploadFolderHeader: Sendable, Equatable {
    public var session: String = ""
    /// Folder name relative to transfer/ (a single safe path component, e.g. "segmentation_ct_spleen").
    public var folder: String = ""
    /// Total bytes the upload will carry (for progress and early refusal of oversize uploads).
    public var totalBytes: UInt64 = 0

    public init(
        session: String = "",
        folder: String = "",
        totalBytes: UInt64 = 0
    ) {
        self.session = session
        self.folder = folder
        self.totalBytes = totalBytes
    }
}

public struct Fl_V1_UploadFolderChunk: Sendable, Equatable {
    /// First message only.
    public var header: Fl_V1_UploadFolderHeader? = nil
    /// The folder's entries (paths relative to the folder).
    public var file: Fl_V1_FileChunk? = nil

    public init(
        header: Fl_V1_UploadFolderHeader? = nil,
        file: Fl_V1_FileChunk? = nil
    ) {
        self.header = header
        self.file = file
    }
}

public struct Fl_V1_DownloadFolderRequest: Sendable, Equatable {
    public var session: String = ""
    /// Folder name relative to the server's transfer/.
    public var folder: String = ""

    public init(
        session: String = "",
        folder: String = ""
    ) {
        self.session = session
        self.folder = folder
    }
}

public struct Fl_V1_DeployRequest: Sendable, Equatable {
    public var session: String = ""
    /// App (folder in the server's transfer/) to deploy to the current run.
    public var app: String = ""
    public var target: Fl_V1_Target = .unspecified
    public var clientNames: [String] = []

    public init(
        session: String = "",
        app: String = "",
        target: Fl_V1_Target = .unspecified,
        clientNames: [String] = []
    ) {
        self.session = session
        self.app = app
        self.target = target
        self.clientNames = clientNames
    }
}

public struct Fl_V1_StartMgpuRequest: Sendable, Equatable {
    public var session: String = ""
    public var gpuCount: UInt32 = 0
    public var clientName: String = ""

    public init(
        session: String = "",
        gpuCount: UInt32 = 0,
        clientName: String = ""
    ) {
        self.session = session
        self.gpuCount = gpuCount
        self.clientName = clientName
    }
}

public struct Fl_V1_RemoveClientRequest: Sendable, Equatable {
    public var session: String = ""
    public var clientName: String = ""

    public init(
        session: String = "",
        clientName: String = ""
    ) {
        self.session = session
        self.clientName = clientName
    }
}

public struct Fl_V1_TargetSystemInfo: Sendable, Equatable {
    /// "server" or the client instance name.
    public var target: String = ""
    public var ok: Bool = false
    public var message: String = ""
    public var info: Fl_V1_SystemInfo? = nil

    public init(
        target: String = "",
        ok: Bool = false,
        message: String = "",
        info: Fl_V1_SystemInfo? = nil
    ) {
        self.target = target
        self.ok = ok
        self.message = message
        self.info = info
    }
}

public struct Fl_V1_SysInfoReply: Sendable, Equatable {
    public var infos: [Fl_V1_TargetSystemInfo] = []

    public init(
        infos: [Fl_V1_TargetSystemInfo] = []
    ) {
        self.infos = infos
    }
}

public struct Fl_V1_ValidateRequest: Sendable, Equatable {
    public var session: String = ""
    /// True for "validate all"; otherwise source and target name one cell.
    public var all: Bool = false
    /// Whose model was evaluated ("server" for the global model, or a client name).
    public var source: String = ""
    /// The client whose data evaluated it.
    public var target: String = ""

    public init(
        session: String = "",
        all: Bool = false,
        source: String = "",
        target: String = ""
    ) {
        self.session = session
        self.all = all
        self.source = source
        self.target = target
    }
}

public struct Fl_V1_ValidationEntry: Sendable, Equatable {
    public var source: String = ""
    public var target: String = ""
    public var metrics: [Fl_V1_Metric] = []

    public init(
        source: String = "",
        target: String = "",
        metrics: [Fl_V1_Metric] = []
    ) {
        self.source = source
        self.target = target
        self.metrics = metrics
    }
}

public struct Fl_V1_ValidateReply: Sendable, Equatable {
    public var runNumber: Int32 = 0
    public var entries: [Fl_V1_ValidationEntry] = []

    public init(
        runNumber: Int32 = 0,
        entries: [Fl_V1_ValidationEntry] = []
    ) {
        self.runNumber = runNumber
        self.entries = entries
    }
}

public struct Fl_V1_ShellRequest: Sendable, Equatable {
    public var session: String = ""
    /// "server" or a client name.
    public var target: String = ""
    /// One of: ls, cat, head, tail, grep, pwd, env.
    public var command: String = ""
    /// The command's options and paths (relative to the workspace root).
    public var args: [String] = []

    public init(
        session: String = "",
        target: String = "",
        command: String = "",
        args: [String] = []
    ) {
        self.session = session
        self.target = target
        self.command = command
        self.args = args
    }
}

public struct Fl_V1_ShellReply: Sendable, Equatable {
    public var output: String = ""

    public init(
        output: String = ""
    ) {
        self.output = output
    }
}

extension Fl_V1_LoginRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.LoginRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__login_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.LoginRequest")
        }
        defer { fl__v1__login_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__login_request__get_packed_size(message)) {
                fl__v1__login_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__login_request__get_packed_size(message) },
            pack: { fl__v1__login_request__pack(message, $0) },
            packToBuffer: { fl__v1__login_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__LoginRequest>, arena: CUnpackArena) throws {
        self.init()
        self.userName = try decodeString(message.pointee.user_name, in: "fl.v1.LoginRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__LoginRequest> {
        let message = arena.allocate(Fl__V1__LoginRequest.self)
        fl__v1__login_request__init(message)
        message.pointee.user_name = arena.cString(self.userName)
        return message
    }
}

extension Fl_V1_LoginReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.LoginReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__login_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.LoginReply")
        }
        defer { fl__v1__login_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__login_reply__get_packed_size(message)) {
                fl__v1__login_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__login_reply__get_packed_size(message) },
            pack: { fl__v1__login_reply__pack(message, $0) },
            packToBuffer: { fl__v1__login_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__LoginReply>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.LoginReply")
        self.project = try decodeString(message.pointee.project, in: "fl.v1.LoginReply")
        self.role = try decodeString(message.pointee.role, in: "fl.v1.LoginReply")
        self.org = try decodeString(message.pointee.org, in: "fl.v1.LoginReply")
        self.rights = try decodeArray(message.pointee.n_rights, message.pointee.rights).map {
            try decodeString($0, in: "fl.v1.LoginReply")
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__LoginReply> {
        let message = arena.allocate(Fl__V1__LoginReply.self)
        fl__v1__login_reply__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.project = arena.cString(self.project)
        message.pointee.role = arena.cString(self.role)
        message.pointee.org = arena.cString(self.org)
        (message.pointee.n_rights, message.pointee.rights) = arena.cStrings(self.rights)
        return message
    }
}

extension Fl_V1_SessionRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.SessionRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__session_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.SessionRequest")
        }
        defer { fl__v1__session_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__session_request__get_packed_size(message)) {
                fl__v1__session_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__session_request__get_packed_size(message) },
            pack: { fl__v1__session_request__pack(message, $0) },
            packToBuffer: { fl__v1__session_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__SessionRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.SessionRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__SessionRequest> {
        let message = arena.allocate(Fl__V1__SessionRequest.self)
        fl__v1__session_request__init(message)
        message.pointee.session = arena.cString(self.session)
        return message
    }
}

extension Fl_V1_TargetRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.TargetRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__target_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.TargetRequest")
        }
        defer { fl__v1__target_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__target_request__get_packed_size(message)) {
                fl__v1__target_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__target_request__get_packed_size(message) },
            pack: { fl__v1__target_request__pack(message, $0) },
            packToBuffer: { fl__v1__target_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__TargetRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.TargetRequest")
        self.target = Fl_V1_Target(rawValue: Int32(truncatingIfNeeded: message.pointee.target.rawValue))
        self.clientNames = try decodeArray(message.pointee.n_client_names, message.pointee.client_names).map {
            try decodeString($0, in: "fl.v1.TargetRequest")
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__TargetRequest> {
        let message = arena.allocate(Fl__V1__TargetRequest.self)
        fl__v1__target_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.target = Fl__V1__Target(rawValue: .init(truncatingIfNeeded: self.target.rawValue))
        (message.pointee.n_client_names, message.pointee.client_names) = arena.cStrings(self.clientNames)
        return message
    }
}

extension Fl_V1_TargetReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.TargetReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__target_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.TargetReply")
        }
        defer { fl__v1__target_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__target_reply__get_packed_size(message)) {
                fl__v1__target_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__target_reply__get_packed_size(message) },
            pack: { fl__v1__target_reply__pack(message, $0) },
            packToBuffer: { fl__v1__target_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__TargetReply>, arena: CUnpackArena) throws {
        self.init()
        self.target = try decodeString(message.pointee.target, in: "fl.v1.TargetReply")
        self.ok = message.pointee.ok != 0
        self.message = try decodeString(message.pointee.message, in: "fl.v1.TargetReply")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__TargetReply> {
        let message = arena.allocate(Fl__V1__TargetReply.self)
        fl__v1__target_reply__init(message)
        message.pointee.target = arena.cString(self.target)
        message.pointee.ok = self.ok ? 1 : 0
        message.pointee.message = arena.cString(self.message)
        return message
    }
}

extension Fl_V1_CommandReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.CommandReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__command_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.CommandReply")
        }
        defer { fl__v1__command_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__command_reply__get_packed_size(message)) {
                fl__v1__command_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__command_reply__get_packed_size(message) },
            pack: { fl__v1__command_reply__pack(message, $0) },
            packToBuffer: { fl__v1__command_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__CommandReply>, arena: CUnpackArena) throws {
        self.init()
        self.message = try decodeString(message.pointee.message, in: "fl.v1.CommandReply")
        self.replies = try decodeMessages(message.pointee.n_replies, message.pointee.replies, in: "fl.v1.CommandReply") {
            try Fl_V1_TargetReply(_cMessage: $0, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__CommandReply> {
        let message = arena.allocate(Fl__V1__CommandReply.self)
        fl__v1__command_reply__init(message)
        message.pointee.message = arena.cString(self.message)
        (message.pointee.n_replies, message.pointee.replies) = arena.pointers(self.replies) { $0._cMessage(in: arena) }
        return message
    }
}

extension Fl_V1_CheckStatusRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.CheckStatusRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__check_status_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.CheckStatusRequest")
        }
        defer { fl__v1__check_status_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__check_status_request__get_packed_size(message)) {
                fl__v1__check_status_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__check_status_request__get_packed_size(message) },
            pack: { fl__v1__check_status_request__pack(message, $0) },
            packToBuffer: { fl__v1__check_status_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__CheckStatusRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.CheckStatusRequest")
        self.target = Fl_V1_Target(rawValue: Int32(truncatingIfNeeded: message.pointee.target.rawValue))
        self.clientNames = try decodeArray(message.pointee.n_client_names, message.pointee.client_names).map {
            try decodeString($0, in: "fl.v1.CheckStatusRequest")
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__CheckStatusRequest> {
        let message = arena.allocate(Fl__V1__CheckStatusRequest.self)
        fl__v1__check_status_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.target = Fl__V1__Target(rawValue: .init(truncatingIfNeeded: self.target.rawValue))
        (message.pointee.n_client_names, message.pointee.client_names) = arena.cStrings(self.clientNames)
        return message
    }
}

extension Fl_V1_RegisteredClient: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.RegisteredClient")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__registered_client__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.RegisteredClient")
        }
        defer { fl__v1__registered_client__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__registered_client__get_packed_size(message)) {
                fl__v1__registered_client__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__registered_client__get_packed_size(message) },
            pack: { fl__v1__registered_client__pack(message, $0) },
            packToBuffer: { fl__v1__registered_client__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__RegisteredClient>, arena: CUnpackArena) throws {
        self.init()
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.RegisteredClient")
        self.instanceName = try decodeString(message.pointee.instance_name, in: "fl.v1.RegisteredClient")
        self.token = try decodeString(message.pointee.token, in: "fl.v1.RegisteredClient")
        self.address = try decodeString(message.pointee.address, in: "fl.v1.RegisteredClient")
        self.lastSeenSeconds = message.pointee.last_seen_seconds
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__RegisteredClient> {
        let message = arena.allocate(Fl__V1__RegisteredClient.self)
        fl__v1__registered_client__init(message)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.instance_name = arena.cString(self.instanceName)
        message.pointee.token = arena.cString(self.token)
        message.pointee.address = arena.cString(self.address)
        message.pointee.last_seen_seconds = self.lastSeenSeconds
        return message
    }
}

extension Fl_V1_ServerStatus: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ServerStatus")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__server_status__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ServerStatus")
        }
        defer { fl__v1__server_status__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__server_status__get_packed_size(message)) {
                fl__v1__server_status__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__server_status__get_packed_size(message) },
            pack: { fl__v1__server_status__pack(message, $0) },
            packToBuffer: { fl__v1__server_status__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ServerStatus>, arena: CUnpackArena) throws {
        self.init()
        self.runNumberSet = message.pointee.run_number_set != 0
        self.runNumber = message.pointee.run_number
        self.status = Fl_V1_TrainingStatus(rawValue: Int32(truncatingIfNeeded: message.pointee.status.rawValue))
        self.startRound = message.pointee.start_round
        self.numRounds = message.pointee.num_rounds
        self.currentRound = message.pointee.current_round
        self.minNumClients = message.pointee.min_num_clients
        self.maxNumClients = message.pointee.max_num_clients
        self.registeredClients = try decodeMessages(message.pointee.n_registered_clients, message.pointee.registered_clients, in: "fl.v1.ServerStatus") {
            try Fl_V1_RegisteredClient(_cMessage: $0, arena: arena)
        }
        self.deployedApp = try decodeString(message.pointee.deployed_app, in: "fl.v1.ServerStatus")
        self.warnings = try decodeArray(message.pointee.n_warnings, message.pointee.warnings).map {
            try decodeString($0, in: "fl.v1.ServerStatus")
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ServerStatus> {
        let message = arena.allocate(Fl__V1__ServerStatus.self)
        fl__v1__server_status__init(message)
        message.pointee.run_number_set = self.runNumberSet ? 1 : 0
        message.pointee.run_number = self.runNumber
        message.pointee.status = Fl__V1__TrainingStatus(rawValue: .init(truncatingIfNeeded: self.status.rawValue))
        message.pointee.start_round = self.startRound
        message.pointee.num_rounds = self.numRounds
        message.pointee.current_round = self.currentRound
        message.pointee.min_num_clients = self.minNumClients
        message.pointee.max_num_clients = self.maxNumClients
        (message.pointee.n_registered_clients, message.pointee.registered_clients) = arena.pointers(self.registeredClients) { $0._cMessage(in: arena) }
        message.pointee.deployed_app = arena.cString(self.deployedApp)
        (message.pointee.n_warnings, message.pointee.warnings) = arena.cStrings(self.warnings)
        return message
    }
}

extension Fl_V1_ClientStatus: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ClientStatus")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__client_status__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ClientStatus")
        }
        defer { fl__v1__client_status__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__client_status__get_packed_size(message)) {
                fl__v1__client_status__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__client_status__get_packed_size(message) },
            pack: { fl__v1__client_status__pack(message, $0) },
            packToBuffer: { fl__v1__client_status__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ClientStatus>, arena: CUnpackArena) throws {
        self.init()
        self.instanceName = try decodeString(message.pointee.instance_name, in: "fl.v1.ClientStatus")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.ClientStatus")
        self.token = try decodeString(message.pointee.token, in: "fl.v1.ClientStatus")
        self.status = Fl_V1_TrainingStatus(rawValue: Int32(truncatingIfNeeded: message.pointee.status.rawValue))
        self.runNumber = message.pointee.run_number
        self.round = message.pointee.round
        self.ok = message.pointee.ok != 0
        self.message = try decodeString(message.pointee.message, in: "fl.v1.ClientStatus")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ClientStatus> {
        let message = arena.allocate(Fl__V1__ClientStatus.self)
        fl__v1__client_status__init(message)
        message.pointee.instance_name = arena.cString(self.instanceName)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.token = arena.cString(self.token)
        message.pointee.status = Fl__V1__TrainingStatus(rawValue: .init(truncatingIfNeeded: self.status.rawValue))
        message.pointee.run_number = self.runNumber
        message.pointee.round = self.round
        message.pointee.ok = self.ok ? 1 : 0
        message.pointee.message = arena.cString(self.message)
        return message
    }
}

extension Fl_V1_CheckStatusReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.CheckStatusReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__check_status_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.CheckStatusReply")
        }
        defer { fl__v1__check_status_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__check_status_reply__get_packed_size(message)) {
                fl__v1__check_status_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__check_status_reply__get_packed_size(message) },
            pack: { fl__v1__check_status_reply__pack(message, $0) },
            packToBuffer: { fl__v1__check_status_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__CheckStatusReply>, arena: CUnpackArena) throws {
        self.init()
        if let value = message.pointee.server {
            self.server = try Fl_V1_ServerStatus(_cMessage: value, arena: arena)
        }
        self.clients = try decodeMessages(message.pointee.n_clients, message.pointee.clients, in: "fl.v1.CheckStatusReply") {
            try Fl_V1_ClientStatus(_cMessage: $0, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__CheckStatusReply> {
        let message = arena.allocate(Fl__V1__CheckStatusReply.self)
        fl__v1__check_status_reply__init(message)
        if let value = self.server {
            message.pointee.server = value._cMessage(in: arena)
        }
        (message.pointee.n_clients, message.pointee.clients) = arena.pointers(self.clients) { $0._cMessage(in: arena) }
        return message
    }
}

extension Fl_V1_RunNumberRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.RunNumberRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__run_number_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.RunNumberRequest")
        }
        defer { fl__v1__run_number_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__run_number_request__get_packed_size(message)) {
                fl__v1__run_number_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__run_number_request__get_packed_size(message) },
            pack: { fl__v1__run_number_request__pack(message, $0) },
            packToBuffer: { fl__v1__run_number_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__RunNumberRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.RunNumberRequest")
        self.runNumber = message.pointee.run_number
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__RunNumberRequest> {
        let message = arena.allocate(Fl__V1__RunNumberRequest.self)
        fl__v1__run_number_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.run_number = self.runNumber
        return message
    }
}

extension Fl_V1_UploadFolderHeader: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.UploadFolderHeader")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__upload_folder_header__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.UploadFolderHeader")
        }
        defer { fl__v1__upload_folder_header__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__upload_folder_header__get_packed_size(message)) {
                fl__v1__upload_folder_header__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__upload_folder_header__get_packed_size(message) },
            pack: { fl__v1__upload_folder_header__pack(message, $0) },
            packToBuffer: { fl__v1__upload_folder_header__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__UploadFolderHeader>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.UploadFolderHeader")
        self.folder = try decodeString(message.pointee.folder, in: "fl.v1.UploadFolderHeader")
        self.totalBytes = message.pointee.total_bytes
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__UploadFolderHeader> {
        let message = arena.allocate(Fl__V1__UploadFolderHeader.self)
        fl__v1__upload_folder_header__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.folder = arena.cString(self.folder)
        message.pointee.total_bytes = self.totalBytes
        return message
    }
}

extension Fl_V1_UploadFolderChunk: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.UploadFolderChunk")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__upload_folder_chunk__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.UploadFolderChunk")
        }
        defer { fl__v1__upload_folder_chunk__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__upload_folder_chunk__get_packed_size(message)) {
                fl__v1__upload_folder_chunk__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__upload_folder_chunk__get_packed_size(message) },
            pack: { fl__v1__upload_folder_chunk__pack(message, $0) },
            packToBuffer: { fl__v1__upload_folder_chunk__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__UploadFolderChunk>, arena: CUnpackArena) throws {
        self.init()
        if let value = message.pointee.header {
            self.header = try Fl_V1_UploadFolderHeader(_cMessage: value, arena: arena)
        }
        if let value = message.pointee.file {
            self.file = try Fl_V1_FileChunk(_cMessage: value, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__UploadFolderChunk> {
        let message = arena.allocate(Fl__V1__UploadFolderChunk.self)
        fl__v1__upload_folder_chunk__init(message)
        if let value = self.header {
            message.pointee.header = value._cMessage(in: arena)
        }
        if let value = self.file {
            message.pointee.file = value._cMessage(in: arena)
        }
        return message
    }
}

extension Fl_V1_DownloadFolderRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.DownloadFolderRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__download_folder_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.DownloadFolderRequest")
        }
        defer { fl__v1__download_folder_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__download_folder_request__get_packed_size(message)) {
                fl__v1__download_folder_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__download_folder_request__get_packed_size(message) },
            pack: { fl__v1__download_folder_request__pack(message, $0) },
            packToBuffer: { fl__v1__download_folder_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__DownloadFolderRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.DownloadFolderRequest")
        self.folder = try decodeString(message.pointee.folder, in: "fl.v1.DownloadFolderRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__DownloadFolderRequest> {
        let message = arena.allocate(Fl__V1__DownloadFolderRequest.self)
        fl__v1__download_folder_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.folder = arena.cString(self.folder)
        return message
    }
}

extension Fl_V1_DeployRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.DeployRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__deploy_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.DeployRequest")
        }
        defer { fl__v1__deploy_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__deploy_request__get_packed_size(message)) {
                fl__v1__deploy_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__deploy_request__get_packed_size(message) },
            pack: { fl__v1__deploy_request__pack(message, $0) },
            packToBuffer: { fl__v1__deploy_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__DeployRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.DeployRequest")
        self.app = try decodeString(message.pointee.app, in: "fl.v1.DeployRequest")
        self.target = Fl_V1_Target(rawValue: Int32(truncatingIfNeeded: message.pointee.target.rawValue))
        self.clientNames = try decodeArray(message.pointee.n_client_names, message.pointee.client_names).map {
            try decodeString($0, in: "fl.v1.DeployRequest")
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__DeployRequest> {
        let message = arena.allocate(Fl__V1__DeployRequest.self)
        fl__v1__deploy_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.app = arena.cString(self.app)
        message.pointee.target = Fl__V1__Target(rawValue: .init(truncatingIfNeeded: self.target.rawValue))
        (message.pointee.n_client_names, message.pointee.client_names) = arena.cStrings(self.clientNames)
        return message
    }
}

extension Fl_V1_StartMgpuRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.StartMgpuRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__start_mgpu_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.StartMgpuRequest")
        }
        defer { fl__v1__start_mgpu_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__start_mgpu_request__get_packed_size(message)) {
                fl__v1__start_mgpu_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__start_mgpu_request__get_packed_size(message) },
            pack: { fl__v1__start_mgpu_request__pack(message, $0) },
            packToBuffer: { fl__v1__start_mgpu_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__StartMgpuRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.StartMgpuRequest")
        self.gpuCount = message.pointee.gpu_count
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.StartMgpuRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__StartMgpuRequest> {
        let message = arena.allocate(Fl__V1__StartMgpuRequest.self)
        fl__v1__start_mgpu_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.gpu_count = self.gpuCount
        message.pointee.client_name = arena.cString(self.clientName)
        return message
    }
}

extension Fl_V1_RemoveClientRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.RemoveClientRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__remove_client_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.RemoveClientRequest")
        }
        defer { fl__v1__remove_client_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__remove_client_request__get_packed_size(message)) {
                fl__v1__remove_client_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__remove_client_request__get_packed_size(message) },
            pack: { fl__v1__remove_client_request__pack(message, $0) },
            packToBuffer: { fl__v1__remove_client_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__RemoveClientRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.RemoveClientRequest")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.RemoveClientRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__RemoveClientRequest> {
        let message = arena.allocate(Fl__V1__RemoveClientRequest.self)
        fl__v1__remove_client_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.client_name = arena.cString(self.clientName)
        return message
    }
}

extension Fl_V1_TargetSystemInfo: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.TargetSystemInfo")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__target_system_info__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.TargetSystemInfo")
        }
        defer { fl__v1__target_system_info__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__target_system_info__get_packed_size(message)) {
                fl__v1__target_system_info__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__target_system_info__get_packed_size(message) },
            pack: { fl__v1__target_system_info__pack(message, $0) },
            packToBuffer: { fl__v1__target_system_info__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__TargetSystemInfo>, arena: CUnpackArena) throws {
        self.init()
        self.target = try decodeString(message.pointee.target, in: "fl.v1.TargetSystemInfo")
        self.ok = message.pointee.ok != 0
        self.message = try decodeString(message.pointee.message, in: "fl.v1.TargetSystemInfo")
        if let value = message.pointee.info {
            self.info = try Fl_V1_SystemInfo(_cMessage: value, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__TargetSystemInfo> {
        let message = arena.allocate(Fl__V1__TargetSystemInfo.self)
        fl__v1__target_system_info__init(message)
        message.pointee.target = arena.cString(self.target)
        message.pointee.ok = self.ok ? 1 : 0
        message.pointee.message = arena.cString(self.message)
        if let value = self.info {
            message.pointee.info = value._cMessage(in: arena)
        }
        return message
    }
}

extension Fl_V1_SysInfoReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.SysInfoReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__sys_info_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.SysInfoReply")
        }
        defer { fl__v1__sys_info_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__sys_info_reply__get_packed_size(message)) {
                fl__v1__sys_info_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__sys_info_reply__get_packed_size(message) },
            pack: { fl__v1__sys_info_reply__pack(message, $0) },
            packToBuffer: { fl__v1__sys_info_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__SysInfoReply>, arena: CUnpackArena) throws {
        self.init()
        self.infos = try decodeMessages(message.pointee.n_infos, message.pointee.infos, in: "fl.v1.SysInfoReply") {
            try Fl_V1_TargetSystemInfo(_cMessage: $0, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__SysInfoReply> {
        let message = arena.allocate(Fl__V1__SysInfoReply.self)
        fl__v1__sys_info_reply__init(message)
        (message.pointee.n_infos, message.pointee.infos) = arena.pointers(self.infos) { $0._cMessage(in: arena) }
        return message
    }
}

extension Fl_V1_ValidateRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ValidateRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__validate_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ValidateRequest")
        }
        defer { fl__v1__validate_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__validate_request__get_packed_size(message)) {
                fl__v1__validate_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__validate_request__get_packed_size(message) },
            pack: { fl__v1__validate_request__pack(message, $0) },
            packToBuffer: { fl__v1__validate_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ValidateRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.ValidateRequest")
        self.all = message.pointee.all != 0
        self.source = try decodeString(message.pointee.source, in: "fl.v1.ValidateRequest")
        self.target = try decodeString(message.pointee.target, in: "fl.v1.ValidateRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ValidateRequest> {
        let message = arena.allocate(Fl__V1__ValidateRequest.self)
        fl__v1__validate_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.all = self.all ? 1 : 0
        message.pointee.source = arena.cString(self.source)
        message.pointee.target = arena.cString(self.target)
        return message
    }
}

extension Fl_V1_ValidationEntry: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ValidationEntry")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__validation_entry__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ValidationEntry")
        }
        defer { fl__v1__validation_entry__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__validation_entry__get_packed_size(message)) {
                fl__v1__validation_entry__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__validation_entry__get_packed_size(message) },
            pack: { fl__v1__validation_entry__pack(message, $0) },
            packToBuffer: { fl__v1__validation_entry__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ValidationEntry>, arena: CUnpackArena) throws {
        self.init()
        self.source = try decodeString(message.pointee.source, in: "fl.v1.ValidationEntry")
        self.target = try decodeString(message.pointee.target, in: "fl.v1.ValidationEntry")
        self.metrics = try decodeMessages(message.pointee.n_metrics, message.pointee.metrics, in: "fl.v1.ValidationEntry") {
            try Fl_V1_Metric(_cMessage: $0, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ValidationEntry> {
        let message = arena.allocate(Fl__V1__ValidationEntry.self)
        fl__v1__validation_entry__init(message)
        message.pointee.source = arena.cString(self.source)
        message.pointee.target = arena.cString(self.target)
        (message.pointee.n_metrics, message.pointee.metrics) = arena.pointers(self.metrics) { $0._cMessage(in: arena) }
        return message
    }
}

extension Fl_V1_ValidateReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ValidateReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__validate_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ValidateReply")
        }
        defer { fl__v1__validate_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__validate_reply__get_packed_size(message)) {
                fl__v1__validate_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__validate_reply__get_packed_size(message) },
            pack: { fl__v1__validate_reply__pack(message, $0) },
            packToBuffer: { fl__v1__validate_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ValidateReply>, arena: CUnpackArena) throws {
        self.init()
        self.runNumber = message.pointee.run_number
        self.entries = try decodeMessages(message.pointee.n_entries, message.pointee.entries, in: "fl.v1.ValidateReply") {
            try Fl_V1_ValidationEntry(_cMessage: $0, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ValidateReply> {
        let message = arena.allocate(Fl__V1__ValidateReply.self)
        fl__v1__validate_reply__init(message)
        message.pointee.run_number = self.runNumber
        (message.pointee.n_entries, message.pointee.entries) = arena.pointers(self.entries) { $0._cMessage(in: arena) }
        return message
    }
}

extension Fl_V1_ShellRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ShellRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__shell_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ShellRequest")
        }
        defer { fl__v1__shell_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__shell_request__get_packed_size(message)) {
                fl__v1__shell_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__shell_request__get_packed_size(message) },
            pack: { fl__v1__shell_request__pack(message, $0) },
            packToBuffer: { fl__v1__shell_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ShellRequest>, arena: CUnpackArena) throws {
        self.init()
        self.session = try decodeString(message.pointee.session, in: "fl.v1.ShellRequest")
        self.target = try decodeString(message.pointee.target, in: "fl.v1.ShellRequest")
        self.command = try decodeString(message.pointee.command, in: "fl.v1.ShellRequest")
        self.args = try decodeArray(message.pointee.n_args, message.pointee.args).map {
            try decodeString($0, in: "fl.v1.ShellRequest")
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ShellRequest> {
        let message = arena.allocate(Fl__V1__ShellRequest.self)
        fl__v1__shell_request__init(message)
        message.pointee.session = arena.cString(self.session)
        message.pointee.target = arena.cString(self.target)
        message.pointee.command = arena.cString(self.command)
        (message.pointee.n_args, message.pointee.args) = arena.cStrings(self.args)
        return message
    }
}

extension Fl_V1_ShellReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ShellReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__shell_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ShellReply")
        }
        defer { fl__v1__shell_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__shell_reply__get_packed_size(message)) {
                fl__v1__shell_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__shell_reply__get_packed_size(message) },
            pack: { fl__v1__shell_reply__pack(message, $0) },
            packToBuffer: { fl__v1__shell_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ShellReply>, arena: CUnpackArena) throws {
        self.init()
        self.output = try decodeString(message.pointee.output, in: "fl.v1.ShellReply")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ShellReply> {
        let message = arena.allocate(Fl__V1__ShellReply.self)
        fl__v1__shell_reply__init(message)
        message.pointee.output = arena.cString(self.output)
        return message
    }
}
