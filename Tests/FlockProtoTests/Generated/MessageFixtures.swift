// DO NOT EDIT.
// Source: fl/testing/v1/interop.proto
// Source: fl/v1/admin.proto
// Source: fl/v1/common.proto
// Source: fl/v1/federated.proto
// Regenerate with `make proto` (scripts/gen-proto.sh: protoc-c, then protoc | fl-codegen).
//
// Sample values of every message for the round-trip and interop tests of FlockProtoTests.

import FlockProto

extension Fl_Testing_V1_EchoMessage: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.text = fixtureString(count: 4096, seed: 0)
        message.payload = fixtureBytes(count: 3 << 20 | 7, seed: 0)
        message.number = Int64.min + Int64(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.text = fixtureUnicodeString(0)
        message.payload = fixtureAllBytes
        message.number = -1 - Int64(0)
        return message
    }
}

extension Fl_Testing_V1_StreamRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.count = UInt32.max - UInt32(0)
        message.chunkSize = UInt32.max - UInt32(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.count = 1 + UInt32(0)
        message.chunkSize = 1 + UInt32(0)
        return message
    }
}

extension Fl_Testing_V1_Chunk: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.sequence = UInt64.max - UInt64(0)
        message.data = fixtureBytes(count: 3 << 20 | 7, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.sequence = 1 + UInt64(0)
        message.data = fixtureAllBytes
        return message
    }
}

extension Fl_Testing_V1_StreamSummary: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.count = UInt64.max - UInt64(0)
        message.totalBytes = UInt64.max - UInt64(0)
        message.checksum = UInt64.max - UInt64(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.count = 1 + UInt64(0)
        message.totalBytes = 1 + UInt64(0)
        message.checksum = 1 + UInt64(0)
        return message
    }
}

extension Fl_Testing_V1_SleepRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.milliseconds = UInt32.max - UInt32(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.milliseconds = 1 + UInt32(0)
        return message
    }
}

extension Fl_Testing_V1_CancelState: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.observed = true
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.observed = true
        return message
    }
}

extension Fl_V1_LoginRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.userName = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.userName = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_LoginReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.project = fixtureString(count: 4096, seed: 0)
        message.role = fixtureString(count: 4096, seed: 0)
        message.org = fixtureString(count: 4096, seed: 0)
        message.rights = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.project = fixtureUnicodeString(0)
        message.role = fixtureUnicodeString(0)
        message.org = fixtureUnicodeString(0)
        message.rights = (0..<3).map { i in fixtureUnicodeString(i) }
        return message
    }
}

extension Fl_V1_SessionRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_TargetRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.target = Fl_V1_Target.client
        message.clientNames = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.target = Fl_V1_Target(rawValue: 1000 + Int32(0))
        message.clientNames = (0..<3).map { i in fixtureUnicodeString(i) }
        return message
    }
}

extension Fl_V1_TargetReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.target = fixtureString(count: 4096, seed: 0)
        message.ok = true
        message.message = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.target = fixtureUnicodeString(0)
        message.ok = true
        message.message = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_CommandReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.message = fixtureString(count: 4096, seed: 0)
        message.replies = (0..<16).map { i in Fl_V1_TargetReply.fixtureMaximal() }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.message = fixtureUnicodeString(0)
        message.replies = (0..<2).map { i in Fl_V1_TargetReply.fixtureUnicode() }
        return message
    }
}

extension Fl_V1_CheckStatusRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.target = Fl_V1_Target.client
        message.clientNames = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.target = Fl_V1_Target(rawValue: 1000 + Int32(0))
        message.clientNames = (0..<3).map { i in fixtureUnicodeString(i) }
        return message
    }
}

extension Fl_V1_RegisteredClient: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.instanceName = fixtureString(count: 4096, seed: 0)
        message.token = fixtureString(count: 4096, seed: 0)
        message.address = fixtureString(count: 4096, seed: 0)
        message.lastSeenSeconds = Double.greatestFiniteMagnitude
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.clientName = fixtureUnicodeString(0)
        message.instanceName = fixtureUnicodeString(0)
        message.token = fixtureUnicodeString(0)
        message.address = fixtureUnicodeString(0)
        message.lastSeenSeconds = -0.5 - Double(0)
        return message
    }
}

