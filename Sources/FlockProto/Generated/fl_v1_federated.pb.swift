// DO NOT EDIT.
// Source: fl/v1/federated.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Swift value types for the messages and enums of fl/v1/federated.proto. protobuf-c (the C code in
// CFlockProto) does the wire encoding; these types convert to and from its structs.

import FlockRPC
internal import FlockProtoRuntime
internal import CFlockProto
internal import CProtobufC

/// An admin command the server relays to a client.
public enum Fl_V1_AdminCommand: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    /// Keepalive; needs no reply.
    case ping // = 1
    /// Report status (reply.status, reply.message).
    case checkStatus // = 2
    /// Create run_<n> in the workspace. args: [n].
    case setRunNumber // = 3
    /// Delete run_<n> from the workspace. args: [n].
    case deleteRun // = 4
    /// Download the app for run args[0] with DownloadApp and place it in run_<n>/mmar_<client>.
    /// args: [run number, app name].
    case deploy // = 5
    /// Start training the deployed app. args: [run number].
    case start // = 6
    /// Start multi-GPU training. args: [run number, gpu count].
    case startMgpu // = 7
    /// Stop training; the process keeps running.
    case abort // = 8
    /// End the client process (after Quit).
    case shutdown // = 9
    /// Restart the client process.
    case restart // = 10
    /// The server removed this client: stop training and register again only when restarted.
    case remove // = 11
    /// Report the machine (reply.system_info).
    case sysInfo // = 12
    /// A read-only workspace command (ls, cat, head, tail, grep, pwd, env). args: [command, args...].
    case shell // = 13
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Fl_V1_AdminCommand] = [
        .unspecified,
        .ping,
        .checkStatus,
        .setRunNumber,
        .deleteRun,
        .deploy,
        .start,
        .startMgpu,
        .abort,
        .shutdown,
        .restart,
        .remove,
        .sysInfo,
        .shell,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .ping
        case 2: self = .checkStatus
        case 3: self = .setRunNumber
        case 4: self = .deleteRun
        case 5: self = .deploy
        case 6: self = .start
        case 7: self = .startMgpu
        case 8: self = .abort
        case 9: self = .shutdown
        case 10: self = .restart
        case 11: self = .remove
        case 12: self = .sysInfo
        case 13: self = .shell
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .ping: return 1
        case .checkStatus: return 2
        case .setRunNumber: return 3
        case .deleteRun: return 4
        case .deploy: return 5
        case .start: return 6
        case .startMgpu: return 7
        case .abort: return 8
        case .shutdown: return 9
        case .restart: return 10
        case .remove: return 11
        case .sysInfo: return 12
        case .shell: return 13
        case .unrecognized(let value): return value
        }
    }
}

public enum Fl_V1_TaskKind: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    /// Train the attached global model for the configured local epochs, then SubmitUpdate.
    case train // = 1
    /// Evaluate the attached model (global, or another site's) on local validation data, then
    /// SubmitValidation.
    case validate // = 2
    /// Nothing to do now; call GetTask again after retry_after_ms.
    case wait // = 3
    /// The run is over for this client.
    case end // = 4
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Fl_V1_TaskKind] = [
        .unspecified,
        .train,
        .validate,
        .wait,
        .end,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .train
        case 2: self = .validate
        case 3: self = .wait
        case 4: self = .end
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .train: return 1
        case .validate: return 2
        case .wait: return 3
        case .end: return 4
        case .unrecognized(let value): return value
        }
    }
}

public enum Fl_V1_UpdateKind: Sendable, Hashable, RawRepresentable {
    case unspecified // = 0
    /// The tensors are the client's trained weights.
    case weights // = 1
    /// The tensors are trained weights minus the global weights the client received.
    case delta // = 2
    /// A value this code does not know (proto3 enums are open); keeps the number.
    case unrecognized(Int32)

    /// Every declared value, in declaration order.
    public static let allKnownCases: [Fl_V1_UpdateKind] = [
        .unspecified,
        .weights,
        .delta,
    ]

    /// The proto3 default (the first declared value).
    public init() {
        self = .unspecified
    }

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .weights
        case 2: self = .delta
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .weights: return 1
        case .delta: return 2
        case .unrecognized(let value): return value
        }
    }
}

public struct Fl_V1_RegisterRequest: Sendable, Equatable {
    /// The client name; must equal the CN of the client's certificate.
    public var clientName: String = ""
    /// Name of this process instance (defaults to client_name); shown by check_status.
    public var instanceName: String = ""
    /// Project name from the client's fed_client.json (servers[0].name); must match the server's.
    public var project: String = ""
    /// The token this client held before, when re-registering after a lost session or server restart.
    public var previousToken: String = ""
    /// The client's training status when it registers (a client that kept training through a server
    /// restart reports TRAINING_STATUS_STARTED here).
    public var status: Fl_V1_TrainingStatus = .unspecified
    /// The run the client is working on, 0 if none.
    public var runNumber: Int32 = 0
    /// The machine the client runs on.
    public var systemInfo: Fl_V1_SystemInfo? = nil

