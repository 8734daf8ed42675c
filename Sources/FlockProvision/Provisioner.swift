import Foundation
import FlockCore
import FlockTLS
import Logging

/// Runs a provisioning: reads project.yml, creates (or reuses) the root CA, builds, signs and
/// packages a kit per participant, and writes the audit record.
///
/// Output folder layout:
///
///     OUTDIR/packages/<name>.zip   one encrypted package per participant
///     OUTDIR/audit.json            what was issued (see `AuditRecord`); no keys, no passwords
///     OUTDIR/state/rootCA.pem      the root CA certificate
///     OUTDIR/state/rootCA.key      its private key (0600; folder 0700): keep it safe, it signs
///                                  every kit, and it is needed to add participants later
///
/// Safety: nothing is written until project.yml is valid; all work happens in a hidden staging
/// folder that is moved into place at the end, so a failure leaves the output folder as it was.
///
/// Growing: with `state/` and `audit.json` present, only participants missing from the audit
/// record get kits, signed by the existing root CA; existing packages are not touched. A changed
/// project name, server setting, or an existing participant's org or roles is refused (those
/// kits would be stale); `reissueAll` then makes a new root CA and every kit anew.
public final class Provisioner {
    public struct Options: Sendable {
        public var projectFile: String
        public var outputDirectory: String
        public var zipEncryption: ZipEncryption
        public var reissueAll: Bool

        public init(projectFile: String = "project.yml", outputDirectory: String = ".",
                    zipEncryption: ZipEncryption = .aes256, reissueAll: Bool = false) {
            self.projectFile = projectFile
            self.outputDirectory = outputDirectory
            self.zipEncryption = zipEncryption
            self.reissueAll = reissueAll
        }
    }

    public struct IssuedPackage: Sendable, Equatable {
        public var kind: Participant.Kind
        /// "server", the client name, or the admin email.
        public var name: String
        /// Absolute path of the zip.
        public var path: String
        public var password: String
        /// Where to send the password (client email if given, admin email), or nil.
        public var recipient: String?

        /// The seed's console line: `===> password: PW for NAME.zip[ to EMAIL]`.
        public var consoleLine: String {
            "===> password: \(password) for \(name).zip" + (recipient.map { " to \($0)" } ?? "")
        }
    }

    public enum Action: String, Sendable {
        /// New root CA and every kit (first run).
        case create
        /// Kits for newcomers only, with the existing root CA.
        case grow
        /// New root CA and every kit, replacing earlier output (`--reissue-all`).
        case reissueAll = "reissue-all"
        /// Every participant already had a kit: nothing written.
        case unchanged
    }

    public struct Result: Sendable {
        public var action: Action
        public var project: String
        public var outputDirectory: String
        public var packages: [IssuedPackage]
        /// Participants that already had kits and were left alone.
        public var kept: [String]
        /// Participants in the audit record that project.yml no longer lists (their kits stay valid).
        public var notInProject: [String]
        public var auditPath: String { outputDirectory + "/" + AuditRecord.fileName }
        public var packagesDirectory: String { outputDirectory + "/" + Provisioner.packagesFolder }
    }

    public static let packagesFolder = "packages"
    public static let stateFolder = "state"
    public static let rootCertificateFile = "rootCA.pem"
    public static let rootKeyFile = "rootCA.key"

    private let logger: Logger
    /// Called after each kit is packaged (with its package name). Tests use it to fail mid-way.
    var afterKitHook: ((String) throws -> Void)?

    public init(logger: Logger = Logger(label: "flock.provision")) {
        self.logger = logger
    }

    public func run(_ options: Options) throws -> Result {
        let project = try ProjectConfig.load(path: options.projectFile)
        let output = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL.path
        let layout = try inspectOutput(output)

        var action: Action
        var previous: AuditRecord? = nil
        switch (layout.hasState, options.reissueAll) {
        case (false, _): action = .create
        case (true, true): action = .reissueAll
        case (true, false):
            action = .grow
            previous = try AuditRecord.load(path: output + "/" + AuditRecord.fileName)
        }

        // Decide who gets a kit before writing anything.
        var toIssue = project.participants
        var kept: [String] = []
        var notInProject: [String] = []
        if let previous {
            try checkCompatible(project, with: previous)
            toIssue = project.participants.filter { previous.participant(kind: $0.kind, name: $0.packageName) == nil }
            kept = project.participants.filter { previous.participant(kind: $0.kind, name: $0.packageName) != nil }.map(\.packageName)
            let current = Set(project.participants.map { "\($0.kind.rawValue)/\($0.packageName.lowercased())" })
            notInProject = previous.participants.filter { !current.contains("\($0.kind.rawValue)/\($0.name.lowercased())") }.map(\.name)
            for participant in toIssue {
                let existing = output + "/" + Self.packagesFolder + "/" + participant.packageName + ".zip"
                if FileManager.default.fileExists(atPath: existing) {
                    throw FlockError(.alreadyExists, "'\(existing)' exists but audit.json does not record it; move it away, or issue every kit anew with --reissue-all")
                }
            }
            if toIssue.isEmpty {
                return Result(action: .unchanged, project: project.name, outputDirectory: output, packages: [],
                              kept: kept, notInProject: notInProject)
            }
        }

        let staging = try makeStaging(for: output, exists: layout.exists)
        var committed = false
        defer { if !committed { try? FileManager.default.removeItem(atPath: staging) } }
        let stagedPackages = staging + "/" + Self.packagesFolder
        let stagedState = staging + "/" + Self.stateFolder
        try FileManager.default.createDirectory(atPath: stagedPackages, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])