extension Fl_V1_ServerStatus: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.runNumberSet = true
        message.runNumber = Int32.min + Int32(0)
        message.status = Fl_V1_TrainingStatus.crossValidating
        message.startRound = Int32.min + Int32(0)
        message.numRounds = Int32.min + Int32(0)
        message.currentRound = Int32.min + Int32(0)
        message.minNumClients = Int32.min + Int32(0)
        message.maxNumClients = Int32.min + Int32(0)
        message.registeredClients = (0..<16).map { i in Fl_V1_RegisteredClient.fixtureMaximal() }
        message.deployedApp = fixtureString(count: 4096, seed: 0)
        message.warnings = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.runNumberSet = true
        message.runNumber = -1 - Int32(0)
        message.status = Fl_V1_TrainingStatus(rawValue: 1000 + Int32(0))
        message.startRound = -1 - Int32(0)
        message.numRounds = -1 - Int32(0)
        message.currentRound = -1 - Int32(0)
        message.minNumClients = -1 - Int32(0)
        message.maxNumClients = -1 - Int32(0)
        message.registeredClients = (0..<2).map { i in Fl_V1_RegisteredClient.fixtureUnicode() }
        message.deployedApp = fixtureUnicodeString(0)
        message.warnings = (0..<3).map { i in fixtureUnicodeString(i) }
        return message
    }
}

extension Fl_V1_ClientStatus: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.instanceName = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.token = fixtureString(count: 4096, seed: 0)
        message.status = Fl_V1_TrainingStatus.crossValidating
        message.runNumber = Int32.min + Int32(0)
        message.round = Int32.min + Int32(0)
        message.ok = true
        message.message = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.instanceName = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        message.token = fixtureUnicodeString(0)
        message.status = Fl_V1_TrainingStatus(rawValue: 1000 + Int32(0))
        message.runNumber = -1 - Int32(0)
        message.round = -1 - Int32(0)
        message.ok = true
        message.message = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_CheckStatusReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.server = Fl_V1_ServerStatus.fixtureMaximal()
        message.clients = (0..<16).map { i in Fl_V1_ClientStatus.fixtureMaximal() }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.server = Fl_V1_ServerStatus.fixtureUnicode()
        message.clients = (0..<2).map { i in Fl_V1_ClientStatus.fixtureUnicode() }
        return message
    }
}

extension Fl_V1_RunNumberRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.runNumber = Int32.min + Int32(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.runNumber = -1 - Int32(0)
        return message
    }
}

extension Fl_V1_UploadFolderHeader: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.folder = fixtureString(count: 4096, seed: 0)
        message.totalBytes = UInt64.max - UInt64(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.folder = fixtureUnicodeString(0)
        message.totalBytes = 1 + UInt64(0)
        return message
    }
}

extension Fl_V1_UploadFolderChunk: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.header = Fl_V1_UploadFolderHeader.fixtureMaximal()
        message.file = Fl_V1_FileChunk.fixtureMaximal()
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.header = Fl_V1_UploadFolderHeader.fixtureUnicode()
        message.file = Fl_V1_FileChunk.fixtureUnicode()
        return message
    }
}

extension Fl_V1_DownloadFolderRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.folder = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.folder = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_DeployRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.app = fixtureString(count: 4096, seed: 0)
        message.target = Fl_V1_Target.client
        message.clientNames = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.app = fixtureUnicodeString(0)
        message.target = Fl_V1_Target(rawValue: 1000 + Int32(0))
        message.clientNames = (0..<3).map { i in fixtureUnicodeString(i) }
        return message
    }
}