    public init(
        clientName: String = "",
        instanceName: String = "",
        project: String = "",
        previousToken: String = "",
        status: Fl_V1_TrainingStatus = .unspecified,
        runNumber: Int32 = 0,
        systemInfo: Fl_V1_SystemInfo? = nil
    ) {
        self.clientName = clientName
        self.instanceName = instanceName
        self.project = project
        self.previousToken = previousToken
        self.status = status
        self.runNumber = runNumber
        self.systemInfo = systemInfo
    }
}

public struct Fl_V1_RegisterReply: Sendable, Equatable {
    /// Session token (a UUID); every later call carries it.
    public var token: String = ""
    /// The project name.
    public var project: String = ""
    /// How often to send Heartbeat, in milliseconds.
    public var heartbeatIntervalMs: UInt32 = 0
    /// How long the server waits without any call from a client before dropping it, in milliseconds.
    public var heartbeatTimeoutMs: UInt32 = 0
    /// Server's wall clock (Unix epoch milliseconds), for clock-skew warnings.
    public var serverTimeUnixMs: Int64 = 0

    public init(
        token: String = "",
        project: String = "",
        heartbeatIntervalMs: UInt32 = 0,
        heartbeatTimeoutMs: UInt32 = 0,
        serverTimeUnixMs: Int64 = 0
    ) {
        self.token = token
        self.project = project
        self.heartbeatIntervalMs = heartbeatIntervalMs
        self.heartbeatTimeoutMs = heartbeatTimeoutMs
        self.serverTimeUnixMs = serverTimeUnixMs
    }
}

public struct Fl_V1_HeartbeatRequest: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""
    /// What the client is doing.
    public var status: Fl_V1_TrainingStatus = .unspecified
    /// The run and round the client is working on (0 if none).
    public var runNumber: Int32 = 0
    public var round: Int32 = 0
    /// Training progress within the round: steps done so far (liveness is progress-based).
    public var stepsDone: UInt64 = 0

    public init(
        token: String = "",
        clientName: String = "",
        status: Fl_V1_TrainingStatus = .unspecified,
        runNumber: Int32 = 0,
        round: Int32 = 0,
        stepsDone: UInt64 = 0
    ) {
        self.token = token
        self.clientName = clientName
        self.status = status
        self.runNumber = runNumber
        self.round = round
        self.stepsDone = stepsDone
    }
}

public struct Fl_V1_HeartbeatReply: Sendable, Equatable {
    /// False when the server does not know the token (e.g. it restarted): register again with
    /// previous_token set.
    public var registered: Bool = false
    /// The interval to use from now on, in milliseconds.
    public var heartbeatIntervalMs: UInt32 = 0

    public init(
        registered: Bool = false,
        heartbeatIntervalMs: UInt32 = 0
    ) {
        self.registered = registered
        self.heartbeatIntervalMs = heartbeatIntervalMs
    }
}

public struct Fl_V1_QuitRequest: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""

    public init(
        token: String = "",
        clientName: String = ""
    ) {
        self.token = token
        self.clientName = clientName
    }
}

public struct Fl_V1_QuitReply: Sendable, Equatable {
    public init() {}
}

public struct Fl_V1_AdminStreamRequest: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""

    public init(
        token: String = "",
        clientName: String = ""
    ) {
        self.token = token
        self.clientName = clientName
    }
}

public struct Fl_V1_AdminRequest: Sendable, Equatable {
    /// Unique per request; the reply carries it back.
    public var requestId: String = ""
    public var command: Fl_V1_AdminCommand = .unspecified
    /// Command arguments, as documented on AdminCommand.
    public var args: [String] = []
    /// The admin who issued the command (for the client's log).
    public var issuedBy: String = ""

    public init(
        requestId: String = "",
        command: Fl_V1_AdminCommand = .unspecified,
        args: [String] = [],
        issuedBy: String = ""
    ) {
        self.requestId = requestId
        self.command = command
        self.args = args
        self.issuedBy = issuedBy
    }
}

public struct Fl_V1_AdminReply: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""
    /// The request_id of the AdminRequest answered.
    public var requestId: String = ""
    /// Whether the command succeeded.
    public var ok: Bool = false
    /// What the admin shell prints for this client, e.g. "MMAR deployed." or "Starting the client...".
    public var message: String = ""
    /// The client's status after the command.
    public var status: Fl_V1_TrainingStatus = .unspecified
    /// For ADMIN_COMMAND_SYS_INFO.
    public var systemInfo: Fl_V1_SystemInfo? = nil
    /// Run and round the client is on (for check_status).
    public var runNumber: Int32 = 0
    public var round: Int32 = 0

    public init(
        token: String = "",
        clientName: String = "",
        requestId: String = "",
        ok: Bool = false,
        message: String = "",
        status: Fl_V1_TrainingStatus = .unspecified,
        systemInfo: Fl_V1_SystemInfo? = nil,
        runNumber: Int32 = 0,
        round: Int32 = 0
    ) {
        self.token = token
        self.clientName = clientName
        self.requestId = requestId
        self.ok = ok
        self.message = message
        self.status = status
        self.systemInfo = systemInfo
        self.runNumber = runNumber
        self.round = round
    }
}