        // The root CA: new, or the one in state/.
        let authority: CertificateAuthority
        if action == .grow {
            authority = try loadAuthority(output + "/" + Self.stateFolder)
        } else {
            authority = try CertificateAuthority.create(commonName: "\(project.name) Root CA", organization: project.server.org,
                                                        keyAlgorithm: project.keyAlgorithm,
                                                        validity: .days(project.rootCAValidityDays))
            try FileManager.default.createDirectory(atPath: stagedState, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            chmod(stagedState, 0o700)
            try authority.certificate.write(toFile: stagedState + "/" + Self.rootCertificateFile)
            try authority.privateKey.write(toFile: stagedState + "/" + Self.rootKeyFile)
        }

        // Kits: built in memory, zipped into the staging folder, on every core.
        let builder = KitBuilder(project: project, authority: authority, validity: .days(project.certificateValidityDays))
        let now = Date()
        let encryption = options.zipEncryption
        let issueOne = { (participant: Participant) throws -> (IssuedPackage, AuditRecord.ParticipantRecord) in
            let kit = try builder.build(participant)
            let password = try SecureRandom.password(length: 16)
            let zipName = participant.packageName + ".zip"
            let stagedZip = stagedPackages + "/" + zipName
            try KitPackager.pack(files: kit.files, to: stagedZip, password: password, encryption: encryption)
            let package = IssuedPackage(kind: participant.kind, name: participant.packageName,
                                        path: output + "/" + Self.packagesFolder + "/" + zipName,
                                        password: password, recipient: participant.recipient)
            let record = AuditRecord.ParticipantRecord(
                kind: participant.kind, name: participant.packageName, org: participant.org,
                email: participant.recipient, roles: participant.kind == .admin ? participant.roles.map(\.rawValue) : nil,
                package: Self.packagesFolder + "/" + zipName, packageSHA256: try KitSignature.sha256Hex(ofFile: stagedZip),
                zipEncryption: encryption, issuedAt: now, files: kit.fileNames,
                certificate: AuditRecord.CertificateRecord(kit.certificate))
            return (package, record)
        }
        let results = try concurrentMap(toIssue, issueOne)
        let packages = results.map(\.0)
        let records = results.map(\.1)
        for package in packages {
            logger.debug("issued kit", metadata: ["participant.kind": "\(package.kind.rawValue)", "participant.name": "\(package.name)"])
        }

        // Audit record.
        let run = AuditRecord.RunRecord(action: action.rawValue, time: now, issued: toIssue.map(\.packageName))
        var audit: AuditRecord
        if var grown = previous {
            grown.participants += records
            grown.runs.append(run)
            audit = grown
        } else {
            audit = AuditRecord(formatVersion: AuditRecord.currentFormatVersion, project: project.name,
                                keyAlgorithm: project.keyAlgorithm.rawValue,
                                rootCA: AuditRecord.CertificateRecord(authority.certificate),
                                serverSettings: project.server, participants: records, runs: [run])
        }
        try audit.encoded().write(to: URL(fileURLWithPath: staging + "/" + AuditRecord.fileName))

        try commit(staging: staging, to: output, action: action, exists: layout.exists, newPackages: packages.map { $0.name + ".zip" })
        committed = true
        logger.info("provisioned", metadata: ["project": "\(project.name)", "action": "\(action.rawValue)", "kits": "\(packages.count)"])
        return Result(action: action, project: project.name, outputDirectory: output, packages: packages,
                      kept: kept, notInProject: notInProject)
    }

