import FlockCore
import FlockProto
import FlockRPC
import Foundation

/// The server side of `fl.v1.FederatedTraining`: what clients call.
public struct FederatedTrainingService: Fl_V1_FederatedTrainingServiceProtocol {
    let engine: ServerEngine
    /// How long a GetTask call waits for a task before answering WAIT.
    var taskLongPoll: Duration = .seconds(5)

    public init(engine: ServerEngine) { self.engine = engine }

    public func register(_ request: Fl_V1_RegisterRequest, context: ServerContext) async throws -> Fl_V1_RegisterReply {
        try await withRPCErrors { try await engine.register(request, context: context) }
    }

    public func heartbeat(_ request: Fl_V1_HeartbeatRequest, context: ServerContext) async throws -> Fl_V1_HeartbeatReply {
        try await engine.heartbeat(request, context: context)
    }

    public func quit(_ request: Fl_V1_QuitRequest, context: ServerContext) async throws -> Fl_V1_QuitReply {
        try await engine.quit(request, context: context)
        return Fl_V1_QuitReply()
    }

    public func adminRequests(_ request: Fl_V1_AdminStreamRequest, responses: ResponseWriter<Fl_V1_AdminRequest>,
                              context: ServerContext) async throws {
        let name = try await engine.clientName(forToken: request.token, name: request.clientName, context: context)
        let (id, deliveries) = await engine.relay.attach(client: name)
        await engine.streamAttached(name)
        defer {
            Task {
                await engine.relay.detach(client: name, stream: id)
                await engine.streamLost(name)
            }
        }
        // Keepalive pings keep idle streams (and NAT entries) alive and detect dead clients.
        let pinger = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(15))
                try await responses.write(Fl_V1_AdminRequest(requestId: "", command: .ping))
            }
        }
        defer { pinger.cancel() }
        for await d in deliveries {
            var r = d.request
            r.requestId = d.id
            try await responses.write(r)
        }
    }

    public func replyAdminRequest(_ request: Fl_V1_AdminReply, context: ServerContext) async throws -> Fl_V1_AdminReplyAck {
        let name = try await engine.clientName(forToken: request.token, name: request.clientName, context: context)
        await engine.relay.reply(request, to: request.requestId, from: name)
        return Fl_V1_AdminReplyAck()
    }

    public func getTask(_ request: Fl_V1_GetTaskRequest, responses: ResponseWriter<Fl_V1_TaskChunk>,
                        context: ServerContext) async throws {
        let name = try await engine.clientName(forToken: request.token, name: request.clientName, context: context)
        let run = Int(request.runNumber)
        guard let controller = await engine.currentController(run: run) else {
            // The server's training has not started (or is another run): ask again later.
            try await responses.write(Fl_V1_TaskChunk(header: Fl_V1_TaskHeader(kind: .wait, runNumber: request.runNumber, retryAfterMs: 1000)))
            return
        }
        let task = await controller.requestTask(client: name, maxWait: taskLongPoll)
        var header = Fl_V1_TaskHeader(runNumber: request.runNumber)
        let model: String?
        switch task {
        case .wait(let ms):
            header.kind = .wait
            header.retryAfterMs = ms
            model = nil
        case .end:
            header.kind = .end
            model = nil
        case let .train(id, round, numRounds, path):
            header.kind = .train
            header.taskId = id
            header.round = Int32(round)
            header.numRounds = Int32(numRounds)
            let every = controller.config.numRoundsPerValid
            header.params["validate"] = (path != nil && every > 0 && round % every == 0) ? "true" : "false"
            model = path
        case let .validate(id, owner, path):
            header.kind = .validate
            header.taskId = id
            header.modelOwner = owner
            header.round = Int32(controller.config.numRounds)
            header.numRounds = Int32(controller.config.numRounds)
            model = path
        }
        guard let model else {
            try await responses.write(Fl_V1_TaskChunk(header: header))
            return
        }
        var first = true
        var sent = 0
        try await withRPCErrors {
            try await ModelStreaming.send(file: model) { chunk in
                try await responses.write(Fl_V1_TaskChunk(header: first ? header : nil, model: chunk))
                first = false
                sent += 1
                // The client is taking the model: progress in its round (progress_timeout).
                if sent % 64 == 0 { await controller.noteProgress(name) }
            }
        }
    }

    public func submitUpdate(_ requests: RequestStream<Fl_V1_UpdateChunk>, context: ServerContext) async throws -> Fl_V1_SubmitUpdateReply {
        var it = requests.makeAsyncIterator()
        guard let first = try await it.next(), let h = first.header, let manifest = first.model?.manifest else {
            throw RPCError(.invalidArgument, "the first UpdateChunk must carry the header and the model manifest")
        }
        let name = try await engine.clientName(forToken: h.token, name: h.clientName, context: context)
        guard let controller = await engine.currentController(run: Int(h.runNumber)) else {
            return Fl_V1_SubmitUpdateReply(accepted: false, message: "the server is not training run \(h.runNumber)")
        }
        let contribution: StreamingAggregator.Contribution
        do {
            contribution = try await controller.beginUpdate(
                client: name, taskID: h.taskId, round: Int(h.round), sampleCount: h.sampleCount,
                isDelta: h.kind == .delta, layout: try manifest.entries())
        } catch let e as FlockError where e.code == .failedPrecondition {
            return Fl_V1_SubmitUpdateReply(accepted: false, message: e.message)
        } catch {
            throw RPCError(error)
        }
        do {
            try contribution.add(first.model!.data, at: first.model!.offset)
            var chunks = 0
            while let c = try await it.next() {
                guard let m = c.model else { continue }
                try contribution.add(m.data, at: m.offset)
                chunks += 1
                if chunks % 64 == 0 {
                    _ = try? await engine.clientName(forToken: h.token, name: name, context: context)
                    await controller.noteProgress(name)
                }
            }
            try await controller.finishUpdate(client: name, contribution, sampleCount: h.sampleCount, metrics: h.metrics.dictionary)
            return Fl_V1_SubmitUpdateReply(accepted: true, message: "")
        } catch {
            await controller.abandonUpdate(client: name, contribution)
            if let e = error as? FlockError, e.code == .failedPrecondition {
                return Fl_V1_SubmitUpdateReply(accepted: false, message: e.message)
            }
            throw RPCError(error)
        }
    }

    public func submitValidation(_ request: Fl_V1_ValidationReport, context: ServerContext) async throws -> Fl_V1_SubmitValidationReply {
        let name = try await engine.clientName(forToken: request.token, name: request.clientName, context: context)
        guard let controller = await engine.currentController(run: Int(request.runNumber)) else {
            throw RPCError(.failedPrecondition, "the server is not running run \(request.runNumber)")
        }
        try await withRPCErrors {
            try await controller.submitValidation(client: name, taskID: request.taskId, owner: request.modelOwner,
                                                  metrics: request.metrics.dictionary)
        }
        return Fl_V1_SubmitValidationReply()
    }

    public func downloadApp(_ request: Fl_V1_DownloadAppRequest, responses: ResponseWriter<Fl_V1_FileChunk>,
                            context: ServerContext) async throws {
        let name = try await engine.clientName(forToken: request.token, name: request.clientName, context: context)
        try await withRPCErrors {
            let app = try await engine.appForClient(name, run: Int(request.runNumber))
            let root = engine.workspace.transfer + "/" + app
            try await FolderReader(root: root, only: ["config", "resources"]).forEachChunk { chunk in
                try await responses.write(Fl_V1_FileChunk(chunk))
            }
        }
    }
}