extension Fl_V1_StartMgpuRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.gpuCount = UInt32.max - UInt32(0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.gpuCount = 1 + UInt32(0)
        message.clientName = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_RemoveClientRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_TargetSystemInfo: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.target = fixtureString(count: 4096, seed: 0)
        message.ok = true
        message.message = fixtureString(count: 4096, seed: 0)
        message.info = Fl_V1_SystemInfo.fixtureMaximal()
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.target = fixtureUnicodeString(0)
        message.ok = true
        message.message = fixtureUnicodeString(0)
        message.info = Fl_V1_SystemInfo.fixtureUnicode()
        return message
    }
}

extension Fl_V1_SysInfoReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.infos = (0..<16).map { i in Fl_V1_TargetSystemInfo.fixtureMaximal() }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.infos = (0..<2).map { i in Fl_V1_TargetSystemInfo.fixtureUnicode() }
        return message
    }
}

extension Fl_V1_ValidateRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.all = true
        message.source = fixtureString(count: 4096, seed: 0)
        message.target = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.all = true
        message.source = fixtureUnicodeString(0)
        message.target = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_ValidationEntry: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.source = fixtureString(count: 4096, seed: 0)
        message.target = fixtureString(count: 4096, seed: 0)
        message.metrics = (0..<16).map { i in Fl_V1_Metric.fixtureMaximal() }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.source = fixtureUnicodeString(0)
        message.target = fixtureUnicodeString(0)
        message.metrics = (0..<2).map { i in Fl_V1_Metric.fixtureUnicode() }
        return message
    }
}

extension Fl_V1_ValidateReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.runNumber = Int32.min + Int32(0)
        message.entries = (0..<16).map { i in Fl_V1_ValidationEntry.fixtureMaximal() }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.runNumber = -1 - Int32(0)
        message.entries = (0..<2).map { i in Fl_V1_ValidationEntry.fixtureUnicode() }
        return message
    }
}

extension Fl_V1_ShellRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.session = fixtureString(count: 4096, seed: 0)
        message.target = fixtureString(count: 4096, seed: 0)
        message.command = fixtureString(count: 4096, seed: 0)
        message.args = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.session = fixtureUnicodeString(0)
        message.target = fixtureUnicodeString(0)
        message.command = fixtureUnicodeString(0)
        message.args = (0..<3).map { i in fixtureUnicodeString(i) }
        return message
    }
}

extension Fl_V1_ShellReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.output = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.output = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_TensorInfo: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.name = fixtureString(count: 4096, seed: 0)
        message.dtype = Fl_V1_DType.uint8
        message.shape = (0..<1000).map { i in Int64.min + Int64(i) }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.name = fixtureUnicodeString(0)
        message.dtype = Fl_V1_DType(rawValue: 1000 + Int32(0))
        message.shape = (0..<3).map { i in -1 - Int64(i) }
        return message
    }
}

extension Fl_V1_ModelManifest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.tensors = (0..<16).map { i in Fl_V1_TensorInfo.fixtureMaximal() }
        message.totalBytes = UInt64.max - UInt64(0)
        message.meta = Dictionary(uniqueKeysWithValues: (0..<100).map { i in ("key-\(i)", fixtureString(count: 4096, seed: i)) })
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.tensors = (0..<2).map { i in Fl_V1_TensorInfo.fixtureUnicode() }
        message.totalBytes = 1 + UInt64(0)
        message.meta = Dictionary(uniqueKeysWithValues: (0..<3).map { i in ("ключ-\(i)-鍵", fixtureUnicodeString(i)) })
        return message
    }
}

extension Fl_V1_ModelChunk: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.manifest = Fl_V1_ModelManifest.fixtureMaximal()
        message.offset = UInt64.max - UInt64(0)
        message.data = fixtureBytes(count: 3 << 20 | 7, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.manifest = Fl_V1_ModelManifest.fixtureUnicode()
        message.offset = 1 + UInt64(0)
        message.data = fixtureAllBytes
        return message
    }
}

