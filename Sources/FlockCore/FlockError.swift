/// An error any Flock module can throw, with a stable code, a message that says what went wrong
/// and how to fix it, and an optional underlying cause.
///
/// `Code` wraps a private enum behind static members so new codes never break users.
public struct FlockError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case invalidArgument = "invalid argument"
            case invalidConfiguration = "invalid configuration"
            case notFound = "not found"
            case alreadyExists = "already exists"
            case permissionDenied = "permission denied"
            case io = "I/O error"
            case tls = "TLS error"
            case tampered = "tampered"
            case failedPrecondition = "failed precondition"
            case unavailable = "unavailable"
            case limitExceeded = "limit exceeded"
            case `internal` = "internal error"
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        public static let invalidArgument = Code(.invalidArgument)
        public static let invalidConfiguration = Code(.invalidConfiguration)
        public static let notFound = Code(.notFound)
        public static let alreadyExists = Code(.alreadyExists)
        public static let permissionDenied = Code(.permissionDenied)
        public static let io = Code(.io)
        public static let tls = Code(.tls)
        public static let tampered = Code(.tampered)
        public static let failedPrecondition = Code(.failedPrecondition)
        public static let unavailable = Code(.unavailable)
        /// A configured size or count limit (max clients, max upload size, ...).
        public static let limitExceeded = Code(.limitExceeded)
        public static let `internal` = Code(.internal)

        public var description: String { wrapped.rawValue }
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
