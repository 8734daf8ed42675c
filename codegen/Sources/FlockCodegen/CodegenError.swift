/// Why code generation failed; `description` says what to change.
public struct CodegenError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