public struct Fl_V1_AdminReplyAck: Sendable, Equatable {
    public init() {}
}

public struct Fl_V1_GetTaskRequest: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""
    /// The run the client was started for.
    public var runNumber: Int32 = 0

    public init(
        token: String = "",
        clientName: String = "",
        runNumber: Int32 = 0
    ) {
        self.token = token
        self.clientName = clientName
        self.runNumber = runNumber
    }
}

public struct Fl_V1_TaskHeader: Sendable, Equatable {
    public var kind: Fl_V1_TaskKind = .unspecified
    /// Identifies this task; UpdateHeader.task_id / ValidationReport.task_id must carry it back.
    public var taskId: String = ""
    public var runNumber: Int32 = 0
    /// The round (0-based) this task belongs to, and the number of rounds in the run.
    public var round: Int32 = 0
    public var numRounds: Int32 = 0
    /// For VALIDATE: whose model is attached: "server" for the global model, else a client name.
    public var modelOwner: String = ""
    /// For WAIT: when to ask again, in milliseconds.
    public var retryAfterMs: UInt32 = 0
    /// Extra task parameters (e.g. "local_epochs").
    public var params: [String: String] = [:]

    public init(
        kind: Fl_V1_TaskKind = .unspecified,
        taskId: String = "",
        runNumber: Int32 = 0,
        round: Int32 = 0,
        numRounds: Int32 = 0,
        modelOwner: String = "",
        retryAfterMs: UInt32 = 0,
        params: [String: String] = [:]
    ) {
        self.kind = kind
        self.taskId = taskId
        self.runNumber = runNumber
        self.round = round
        self.numRounds = numRounds
        self.modelOwner = modelOwner
        self.retryAfterMs = retryAfterMs
        self.params = params
    }
}

public struct Fl_V1_TaskChunk: Sendable, Equatable {
    /// First message only.
    public var header: Fl_V1_TaskHeader? = nil
    /// The model, in chunks (TRAIN and VALIDATE tasks).
    public var model: Fl_V1_ModelChunk? = nil

    public init(
        header: Fl_V1_TaskHeader? = nil,
        model: Fl_V1_ModelChunk? = nil
    ) {
        self.header = header
        self.model = model
    }
}

public struct Fl_V1_UpdateHeader: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""
    /// The TaskHeader.task_id of the TRAIN task this update answers.
    public var taskId: String = ""
    public var runNumber: Int32 = 0
    public var round: Int32 = 0
    /// Number of training samples (or iterations) behind the update; the aggregation weight.
    public var sampleCount: UInt64 = 0
    /// Weights or deltas.
    public var kind: Fl_V1_UpdateKind = .unspecified
    /// Training metrics of the round (e.g. "loss", "train_dice").
    public var metrics: [Fl_V1_Metric] = []

    public init(
        token: String = "",
        clientName: String = "",
        taskId: String = "",
        runNumber: Int32 = 0,
        round: Int32 = 0,
        sampleCount: UInt64 = 0,
        kind: Fl_V1_UpdateKind = .unspecified,
        metrics: [Fl_V1_Metric] = []
    ) {
        self.token = token
        self.clientName = clientName
        self.taskId = taskId
        self.runNumber = runNumber
        self.round = round
        self.sampleCount = sampleCount
        self.kind = kind
        self.metrics = metrics
    }
}

public struct Fl_V1_UpdateChunk: Sendable, Equatable {
    /// First message only.
    public var header: Fl_V1_UpdateHeader? = nil
    /// The update, in chunks.
    public var model: Fl_V1_ModelChunk? = nil

    public init(
        header: Fl_V1_UpdateHeader? = nil,
        model: Fl_V1_ModelChunk? = nil
    ) {
        self.header = header
        self.model = model
    }
}

public struct Fl_V1_SubmitUpdateReply: Sendable, Equatable {
    /// False when the server discarded the update (e.g. the round had already closed); message says why.
    public var accepted: Bool = false
    public var message: String = ""

    public init(
        accepted: Bool = false,
        message: String = ""
    ) {
        self.accepted = accepted
        self.message = message
    }
}