extension Fl_V1_FileChunk: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.path = fixtureString(count: 4096, seed: 0)
        message.isDirectory = true
        message.offset = UInt64.max - UInt64(0)
        message.data = fixtureBytes(count: 3 << 20 | 7, seed: 0)
        message.mode = UInt32.max - UInt32(0)
        message.lastChunk = true
        message.fileSize = UInt64.max - UInt64(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.path = fixtureUnicodeString(0)
        message.isDirectory = true
        message.offset = 1 + UInt64(0)
        message.data = fixtureAllBytes
        message.mode = 1 + UInt32(0)
        message.lastChunk = true
        message.fileSize = 1 + UInt64(0)
        return message
    }
}

extension Fl_V1_Metric: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.name = fixtureString(count: 4096, seed: 0)
        message.value = Double.greatestFiniteMagnitude
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.name = fixtureUnicodeString(0)
        message.value = -0.5 - Double(0)
        return message
    }
}

extension Fl_V1_SystemInfo: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.hostname = fixtureString(count: 4096, seed: 0)
        message.os = fixtureString(count: 4096, seed: 0)
        message.cpuCount = UInt32.max - UInt32(0)
        message.memoryTotalBytes = UInt64.max - UInt64(0)
        message.memoryAvailableBytes = UInt64.max - UInt64(0)
        message.gpus = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        message.flockVersion = fixtureString(count: 4096, seed: 0)
        message.trainingBackend = fixtureString(count: 4096, seed: 0)
        message.pid = UInt32.max - UInt32(0)
        message.uptimeSeconds = Double.greatestFiniteMagnitude
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.hostname = fixtureUnicodeString(0)
        message.os = fixtureUnicodeString(0)
        message.cpuCount = 1 + UInt32(0)
        message.memoryTotalBytes = 1 + UInt64(0)
        message.memoryAvailableBytes = 1 + UInt64(0)
        message.gpus = (0..<3).map { i in fixtureUnicodeString(i) }
        message.flockVersion = fixtureUnicodeString(0)
        message.trainingBackend = fixtureUnicodeString(0)
        message.pid = 1 + UInt32(0)
        message.uptimeSeconds = -0.5 - Double(0)
        return message
    }
}

extension Fl_V1_RegisterRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.instanceName = fixtureString(count: 4096, seed: 0)
        message.project = fixtureString(count: 4096, seed: 0)
        message.previousToken = fixtureString(count: 4096, seed: 0)
        message.status = Fl_V1_TrainingStatus.crossValidating
        message.runNumber = Int32.min + Int32(0)
        message.systemInfo = Fl_V1_SystemInfo.fixtureMaximal()
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.clientName = fixtureUnicodeString(0)
        message.instanceName = fixtureUnicodeString(0)
        message.project = fixtureUnicodeString(0)
        message.previousToken = fixtureUnicodeString(0)
        message.status = Fl_V1_TrainingStatus(rawValue: 1000 + Int32(0))
        message.runNumber = -1 - Int32(0)
        message.systemInfo = Fl_V1_SystemInfo.fixtureUnicode()
        return message
    }
}

extension Fl_V1_RegisterReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.project = fixtureString(count: 4096, seed: 0)
        message.heartbeatIntervalMs = UInt32.max - UInt32(0)
        message.heartbeatTimeoutMs = UInt32.max - UInt32(0)
        message.serverTimeUnixMs = Int64.min + Int64(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.project = fixtureUnicodeString(0)
        message.heartbeatIntervalMs = 1 + UInt32(0)
        message.heartbeatTimeoutMs = 1 + UInt32(0)
        message.serverTimeUnixMs = -1 - Int64(0)
        return message
    }
}

extension Fl_V1_HeartbeatRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.status = Fl_V1_TrainingStatus.crossValidating
        message.runNumber = Int32.min + Int32(0)
        message.round = Int32.min + Int32(0)
        message.stepsDone = UInt64.max - UInt64(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        message.status = Fl_V1_TrainingStatus(rawValue: 1000 + Int32(0))
        message.runNumber = -1 - Int32(0)
        message.round = -1 - Int32(0)
        message.stepsDone = 1 + UInt64(0)
        return message
    }
}