    /// `transform` applied to every element on all cores, results in input order. The first
    /// failure stops the remaining work and is rethrown. `afterKitHook` runs after each success,
    /// one at a time.
    private func concurrentMap<T>(_ items: [Participant], _ transform: (Participant) throws -> T) throws -> [T] {
        let state = ConcurrentMapState<T>(count: items.count)
        let hook = afterKitHook
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            state.lock.lock()
            let stop = state.error != nil
            state.lock.unlock()
            if stop { return }
            let outcome = Swift.Result { try transform(items[index]) }
            state.lock.lock()
            defer { state.lock.unlock() }
            guard state.error == nil else { return }
            do {
                state.results[index] = try outcome.get()
                try hook?(items[index].packageName)
            } catch {
                state.error = error
            }
        }
        if let error = state.error { throw error }
        return state.results.map { $0! }
    }

    // MARK: Output folder

    private struct Layout {
        var exists: Bool
        var hasState: Bool
    }

    private func inspectOutput(_ output: String) throws -> Layout {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: output, isDirectory: &isDirectory) else {
            let parent = (output as NSString).deletingLastPathComponent
            var parentIsDirectory: ObjCBool = false
            guard fm.fileExists(atPath: parent, isDirectory: &parentIsDirectory), parentIsDirectory.boolValue else {
                throw FlockError(.notFound, "output folder '\(output)' (-o) cannot be created: its parent '\(parent)' is not an existing folder; create it first or choose another -o")
            }
            return Layout(exists: false, hasState: false)
        }
        guard isDirectory.boolValue else {
            throw FlockError(.invalidArgument, "output folder '\(output)' (-o) is a file, not a folder; choose a folder with -o DIR")
        }
        let state = output + "/" + Self.stateFolder
        let hasCert = fm.fileExists(atPath: state + "/" + Self.rootCertificateFile)
        let hasKey = fm.fileExists(atPath: state + "/" + Self.rootKeyFile)
        let hasAudit = fm.fileExists(atPath: output + "/" + AuditRecord.fileName)
        let hasPackages = fm.fileExists(atPath: output + "/" + Self.packagesFolder)
        if hasCert && hasKey && hasAudit { return Layout(exists: true, hasState: true) }
        if hasCert || hasKey || hasAudit || hasPackages || fm.fileExists(atPath: state) {
            let present = [(hasCert, "state/rootCA.pem"), (hasKey, "state/rootCA.key"), (hasAudit, "audit.json"), (hasPackages, "packages/")]
            let have = present.filter(\.0).map(\.1).joined(separator: ", ")
            let missing = present.prefix(3).filter { !$0.0 }.map(\.1).joined(separator: ", ")
            throw FlockError(.failedPrecondition, "output folder '\(output)' holds an incomplete earlier provisioning (has \(have.isEmpty ? "state/" : have); lacks \(missing)). Restore the missing files to add participants to that project, or choose an empty folder with -o")
        }
        return Layout(exists: true, hasState: false)
    }

    private func makeStaging(for output: String, exists: Bool) throws -> String {
        let tag = UUID().uuidString.prefix(8)
        let staging: String
        if exists {
            staging = output + "/.fl-provision-staging-\(tag)"
        } else {
            let parent = (output as NSString).deletingLastPathComponent
            staging = parent + "/.\((output as NSString).lastPathComponent).fl-provision-staging-\(tag)"
        }
        guard mkdir(staging, 0o700) == 0 else {
            let reason = String(cString: strerror(errno))
            throw FlockError(.permissionDenied, "cannot write to output folder '\(output)' (-o): \(reason); choose a writable folder with -o DIR or fix its permissions")
        }
        return staging
    }

    private func loadAuthority(_ state: String) throws -> CertificateAuthority {
        do {
            return try CertificateAuthority(certificateFile: state + "/" + Self.rootCertificateFile,
                                            privateKeyFile: state + "/" + Self.rootKeyFile)
        } catch let error as FlockError {
            throw FlockError(.failedPrecondition, "the root CA in '\(state)' cannot be used (\(error.message)); restore state/ from a backup, or issue every kit anew with --reissue-all", cause: error)
        }
    }

    /// Moves the staged output into place. Each step is a rename; if one fails, earlier steps are undone.
    private func commit(staging: String, to output: String, action: Action, exists: Bool, newPackages: [String]) throws {
        if !exists {
            guard rename(staging, output) == 0 else {
                throw FlockError(.io, "cannot create output folder '\(output)': \(String(cString: strerror(errno)))")
            }
            chmod(output, 0o755)
            return
        }
        var undo: [(from: String, to: String)] = []
        func move(_ from: String, _ to: String) throws {
            guard rename(from, to) == 0 else {
                let reason = String(cString: strerror(errno))
                for step in undo.reversed() { rename(step.to, step.from) }
                throw FlockError(.io, "cannot move '\(from)' to '\(to)': \(reason); the output folder was left as it was")
            }
            undo.append((from, to))
        }
        let names = [Self.stateFolder, Self.packagesFolder, AuditRecord.fileName]
        switch action {
        case .create:
            for name in names { try move(staging + "/" + name, output + "/" + name) }
        case .reissueAll:
            let old = staging + "/.previous"
            try FileManager.default.createDirectory(atPath: old, withIntermediateDirectories: false)
            for name in names where FileManager.default.fileExists(atPath: output + "/" + name) {
                try move(output + "/" + name, old + "/" + name)
            }
            for name in names { try move(staging + "/" + name, output + "/" + name) }
        case .grow:
            let packages = output + "/" + Self.packagesFolder
            if !FileManager.default.fileExists(atPath: packages) {
                try FileManager.default.createDirectory(atPath: packages, withIntermediateDirectories: false)
            }
            for zip in newPackages { try move(staging + "/" + Self.packagesFolder + "/" + zip, packages + "/" + zip) }
            try move(staging + "/" + AuditRecord.fileName, output + "/" + AuditRecord.fileName)
        case .unchanged:
            break
        }
        try? FileManager.default.removeItem(atPath: staging)
    }

    // MARK: Growing

    private func checkCompatible(_ project: ProjectConfig, with previous: AuditRecord) throws {
        let fix = "existing kits were made with the old value; put it back, or issue every kit anew (new root CA) with --reissue-all"
        guard project.name == previous.project else {
            throw FlockError(.invalidConfiguration, "key 'name' is '\(project.name)' but the kits in this output folder belong to project '\(previous.project)'; \(fix), or use another -o for a new project")
        }
        let old = previous.serverSettings, new = project.server
        let fields: [(String, String, String)] = [
            ("org", old.org, new.org), ("cn", old.cn, new.cn),
            ("fed_learn_port", "\(old.fedLearnPort)", "\(new.fedLearnPort)"), ("admin_port", "\(old.adminPort)", "\(new.adminPort)"),
            ("admin_storage", old.adminStorage, new.adminStorage),
            ("min_num_clients", "\(old.minNumClients)", "\(new.minNumClients)"), ("max_num_clients", "\(old.maxNumClients)", "\(new.maxNumClients)"),
            ("heart_beat_timeout", "\(old.heartBeatTimeout)", "\(new.heartBeatTimeout)"),
            ("max_message_length", "\(old.maxMessageLength)", "\(new.maxMessageLength)"),
            ("max_concurrent_streams", "\(old.maxConcurrentStreams)", "\(new.maxConcurrentStreams)"),
            ("max_upload_bytes", "\(old.maxUploadBytes)", "\(new.maxUploadBytes)"),
            ("max_requests_per_second", "\(old.maxRequestsPerSecond)", "\(new.maxRequestsPerSecond)"),
            ("max_request_burst", "\(old.maxRequestBurst)", "\(new.maxRequestBurst)"),
            ("aggregation_memory_mb", "\(old.aggregationMemoryMB)", "\(new.aggregationMemoryMB)"),
        ]
        for (key, was, now) in fields where was != now {
            throw FlockError(.invalidConfiguration, "key 'server.\(key)' changed from '\(was)' to '\(now)' since the kits were issued; \(fix)")
        }
        for participant in project.participants {
            guard let record = previous.participant(kind: participant.kind, name: participant.packageName) else { continue }
            let label = participant.kind == .admin ? "admin '\(participant.packageName)'" : "\(participant.kind.rawValue) '\(participant.packageName)'"
            if record.org != participant.org {
                throw FlockError(.invalidConfiguration, "\(label): org changed from '\(record.org)' to '\(participant.org)' since its kit was issued; \(fix)")
            }
            if participant.kind == .admin, (record.roles ?? []) != participant.roles.map(\.rawValue) {
                throw FlockError(.invalidConfiguration, "\(label): roles changed from \((record.roles ?? []).joined(separator: ", ")) to \(participant.roles.map(\.rawValue).joined(separator: ", ")) since its kit was issued (roles are in the admin certificate); \(fix)")
            }
        }
    }
}

/// Shared state of `Provisioner.concurrentMap`, guarded by `lock`.
private final class ConcurrentMapState<T>: @unchecked Sendable {
    let lock = NSLock()
    var results: [T?]
    var error: (any Error)?
    init(count: Int) { results = Array(repeating: nil, count: count) }
}