public struct Fl_V1_ValidationReport: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""
    /// The TaskHeader.task_id of the VALIDATE task.
    public var taskId: String = ""
    public var runNumber: Int32 = 0
    /// Whose model was evaluated ("server" or a client name).
    public var modelOwner: String = ""
    /// Metrics on the client's validation data (e.g. "mean_dice").
    public var metrics: [Fl_V1_Metric] = []

    public init(
        token: String = "",
        clientName: String = "",
        taskId: String = "",
        runNumber: Int32 = 0,
        modelOwner: String = "",
        metrics: [Fl_V1_Metric] = []
    ) {
        self.token = token
        self.clientName = clientName
        self.taskId = taskId
        self.runNumber = runNumber
        self.modelOwner = modelOwner
        self.metrics = metrics
    }
}

public struct Fl_V1_SubmitValidationReply: Sendable, Equatable {
    public init() {}
}

public struct Fl_V1_DownloadAppRequest: Sendable, Equatable {
    public var token: String = ""
    public var clientName: String = ""
    /// The run whose deployed app to download.
    public var runNumber: Int32 = 0

    public init(
        token: String = "",
        clientName: String = "",
        runNumber: Int32 = 0
    ) {
        self.token = token
        self.clientName = clientName
        self.runNumber = runNumber
    }
}

extension Fl_V1_RegisterRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.RegisterRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__register_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.RegisterRequest")
        }
        defer { fl__v1__register_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__register_request__get_packed_size(message)) {
                fl__v1__register_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__register_request__get_packed_size(message) },
            pack: { fl__v1__register_request__pack(message, $0) },
            packToBuffer: { fl__v1__register_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__RegisterRequest>, arena: CUnpackArena) throws {
        self.init()
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.RegisterRequest")
        self.instanceName = try decodeString(message.pointee.instance_name, in: "fl.v1.RegisterRequest")
        self.project = try decodeString(message.pointee.project, in: "fl.v1.RegisterRequest")
        self.previousToken = try decodeString(message.pointee.previous_token, in: "fl.v1.RegisterRequest")
        self.status = Fl_V1_TrainingStatus(rawValue: Int32(truncatingIfNeeded: message.pointee.status.rawValue))
        self.runNumber = message.pointee.run_number
        if let value = message.pointee.system_info {
            self.systemInfo = try Fl_V1_SystemInfo(_cMessage: value, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__RegisterRequest> {
        let message = arena.allocate(Fl__V1__RegisterRequest.self)
        fl__v1__register_request__init(message)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.instance_name = arena.cString(self.instanceName)
        message.pointee.project = arena.cString(self.project)
        message.pointee.previous_token = arena.cString(self.previousToken)
        message.pointee.status = Fl__V1__TrainingStatus(rawValue: .init(truncatingIfNeeded: self.status.rawValue))
        message.pointee.run_number = self.runNumber
        if let value = self.systemInfo {
            message.pointee.system_info = value._cMessage(in: arena)
        }
        return message
    }
}

extension Fl_V1_RegisterReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.RegisterReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__register_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.RegisterReply")
        }
        defer { fl__v1__register_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__register_reply__get_packed_size(message)) {
                fl__v1__register_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__register_reply__get_packed_size(message) },
            pack: { fl__v1__register_reply__pack(message, $0) },
            packToBuffer: { fl__v1__register_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__RegisterReply>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.RegisterReply")
        self.project = try decodeString(message.pointee.project, in: "fl.v1.RegisterReply")
        self.heartbeatIntervalMs = message.pointee.heartbeat_interval_ms
        self.heartbeatTimeoutMs = message.pointee.heartbeat_timeout_ms
        self.serverTimeUnixMs = message.pointee.server_time_unix_ms
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__RegisterReply> {
        let message = arena.allocate(Fl__V1__RegisterReply.self)
        fl__v1__register_reply__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.project = arena.cString(self.project)
        message.pointee.heartbeat_interval_ms = self.heartbeatIntervalMs
        message.pointee.heartbeat_timeout_ms = self.heartbeatTimeoutMs
        message.pointee.server_time_unix_ms = self.serverTimeUnixMs
        return message
    }
}

extension Fl_V1_HeartbeatRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.HeartbeatRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__heartbeat_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.HeartbeatRequest")
        }
        defer { fl__v1__heartbeat_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__heartbeat_request__get_packed_size(message)) {
                fl__v1__heartbeat_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__heartbeat_request__get_packed_size(message) },
            pack: { fl__v1__heartbeat_request__pack(message, $0) },
            packToBuffer: { fl__v1__heartbeat_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__HeartbeatRequest>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.HeartbeatRequest")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.HeartbeatRequest")
        self.status = Fl_V1_TrainingStatus(rawValue: Int32(truncatingIfNeeded: message.pointee.status.rawValue))
        self.runNumber = message.pointee.run_number
        self.round = message.pointee.round
        self.stepsDone = message.pointee.steps_done
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__HeartbeatRequest> {
        let message = arena.allocate(Fl__V1__HeartbeatRequest.self)
        fl__v1__heartbeat_request__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.status = Fl__V1__TrainingStatus(rawValue: .init(truncatingIfNeeded: self.status.rawValue))
        message.pointee.run_number = self.runNumber
        message.pointee.round = self.round
        message.pointee.steps_done = self.stepsDone
        return message
    }
}