extension Fl_V1_HeartbeatReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.registered = true
        message.heartbeatIntervalMs = UInt32.max - UInt32(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.registered = true
        message.heartbeatIntervalMs = 1 + UInt32(0)
        return message
    }
}

extension Fl_V1_QuitRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_QuitReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        Self()
    }

    static func fixtureUnicode() -> Self {
        Self()
    }
}

extension Fl_V1_AdminStreamRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_AdminRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.requestId = fixtureString(count: 4096, seed: 0)
        message.command = Fl_V1_AdminCommand.shell
        message.args = (0..<200).map { i in fixtureString(count: 4096, seed: i) }
        message.issuedBy = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.requestId = fixtureUnicodeString(0)
        message.command = Fl_V1_AdminCommand(rawValue: 1000 + Int32(0))
        message.args = (0..<3).map { i in fixtureUnicodeString(i) }
        message.issuedBy = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_AdminReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.requestId = fixtureString(count: 4096, seed: 0)
        message.ok = true
        message.message = fixtureString(count: 4096, seed: 0)
        message.status = Fl_V1_TrainingStatus.crossValidating
        message.systemInfo = Fl_V1_SystemInfo.fixtureMaximal()
        message.runNumber = Int32.min + Int32(0)
        message.round = Int32.min + Int32(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        message.requestId = fixtureUnicodeString(0)
        message.ok = true
        message.message = fixtureUnicodeString(0)
        message.status = Fl_V1_TrainingStatus(rawValue: 1000 + Int32(0))
        message.systemInfo = Fl_V1_SystemInfo.fixtureUnicode()
        message.runNumber = -1 - Int32(0)
        message.round = -1 - Int32(0)
        return message
    }
}

extension Fl_V1_AdminReplyAck: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        Self()
    }

    static func fixtureUnicode() -> Self {
        Self()
    }
}

extension Fl_V1_GetTaskRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.runNumber = Int32.min + Int32(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        message.runNumber = -1 - Int32(0)
        return message
    }
}

extension Fl_V1_TaskHeader: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.kind = Fl_V1_TaskKind.end
        message.taskId = fixtureString(count: 4096, seed: 0)
        message.runNumber = Int32.min + Int32(0)
        message.round = Int32.min + Int32(0)
        message.numRounds = Int32.min + Int32(0)
        message.modelOwner = fixtureString(count: 4096, seed: 0)
        message.retryAfterMs = UInt32.max - UInt32(0)
        message.params = Dictionary(uniqueKeysWithValues: (0..<100).map { i in ("key-\(i)", fixtureString(count: 4096, seed: i)) })
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.kind = Fl_V1_TaskKind(rawValue: 1000 + Int32(0))
        message.taskId = fixtureUnicodeString(0)
        message.runNumber = -1 - Int32(0)
        message.round = -1 - Int32(0)
        message.numRounds = -1 - Int32(0)
        message.modelOwner = fixtureUnicodeString(0)
        message.retryAfterMs = 1 + UInt32(0)
        message.params = Dictionary(uniqueKeysWithValues: (0..<3).map { i in ("ключ-\(i)-鍵", fixtureUnicodeString(i)) })
        return message
    }
}

extension Fl_V1_TaskChunk: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.header = Fl_V1_TaskHeader.fixtureMaximal()
        message.model = Fl_V1_ModelChunk.fixtureMaximal()
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.header = Fl_V1_TaskHeader.fixtureUnicode()
        message.model = Fl_V1_ModelChunk.fixtureUnicode()
        return message
    }
}

extension Fl_V1_UpdateHeader: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.taskId = fixtureString(count: 4096, seed: 0)
        message.runNumber = Int32.min + Int32(0)
        message.round = Int32.min + Int32(0)
        message.sampleCount = UInt64.max - UInt64(0)
        message.kind = Fl_V1_UpdateKind.delta
        message.metrics = (0..<16).map { i in Fl_V1_Metric.fixtureMaximal() }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        message.taskId = fixtureUnicodeString(0)
        message.runNumber = -1 - Int32(0)
        message.round = -1 - Int32(0)
        message.sampleCount = 1 + UInt64(0)
        message.kind = Fl_V1_UpdateKind(rawValue: 1000 + Int32(0))
        message.metrics = (0..<2).map { i in Fl_V1_Metric.fixtureUnicode() }
        return message
    }
}

