import FlockCore
import Foundation

/// The registered clients of a server: tokens, liveness and what each client says it is doing.
///
/// A pure value type with an injected clock (`now`), so every decision is testable without
/// sockets. Rules:
/// - A client registers under its certificate CN; registering again under a name already held
///   replaces the old session (its token stops working): no ghost clients.
/// - At most `maxClients` distinct names; more are refused with a clear message.
/// - Any call from a client counts as a sign of life; a client silent for longer than
///   `heartbeatTimeout` is dropped by `expire(now:)`.
public struct ClientRegistry: Sendable {
    public struct Client: Sendable, Equatable {
        public var name: String
        public var instanceName: String
        public var token: String
        public var address: String
        public var registeredAt: Date
        public var lastSeen: Date
        public var status: TrainingState
        public var runNumber: Int
        public var round: Int
        /// Training steps the client last reported (liveness is progress-based).
        public var stepsDone: UInt64
        /// The org in the client's certificate (subject O, signed by the root CA): decides
        /// `own_org` admin rights for clients added after the server kit was made.
        public var organization: String? = nil
    }

    public enum RegistrationError: Error, Equatable {
        case full(max: Int)
    }

    public private(set) var clients: [String: Client] = [:]
    public var maxClients: Int
    public var heartbeatTimeout: TimeInterval

    public init(maxClients: Int, heartbeatTimeout: TimeInterval) {
        self.maxClients = maxClients
        self.heartbeatTimeout = heartbeatTimeout
    }

    /// Records the org from the certificate `name` registered with.
    public mutating func setOrganization(_ org: String?, of name: String) {
        clients[name]?.organization = org
    }

    /// Registers `name`; returns the new client record and the client it replaced, if any.
    /// `previousToken` lets a client that re-registers after a server restart keep its token.
    public mutating func register(name: String, instanceName: String, address: String,
                                  previousToken: String?, status: TrainingState, runNumber: Int,
                                  now: Date) throws -> (client: Client, replaced: Client?) {
        let replaced = clients[name]
        if replaced == nil && clients.count >= maxClients {
            throw FlockError(.limitExceeded, "the server already has max_num_clients = \(maxClients) clients registered; \(name) was refused. Raise max_num_clients in fed_server.json (re-provision), or remove a client with remove_client")
        }
        let token: String
        if let previousToken, Self.isWellFormedToken(previousToken), !clients.values.contains(where: { $0.token == previousToken && $0.name != name }) {
            token = previousToken
        } else {
            token = UUID.random().uuidString.lowercased()
        }
        let client = Client(name: name, instanceName: instanceName.isEmpty ? name : instanceName, token: token,
                            address: address, registeredAt: now, lastSeen: now, status: status,
                            runNumber: runNumber, round: 0, stepsDone: 0)
        clients[name] = client
        return (client, replaced)
    }

    static func isWellFormedToken(_ t: String) -> Bool { UUID(uuidString: t) != nil }

    /// The client holding `token` whose name is `name`; nil when the token is unknown or belongs
    /// to someone else.
    public func client(token: String, name: String) -> Client? {
        guard let c = clients[name], c.token == token else { return nil }
        return c
    }

    public func client(named name: String) -> Client? { clients[name] }

    /// Records a sign of life (any authenticated call). Returns false for an unknown session.
    @discardableResult
    public mutating func touch(token: String, name: String, now: Date) -> Bool {
        guard var c = client(token: token, name: name) else { return false }
        c.lastSeen = now
        clients[name] = c
        return true
    }

    /// Records a heartbeat and what it says. Returns false for an unknown session.
    public mutating func heartbeat(token: String, name: String, status: TrainingState, runNumber: Int,
                                   round: Int, stepsDone: UInt64, now: Date) -> Bool {
        guard var c = client(token: token, name: name) else { return false }
        c.lastSeen = now
        c.status = status
        c.runNumber = runNumber
        c.round = round
        c.stepsDone = stepsDone
        clients[name] = c
        return true
    }

    public mutating func setStatus(_ name: String, _ status: TrainingState) {
        clients[name]?.status = status
    }

    /// Removes a client (quit, remove_client). Returns it if it was registered.
    @discardableResult
    public mutating func remove(_ name: String) -> Client? {
        clients.removeValue(forKey: name)
    }

    /// Drops every client silent for longer than the heartbeat timeout and returns them.
    public mutating func expire(now: Date) -> [Client] {
        let dead = clients.values.filter { now.timeIntervalSince($0.lastSeen) > heartbeatTimeout }
        for c in dead { clients.removeValue(forKey: c.name) }
        return dead.sorted { $0.name < $1.name }
    }

    /// Registered clients sorted by name.
    public var sorted: [Client] { clients.values.sorted { $0.name < $1.name } }
}