extension Fl_V1_HeartbeatReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.HeartbeatReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__heartbeat_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.HeartbeatReply")
        }
        defer { fl__v1__heartbeat_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__heartbeat_reply__get_packed_size(message)) {
                fl__v1__heartbeat_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__heartbeat_reply__get_packed_size(message) },
            pack: { fl__v1__heartbeat_reply__pack(message, $0) },
            packToBuffer: { fl__v1__heartbeat_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__HeartbeatReply>, arena: CUnpackArena) throws {
        self.init()
        self.registered = message.pointee.registered != 0
        self.heartbeatIntervalMs = message.pointee.heartbeat_interval_ms
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__HeartbeatReply> {
        let message = arena.allocate(Fl__V1__HeartbeatReply.self)
        fl__v1__heartbeat_reply__init(message)
        message.pointee.registered = self.registered ? 1 : 0
        message.pointee.heartbeat_interval_ms = self.heartbeatIntervalMs
        return message
    }
}

extension Fl_V1_QuitRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.QuitRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__quit_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.QuitRequest")
        }
        defer { fl__v1__quit_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__quit_request__get_packed_size(message)) {
                fl__v1__quit_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__quit_request__get_packed_size(message) },
            pack: { fl__v1__quit_request__pack(message, $0) },
            packToBuffer: { fl__v1__quit_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__QuitRequest>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.QuitRequest")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.QuitRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__QuitRequest> {
        let message = arena.allocate(Fl__V1__QuitRequest.self)
        fl__v1__quit_request__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        return message
    }
}

extension Fl_V1_QuitReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.QuitReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__quit_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.QuitReply")
        }
        defer { fl__v1__quit_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__quit_reply__get_packed_size(message)) {
                fl__v1__quit_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__quit_reply__get_packed_size(message) },
            pack: { fl__v1__quit_reply__pack(message, $0) },
            packToBuffer: { fl__v1__quit_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__QuitReply>, arena: CUnpackArena) throws {
        self.init()
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__QuitReply> {
        let message = arena.allocate(Fl__V1__QuitReply.self)
        fl__v1__quit_reply__init(message)
        return message
    }
}

extension Fl_V1_AdminStreamRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.AdminStreamRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__admin_stream_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.AdminStreamRequest")
        }
        defer { fl__v1__admin_stream_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__admin_stream_request__get_packed_size(message)) {
                fl__v1__admin_stream_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__admin_stream_request__get_packed_size(message) },
            pack: { fl__v1__admin_stream_request__pack(message, $0) },
            packToBuffer: { fl__v1__admin_stream_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__AdminStreamRequest>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.AdminStreamRequest")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.AdminStreamRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__AdminStreamRequest> {
        let message = arena.allocate(Fl__V1__AdminStreamRequest.self)
        fl__v1__admin_stream_request__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        return message
    }
}

extension Fl_V1_AdminRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.AdminRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__admin_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.AdminRequest")
        }
        defer { fl__v1__admin_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__admin_request__get_packed_size(message)) {
                fl__v1__admin_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__admin_request__get_packed_size(message) },
            pack: { fl__v1__admin_request__pack(message, $0) },
            packToBuffer: { fl__v1__admin_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__AdminRequest>, arena: CUnpackArena) throws {
        self.init()
        self.requestId = try decodeString(message.pointee.request_id, in: "fl.v1.AdminRequest")
        self.command = Fl_V1_AdminCommand(rawValue: Int32(truncatingIfNeeded: message.pointee.command.rawValue))
        self.args = try decodeArray(message.pointee.n_args, message.pointee.args).map {
            try decodeString($0, in: "fl.v1.AdminRequest")
        }
        self.issuedBy = try decodeString(message.pointee.issued_by, in: "fl.v1.AdminRequest")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__AdminRequest> {
        let message = arena.allocate(Fl__V1__AdminRequest.self)
        fl__v1__admin_request__init(message)
        message.pointee.request_id = arena.cString(self.requestId)
        message.pointee.command = Fl__V1__AdminCommand(rawValue: .init(truncatingIfNeeded: self.command.rawValue))
        (message.pointee.n_args, message.pointee.args) = arena.cStrings(self.args)
        message.pointee.issued_by = arena.cString(self.issuedBy)
        return message
    }
}