extension Fl_V1_UpdateChunk: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.header = Fl_V1_UpdateHeader.fixtureMaximal()
        message.model = Fl_V1_ModelChunk.fixtureMaximal()
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.header = Fl_V1_UpdateHeader.fixtureUnicode()
        message.model = Fl_V1_ModelChunk.fixtureUnicode()
        return message
    }
}

extension Fl_V1_SubmitUpdateReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.accepted = true
        message.message = fixtureString(count: 4096, seed: 0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.accepted = true
        message.message = fixtureUnicodeString(0)
        return message
    }
}

extension Fl_V1_ValidationReport: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.taskId = fixtureString(count: 4096, seed: 0)
        message.runNumber = Int32.min + Int32(0)
        message.modelOwner = fixtureString(count: 4096, seed: 0)
        message.metrics = (0..<16).map { i in Fl_V1_Metric.fixtureMaximal() }
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        message.taskId = fixtureUnicodeString(0)
        message.runNumber = -1 - Int32(0)
        message.modelOwner = fixtureUnicodeString(0)
        message.metrics = (0..<2).map { i in Fl_V1_Metric.fixtureUnicode() }
        return message
    }
}

extension Fl_V1_SubmitValidationReply: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        Self()
    }

    static func fixtureUnicode() -> Self {
        Self()
    }
}

extension Fl_V1_DownloadAppRequest: FixtureMessage {
    static func fixtureEmpty() -> Self { Self() }

    static func fixtureMaximal() -> Self {
        var message = Self()
        message.token = fixtureString(count: 4096, seed: 0)
        message.clientName = fixtureString(count: 4096, seed: 0)
        message.runNumber = Int32.min + Int32(0)
        return message
    }

    static func fixtureUnicode() -> Self {
        var message = Self()
        message.token = fixtureUnicodeString(0)
        message.clientName = fixtureUnicodeString(0)
        message.runNumber = -1 - Int32(0)
        return message
    }
}

