// Fuzz target: protobuf decoding into the generated FlockProto message types (what a server,
// client or admin decodes from the network). Every message type of fl.v1 is decoded; a decoded
// message must re-encode and decode to an equal value.
import FlockProto
import FlockRPC
import FuzzSupport

func roundTrip<T: RPCMessage & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
    guard let decoded = try? T(serializedBytes: bytes) else { return }
    let encoded = decoded.serializedBytes()
    guard let again = try? T(serializedBytes: encoded) else {
        fatalError("\(T.self): a decoded message re-encodes to bytes that do not decode")
    }
    // NaN fields are unequal to themselves; their descriptions still agree.
    precondition(again == decoded || "\(again)" == "\(decoded)", "\(T.self): the round trip changed the message")
    precondition(again.serializedBytes().count == encoded.count, "\(T.self): re-encoding changed the size")
}

let decoders: [([UInt8]) -> Void] = [
    { roundTrip(Fl_V1_LoginRequest.self, $0) },
    { roundTrip(Fl_V1_LoginReply.self, $0) },
    { roundTrip(Fl_V1_SessionRequest.self, $0) },
    { roundTrip(Fl_V1_TargetRequest.self, $0) },
    { roundTrip(Fl_V1_TargetReply.self, $0) },
    { roundTrip(Fl_V1_CommandReply.self, $0) },
    { roundTrip(Fl_V1_CheckStatusRequest.self, $0) },
    { roundTrip(Fl_V1_RegisteredClient.self, $0) },
    { roundTrip(Fl_V1_ServerStatus.self, $0) },
    { roundTrip(Fl_V1_ClientStatus.self, $0) },
    { roundTrip(Fl_V1_CheckStatusReply.self, $0) },
    { roundTrip(Fl_V1_RunNumberRequest.self, $0) },
    { roundTrip(Fl_V1_UploadFolderHeader.self, $0) },
    { roundTrip(Fl_V1_UploadFolderChunk.self, $0) },
    { roundTrip(Fl_V1_DownloadFolderRequest.self, $0) },
    { roundTrip(Fl_V1_DeployRequest.self, $0) },
    { roundTrip(Fl_V1_StartMgpuRequest.self, $0) },
    { roundTrip(Fl_V1_RemoveClientRequest.self, $0) },
    { roundTrip(Fl_V1_TargetSystemInfo.self, $0) },
    { roundTrip(Fl_V1_SysInfoReply.self, $0) },
    { roundTrip(Fl_V1_ValidateRequest.self, $0) },
    { roundTrip(Fl_V1_ValidationEntry.self, $0) },
    { roundTrip(Fl_V1_ValidateReply.self, $0) },
    { roundTrip(Fl_V1_ShellRequest.self, $0) },
    { roundTrip(Fl_V1_ShellReply.self, $0) },
    { roundTrip(Fl_V1_TensorInfo.self, $0) },
    { roundTrip(Fl_V1_ModelManifest.self, $0) },
    { roundTrip(Fl_V1_ModelChunk.self, $0) },
    { roundTrip(Fl_V1_FileChunk.self, $0) },
    { roundTrip(Fl_V1_Metric.self, $0) },
    { roundTrip(Fl_V1_SystemInfo.self, $0) },
    { roundTrip(Fl_V1_RegisterRequest.self, $0) },
    { roundTrip(Fl_V1_RegisterReply.self, $0) },
    { roundTrip(Fl_V1_HeartbeatRequest.self, $0) },
    { roundTrip(Fl_V1_HeartbeatReply.self, $0) },
    { roundTrip(Fl_V1_QuitRequest.self, $0) },
    { roundTrip(Fl_V1_QuitReply.self, $0) },
    { roundTrip(Fl_V1_AdminStreamRequest.self, $0) },
    { roundTrip(Fl_V1_AdminRequest.self, $0) },
    { roundTrip(Fl_V1_AdminReply.self, $0) },
    { roundTrip(Fl_V1_AdminReplyAck.self, $0) },
    { roundTrip(Fl_V1_GetTaskRequest.self, $0) },
    { roundTrip(Fl_V1_TaskHeader.self, $0) },
    { roundTrip(Fl_V1_TaskChunk.self, $0) },
    { roundTrip(Fl_V1_UpdateHeader.self, $0) },
    { roundTrip(Fl_V1_UpdateChunk.self, $0) },
    { roundTrip(Fl_V1_SubmitUpdateReply.self, $0) },
    { roundTrip(Fl_V1_ValidationReport.self, $0) },
    { roundTrip(Fl_V1_SubmitValidationReply.self, $0) },
    { roundTrip(Fl_V1_DownloadAppRequest.self, $0) },
]

fuzzMain { bytes in
    var input = FuzzInput(bytes)
    // The first byte picks the message type; the rest is the wire encoding.
    let pick = Int(input.byte()) % decoders.count
    decoders[pick](input.rest())
}