extension Fl_V1_AdminReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.AdminReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__admin_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.AdminReply")
        }
        defer { fl__v1__admin_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__admin_reply__get_packed_size(message)) {
                fl__v1__admin_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__admin_reply__get_packed_size(message) },
            pack: { fl__v1__admin_reply__pack(message, $0) },
            packToBuffer: { fl__v1__admin_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__AdminReply>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.AdminReply")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.AdminReply")
        self.requestId = try decodeString(message.pointee.request_id, in: "fl.v1.AdminReply")
        self.ok = message.pointee.ok != 0
        self.message = try decodeString(message.pointee.message, in: "fl.v1.AdminReply")
        self.status = Fl_V1_TrainingStatus(rawValue: Int32(truncatingIfNeeded: message.pointee.status.rawValue))
        if let value = message.pointee.system_info {
            self.systemInfo = try Fl_V1_SystemInfo(_cMessage: value, arena: arena)
        }
        self.runNumber = message.pointee.run_number
        self.round = message.pointee.round
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__AdminReply> {
        let message = arena.allocate(Fl__V1__AdminReply.self)
        fl__v1__admin_reply__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.request_id = arena.cString(self.requestId)
        message.pointee.ok = self.ok ? 1 : 0
        message.pointee.message = arena.cString(self.message)
        message.pointee.status = Fl__V1__TrainingStatus(rawValue: .init(truncatingIfNeeded: self.status.rawValue))
        if let value = self.systemInfo {
            message.pointee.system_info = value._cMessage(in: arena)
        }
        message.pointee.run_number = self.runNumber
        message.pointee.round = self.round
        return message
    }
}

extension Fl_V1_AdminReplyAck: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.AdminReplyAck")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__admin_reply_ack__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.AdminReplyAck")
        }
        defer { fl__v1__admin_reply_ack__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__admin_reply_ack__get_packed_size(message)) {
                fl__v1__admin_reply_ack__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__admin_reply_ack__get_packed_size(message) },
            pack: { fl__v1__admin_reply_ack__pack(message, $0) },
            packToBuffer: { fl__v1__admin_reply_ack__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__AdminReplyAck>, arena: CUnpackArena) throws {
        self.init()
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__AdminReplyAck> {
        let message = arena.allocate(Fl__V1__AdminReplyAck.self)
        fl__v1__admin_reply_ack__init(message)
        return message
    }
}

extension Fl_V1_GetTaskRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.GetTaskRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__get_task_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.GetTaskRequest")
        }
        defer { fl__v1__get_task_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__get_task_request__get_packed_size(message)) {
                fl__v1__get_task_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__get_task_request__get_packed_size(message) },
            pack: { fl__v1__get_task_request__pack(message, $0) },
            packToBuffer: { fl__v1__get_task_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__GetTaskRequest>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.GetTaskRequest")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.GetTaskRequest")
        self.runNumber = message.pointee.run_number
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__GetTaskRequest> {
        let message = arena.allocate(Fl__V1__GetTaskRequest.self)
        fl__v1__get_task_request__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.run_number = self.runNumber
        return message
    }
}

