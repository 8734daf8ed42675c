import FlockCore
import FlockRPC

// Conversions between the generated wire types and FlockCore's types, shared by the server,
// the client and the admin tool.

extension Fl_V1_TrainingStatus {
    public init(_ state: TrainingState) {
        switch state {
        case .notStarted: self = .notStarted
        case .starting: self = .starting
        case .started: self = .started
        case .stopping: self = .stopping
        case .stopped: self = .stopped
        case .finished: self = .finished
        case .crossValidating: self = .crossValidating
        }
    }

    /// The Clara wording ("training started"); nil for unspecified or unknown values.
    public var state: TrainingState? {
        switch self {
        case .notStarted: return .notStarted
        case .starting: return .starting
        case .started: return .started
        case .stopping: return .stopping
        case .stopped: return .stopped
        case .finished: return .finished
        case .crossValidating: return .crossValidating
        default: return nil
        }
    }

    public var text: String { state?.rawValue ?? "unknown" }
}

extension Fl_V1_FileChunk {
    public init(_ c: FolderChunk) {
        self.init(path: c.path, isDirectory: c.isDirectory, offset: c.offset, data: c.data, mode: c.mode,
                  lastChunk: c.lastChunk, fileSize: c.fileSize)
    }

    public var folderChunk: FolderChunk {
        FolderChunk(path: path, isDirectory: isDirectory, offset: offset, data: data, mode: mode,
                    lastChunk: lastChunk, fileSize: fileSize)
    }
}

extension Fl_V1_ModelManifest {
    /// The manifest of a model stored as float32 safetensors entries.
    public init(entries: [SafeTensors.Entry], meta: [String: String] = [:]) {
        self.init(tensors: entries.map { Fl_V1_TensorInfo(name: $0.name, dtype: .float32, shape: $0.shape.map(Int64.init)) },
                  totalBytes: entries.last?.end ?? 0, meta: meta)
    }

    /// The layout this manifest describes; throws for non-float32 tensors or a wrong total.
    public func entries() throws -> [SafeTensors.Entry] {
        var offset: UInt64 = 0
        var out: [SafeTensors.Entry] = []
        for t in tensors {
            guard t.dtype == .float32 else {
                throw FlockError(.invalidArgument, "tensor \(t.name) has dtype \(t.dtype); Flock exchanges float32 tensors")
            }
            guard t.shape.allSatisfy({ $0 >= 0 }) else { throw FlockError(.invalidArgument, "tensor \(t.name) has a negative dimension") }
            let count = t.shape.reduce(1) { $0 * UInt64($1) }
            out.append(SafeTensors.Entry(name: t.name, shape: t.shape.map { Int($0) }, begin: offset, end: offset + count * 4))
            offset += count * 4
        }
        guard offset == totalBytes else {
            throw FlockError(.invalidArgument, "the manifest's total_bytes (\(totalBytes)) differs from its tensors' size (\(offset))")
        }
        return out
    }
}

extension Fl_V1_Metric {
    public static func list(_ m: [String: Double]) -> [Fl_V1_Metric] {
        m.sorted { $0.key < $1.key }.map { Fl_V1_Metric(name: $0.key, value: $0.value) }
    }
}

extension Array where Element == Fl_V1_Metric {
    public var dictionary: [String: Double] {
        Dictionary(map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}

extension RPCError {
    /// The gRPC status for a FlockError (its message kept), or UNKNOWN/INTERNAL for other errors.
    public init(_ error: Error) {
        if let e = error as? RPCError { self = e; return }
        guard let e = error as? FlockError else {
            if error is CancellationError { self = RPCError(.cancelled, "the call was cancelled"); return }
            self = RPCError(.unknown, "\(error)")
            return
        }
        let code: RPCError.Code
        switch e.code {
        case .invalidArgument, .invalidConfiguration: code = .invalidArgument
        case .notFound: code = .notFound
        case .alreadyExists: code = .alreadyExists
        case .permissionDenied: code = .permissionDenied
        case .failedPrecondition, .tampered: code = .failedPrecondition
        case .unavailable: code = .unavailable
        case .limitExceeded: code = .resourceExhausted
        case .tls: code = .unauthenticated
        default: code = .internal
        }
        self = RPCError(code, e.description)
    }
}

/// Runs `body` and turns any error into the matching gRPC status, so handlers can throw
/// FlockError freely.
public func withRPCErrors<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch { throw RPCError(error) }
}

extension SystemInfo {
    public var proto: Fl_V1_SystemInfo {
        Fl_V1_SystemInfo(hostname: hostname, os: os, cpuCount: UInt32(cpuCount), memoryTotalBytes: memoryTotalBytes,
                         memoryAvailableBytes: memoryAvailableBytes, gpus: gpus, flockVersion: flockVersion,
                         trainingBackend: trainingBackend, pid: UInt32(pid), uptimeSeconds: uptimeSeconds)
    }

    public init(_ p: Fl_V1_SystemInfo) {
        self.init(hostname: p.hostname, os: p.os, cpuCount: Int(p.cpuCount), memoryTotalBytes: p.memoryTotalBytes,
                  memoryAvailableBytes: p.memoryAvailableBytes, gpus: p.gpus, flockVersion: p.flockVersion,
                  trainingBackend: p.trainingBackend, pid: Int(p.pid), uptimeSeconds: p.uptimeSeconds)
    }
}