/// Every message type of the generated code, by proto name.
let allMessageFixtures: [MessageFixture] = [
    MessageFixture("fl.testing.v1.EchoMessage", Fl_Testing_V1_EchoMessage.self),
    MessageFixture("fl.testing.v1.StreamRequest", Fl_Testing_V1_StreamRequest.self),
    MessageFixture("fl.testing.v1.Chunk", Fl_Testing_V1_Chunk.self),
    MessageFixture("fl.testing.v1.StreamSummary", Fl_Testing_V1_StreamSummary.self),
    MessageFixture("fl.testing.v1.SleepRequest", Fl_Testing_V1_SleepRequest.self),
    MessageFixture("fl.testing.v1.CancelState", Fl_Testing_V1_CancelState.self),
    MessageFixture("fl.v1.LoginRequest", Fl_V1_LoginRequest.self),
    MessageFixture("fl.v1.LoginReply", Fl_V1_LoginReply.self),
    MessageFixture("fl.v1.SessionRequest", Fl_V1_SessionRequest.self),
    MessageFixture("fl.v1.TargetRequest", Fl_V1_TargetRequest.self),
    MessageFixture("fl.v1.TargetReply", Fl_V1_TargetReply.self),
    MessageFixture("fl.v1.CommandReply", Fl_V1_CommandReply.self),
    MessageFixture("fl.v1.CheckStatusRequest", Fl_V1_CheckStatusRequest.self),
    MessageFixture("fl.v1.RegisteredClient", Fl_V1_RegisteredClient.self),
    MessageFixture("fl.v1.ServerStatus", Fl_V1_ServerStatus.self),
    MessageFixture("fl.v1.ClientStatus", Fl_V1_ClientStatus.self),
    MessageFixture("fl.v1.CheckStatusReply", Fl_V1_CheckStatusReply.self),
    MessageFixture("fl.v1.RunNumberRequest", Fl_V1_RunNumberRequest.self),
    MessageFixture("fl.v1.UploadFolderHeader", Fl_V1_UploadFolderHeader.self),
    MessageFixture("fl.v1.UploadFolderChunk", Fl_V1_UploadFolderChunk.self),
    MessageFixture("fl.v1.DownloadFolderRequest", Fl_V1_DownloadFolderRequest.self),
    MessageFixture("fl.v1.DeployRequest", Fl_V1_DeployRequest.self),
    MessageFixture("fl.v1.StartMgpuRequest", Fl_V1_StartMgpuRequest.self),
    MessageFixture("fl.v1.RemoveClientRequest", Fl_V1_RemoveClientRequest.self),
    MessageFixture("fl.v1.TargetSystemInfo", Fl_V1_TargetSystemInfo.self),
    MessageFixture("fl.v1.SysInfoReply", Fl_V1_SysInfoReply.self),
    MessageFixture("fl.v1.ValidateRequest", Fl_V1_ValidateRequest.self),
    MessageFixture("fl.v1.ValidationEntry", Fl_V1_ValidationEntry.self),
    MessageFixture("fl.v1.ValidateReply", Fl_V1_ValidateReply.self),
    MessageFixture("fl.v1.ShellRequest", Fl_V1_ShellRequest.self),
    MessageFixture("fl.v1.ShellReply", Fl_V1_ShellReply.self),
    MessageFixture("fl.v1.TensorInfo", Fl_V1_TensorInfo.self),
    MessageFixture("fl.v1.ModelManifest", Fl_V1_ModelManifest.self),
    MessageFixture("fl.v1.ModelChunk", Fl_V1_ModelChunk.self),
    MessageFixture("fl.v1.FileChunk", Fl_V1_FileChunk.self),
    MessageFixture("fl.v1.Metric", Fl_V1_Metric.self),
    MessageFixture("fl.v1.SystemInfo", Fl_V1_SystemInfo.self),
    MessageFixture("fl.v1.RegisterRequest", Fl_V1_RegisterRequest.self),
    MessageFixture("fl.v1.RegisterReply", Fl_V1_RegisterReply.self),
    MessageFixture("fl.v1.HeartbeatRequest", Fl_V1_HeartbeatRequest.self),
    MessageFixture("fl.v1.HeartbeatReply", Fl_V1_HeartbeatReply.self),
    MessageFixture("fl.v1.QuitRequest", Fl_V1_QuitRequest.self),
    MessageFixture("fl.v1.QuitReply", Fl_V1_QuitReply.self),
    MessageFixture("fl.v1.AdminStreamRequest", Fl_V1_AdminStreamRequest.self),
    MessageFixture("fl.v1.AdminRequest", Fl_V1_AdminRequest.self),
    MessageFixture("fl.v1.AdminReply", Fl_V1_AdminReply.self),
    MessageFixture("fl.v1.AdminReplyAck", Fl_V1_AdminReplyAck.self),
    MessageFixture("fl.v1.GetTaskRequest", Fl_V1_GetTaskRequest.self),
    MessageFixture("fl.v1.TaskHeader", Fl_V1_TaskHeader.self),
    MessageFixture("fl.v1.TaskChunk", Fl_V1_TaskChunk.self),
    MessageFixture("fl.v1.UpdateHeader", Fl_V1_UpdateHeader.self),
    MessageFixture("fl.v1.UpdateChunk", Fl_V1_UpdateChunk.self),
    MessageFixture("fl.v1.SubmitUpdateReply", Fl_V1_SubmitUpdateReply.self),
    MessageFixture("fl.v1.ValidationReport", Fl_V1_ValidationReport.self),
    MessageFixture("fl.v1.SubmitValidationReply", Fl_V1_SubmitValidationReply.self),
    MessageFixture("fl.v1.DownloadAppRequest", Fl_V1_DownloadAppRequest.self),
]