extension Fl_V1_TaskHeader: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.TaskHeader")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__task_header__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.TaskHeader")
        }
        defer { fl__v1__task_header__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__task_header__get_packed_size(message)) {
                fl__v1__task_header__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__task_header__get_packed_size(message) },
            pack: { fl__v1__task_header__pack(message, $0) },
            packToBuffer: { fl__v1__task_header__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__TaskHeader>, arena: CUnpackArena) throws {
        self.init()
        self.kind = Fl_V1_TaskKind(rawValue: Int32(truncatingIfNeeded: message.pointee.kind.rawValue))
        self.taskId = try decodeString(message.pointee.task_id, in: "fl.v1.TaskHeader")
        self.runNumber = message.pointee.run_number
        self.round = message.pointee.round
        self.numRounds = message.pointee.num_rounds
        self.modelOwner = try decodeString(message.pointee.model_owner, in: "fl.v1.TaskHeader")
        self.retryAfterMs = message.pointee.retry_after_ms
        self.params = try decodeMap(message.pointee.n_params, message.pointee.params, in: "fl.v1.TaskHeader") { entry in
            (try decodeString(entry.pointee.key, in: "fl.v1.TaskHeader"), try decodeString(entry.pointee.value, in: "fl.v1.TaskHeader"))
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__TaskHeader> {
        let message = arena.allocate(Fl__V1__TaskHeader.self)
        fl__v1__task_header__init(message)
        message.pointee.kind = Fl__V1__TaskKind(rawValue: .init(truncatingIfNeeded: self.kind.rawValue))
        message.pointee.task_id = arena.cString(self.taskId)
        message.pointee.run_number = self.runNumber
        message.pointee.round = self.round
        message.pointee.num_rounds = self.numRounds
        message.pointee.model_owner = arena.cString(self.modelOwner)
        message.pointee.retry_after_ms = self.retryAfterMs
        // Entries in key order, so equal maps encode to equal bytes.
        (message.pointee.n_params, message.pointee.params) = arena.pointers(self.params.sorted(by: { $0.key < $1.key })) { key, value in
            let entry = arena.allocate(Fl__V1__TaskHeader__ParamsEntry.self)
            fl__v1__task_header__params_entry__init(entry)
            entry.pointee.key = arena.cString(key)
            entry.pointee.value = arena.cString(value)
            return entry
        }
        return message
    }
}

extension Fl_V1_TaskChunk: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.TaskChunk")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__task_chunk__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.TaskChunk")
        }
        defer { fl__v1__task_chunk__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__task_chunk__get_packed_size(message)) {
                fl__v1__task_chunk__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__task_chunk__get_packed_size(message) },
            pack: { fl__v1__task_chunk__pack(message, $0) },
            packToBuffer: { fl__v1__task_chunk__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__TaskChunk>, arena: CUnpackArena) throws {
        self.init()
        if let value = message.pointee.header {
            self.header = try Fl_V1_TaskHeader(_cMessage: value, arena: arena)
        }
        if let value = message.pointee.model {
            self.model = try Fl_V1_ModelChunk(_cMessage: value, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__TaskChunk> {
        let message = arena.allocate(Fl__V1__TaskChunk.self)
        fl__v1__task_chunk__init(message)
        if let value = self.header {
            message.pointee.header = value._cMessage(in: arena)
        }
        if let value = self.model {
            message.pointee.model = value._cMessage(in: arena)
        }
        return message
    }
}

extension Fl_V1_UpdateHeader: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.UpdateHeader")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__update_header__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.UpdateHeader")
        }
        defer { fl__v1__update_header__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__update_header__get_packed_size(message)) {
                fl__v1__update_header__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__update_header__get_packed_size(message) },
            pack: { fl__v1__update_header__pack(message, $0) },
            packToBuffer: { fl__v1__update_header__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__UpdateHeader>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.UpdateHeader")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.UpdateHeader")
        self.taskId = try decodeString(message.pointee.task_id, in: "fl.v1.UpdateHeader")
        self.runNumber = message.pointee.run_number
        self.round = message.pointee.round
        self.sampleCount = message.pointee.sample_count
        self.kind = Fl_V1_UpdateKind(rawValue: Int32(truncatingIfNeeded: message.pointee.kind.rawValue))
        self.metrics = try decodeMessages(message.pointee.n_metrics, message.pointee.metrics, in: "fl.v1.UpdateHeader") {
            try Fl_V1_Metric(_cMessage: $0, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__UpdateHeader> {
        let message = arena.allocate(Fl__V1__UpdateHeader.self)
        fl__v1__update_header__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.task_id = arena.cString(self.taskId)
        message.pointee.run_number = self.runNumber
        message.pointee.round = self.round
        message.pointee.sample_count = self.sampleCount
        message.pointee.kind = Fl__V1__UpdateKind(rawValue: .init(truncatingIfNeeded: self.kind.rawValue))
        (message.pointee.n_metrics, message.pointee.metrics) = arena.pointers(self.metrics) { $0._cMessage(in: arena) }
        return message
    }
}

extension Fl_V1_UpdateChunk: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.UpdateChunk")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__update_chunk__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.UpdateChunk")
        }
        defer { fl__v1__update_chunk__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__update_chunk__get_packed_size(message)) {
                fl__v1__update_chunk__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__update_chunk__get_packed_size(message) },
            pack: { fl__v1__update_chunk__pack(message, $0) },
            packToBuffer: { fl__v1__update_chunk__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__UpdateChunk>, arena: CUnpackArena) throws {
        self.init()
        if let value = message.pointee.header {
            self.header = try Fl_V1_UpdateHeader(_cMessage: value, arena: arena)
        }
        if let value = message.pointee.model {
            self.model = try Fl_V1_ModelChunk(_cMessage: value, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__UpdateChunk> {
        let message = arena.allocate(Fl__V1__UpdateChunk.self)
        fl__v1__update_chunk__init(message)
        if let value = self.header {
            message.pointee.header = value._cMessage(in: arena)
        }
        if let value = self.model {
            message.pointee.model = value._cMessage(in: arena)
        }
        return message
    }
}

extension Fl_V1_SubmitUpdateReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.SubmitUpdateReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__submit_update_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.SubmitUpdateReply")
        }
        defer { fl__v1__submit_update_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__submit_update_reply__get_packed_size(message)) {
                fl__v1__submit_update_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__submit_update_reply__get_packed_size(message) },
            pack: { fl__v1__submit_update_reply__pack(message, $0) },
            packToBuffer: { fl__v1__submit_update_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__SubmitUpdateReply>, arena: CUnpackArena) throws {
        self.init()
        self.accepted = message.pointee.accepted != 0
        self.message = try decodeString(message.pointee.message, in: "fl.v1.SubmitUpdateReply")
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__SubmitUpdateReply> {
        let message = arena.allocate(Fl__V1__SubmitUpdateReply.self)
        fl__v1__submit_update_reply__init(message)
        message.pointee.accepted = self.accepted ? 1 : 0
        message.pointee.message = arena.cString(self.message)
        return message
    }
}

extension Fl_V1_ValidationReport: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.ValidationReport")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__validation_report__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.ValidationReport")
        }
        defer { fl__v1__validation_report__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__validation_report__get_packed_size(message)) {
                fl__v1__validation_report__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__validation_report__get_packed_size(message) },
            pack: { fl__v1__validation_report__pack(message, $0) },
            packToBuffer: { fl__v1__validation_report__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__ValidationReport>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.ValidationReport")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.ValidationReport")
        self.taskId = try decodeString(message.pointee.task_id, in: "fl.v1.ValidationReport")
        self.runNumber = message.pointee.run_number
        self.modelOwner = try decodeString(message.pointee.model_owner, in: "fl.v1.ValidationReport")
        self.metrics = try decodeMessages(message.pointee.n_metrics, message.pointee.metrics, in: "fl.v1.ValidationReport") {
            try Fl_V1_Metric(_cMessage: $0, arena: arena)
        }
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__ValidationReport> {
        let message = arena.allocate(Fl__V1__ValidationReport.self)
        fl__v1__validation_report__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.task_id = arena.cString(self.taskId)
        message.pointee.run_number = self.runNumber
        message.pointee.model_owner = arena.cString(self.modelOwner)
        (message.pointee.n_metrics, message.pointee.metrics) = arena.pointers(self.metrics) { $0._cMessage(in: arena) }
        return message
    }
}

extension Fl_V1_SubmitValidationReply: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.SubmitValidationReply")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__submit_validation_reply__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.SubmitValidationReply")
        }
        defer { fl__v1__submit_validation_reply__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__submit_validation_reply__get_packed_size(message)) {
                fl__v1__submit_validation_reply__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__submit_validation_reply__get_packed_size(message) },
            pack: { fl__v1__submit_validation_reply__pack(message, $0) },
            packToBuffer: { fl__v1__submit_validation_reply__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__SubmitValidationReply>, arena: CUnpackArena) throws {
        self.init()
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__SubmitValidationReply> {
        let message = arena.allocate(Fl__V1__SubmitValidationReply.self)
        fl__v1__submit_validation_reply__init(message)
        return message
    }
}

extension Fl_V1_DownloadAppRequest: RPCMessage {
    /// Decodes the protobuf wire format with protobuf-c;
    /// throws `RPCError(.invalidArgument, "cannot decode fl.v1.DownloadAppRequest")` on malformed input.
    public init(serializedBytes bytes: [UInt8]) throws {
        let arena = CUnpackArena()
        let message = bytes.withUnsafeBufferPointer {
            fl__v1__download_app_request__unpack(arena.allocator, $0.count, $0.baseAddress)
        }
        guard let message else {
            throw RPCError(.invalidArgument, "cannot decode fl.v1.DownloadAppRequest")
        }
        defer { fl__v1__download_app_request__free_unpacked(message, arena.allocator) }
        try self.init(_cMessage: message, arena: arena)
    }

    /// Encodes to the protobuf wire format with protobuf-c.
    public func serializedBytes() -> [UInt8] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.withPinnedBytes {
            packedBytes(size: fl__v1__download_app_request__get_packed_size(message)) {
                fl__v1__download_app_request__pack(message, $0)
            }
        }
    }

    /// Encodes to the protobuf wire format as pieces (their concatenation): large `bytes` values
    /// are their own pieces, the arrays themselves.
    public func serializedPieces() -> [[UInt8]] {
        let arena = CMessageArena()
        let message = _cMessage(in: arena)
        return arena.packedPieces(
            size: { fl__v1__download_app_request__get_packed_size(message) },
            pack: { fl__v1__download_app_request__pack(message, $0) },
            packToBuffer: { fl__v1__download_app_request__pack_to_buffer(message, $0) })
    }

    /// Copies an unpacked protobuf-c message into a Swift value (large `bytes` values: the arrays
    /// `arena` unpacked them into).
    init(_cMessage message: UnsafePointer<Fl__V1__DownloadAppRequest>, arena: CUnpackArena) throws {
        self.init()
        self.token = try decodeString(message.pointee.token, in: "fl.v1.DownloadAppRequest")
        self.clientName = try decodeString(message.pointee.client_name, in: "fl.v1.DownloadAppRequest")
        self.runNumber = message.pointee.run_number
    }

    /// Builds the protobuf-c struct in `arena`; valid until the arena is released.
    func _cMessage(in arena: CMessageArena) -> UnsafeMutablePointer<Fl__V1__DownloadAppRequest> {
        let message = arena.allocate(Fl__V1__DownloadAppRequest.self)
        fl__v1__download_app_request__init(message)
        message.pointee.token = arena.cString(self.token)
        message.pointee.client_name = arena.cString(self.clientName)
        message.pointee.run_number = self.runNumber
        return message
    }
}
