import Foundation

/// Reading and writing the JSON configuration files of a kit (`fed_server.json`,
/// `fed_client.json`, `authorization.json`, `local_settings.json`) with errors that name the file,
/// the key and the fix.
public enum JSONConfigFile {
    /// Decodes `T` from the JSON file at `path`. `what` names the file in errors
    /// (e.g. "fed_server.json").
    public static func load<T: Decodable>(_ type: T.Type, path: String, what: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlockError(.notFound, "\(what) not found at '\(path)': unpack the startup kit (fl-provision unpack KIT.zip -d DIR) and pass its startup/ folder")
        }
        return try decodeChecked(type, from: data, what: "\(what) ('\(path)')")
    }

    /// Decodes `T` from JSON bytes; `what` names the source in errors.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw FlockError(.invalidConfiguration, "\(what): \(describe(error))")
        } catch let error as FlockError {
            throw FlockError(error.code, "\(what): \(error.message)")
        }
    }

    /// Decodes `T` and refuses keys the type does not know (a misspelt key would otherwise be
    /// ignored silently and its default used): the value is encoded again, and every key of the
    /// input must appear in that encoding. Keys starting with `_` are notes and always allowed.
    public static func decodeStrictly<T: Codable>(_ type: T.Type, from data: Data, what: String) throws -> T {
        let value = try decode(type, from: data, what: what)
        guard let input = try? JSONSerialization.jsonObject(with: data),
              let known = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) else { return value }
        if let unknown = firstUnknownKey(input, known, path: "") {
            throw FlockError(.invalidConfiguration, "\(what): unknown key '\(unknown)'; check its spelling (docs/config-reference.md lists every key)")
        }
        return value
    }

    /// The first key path present in `input` but not in `known`, comparing objects recursively.
    static func firstUnknownKey(_ input: Any, _ known: Any, path: String) -> String? {
        if let i = input as? [String: Any] {
            guard let k = known as? [String: Any] else { return nil }
            for key in i.keys.sorted() where !key.hasPrefix("_") {
                let p = path.isEmpty ? key : "\(path).\(key)"
                guard let kv = k[key] else { return p }
                if let found = firstUnknownKey(i[key]!, kv, path: p) { return found }
            }
        } else if let i = input as? [Any], let k = known as? [Any] {
            for (n, (a, b)) in zip(i, k).enumerated() {
                if let found = firstUnknownKey(a, b, path: "\(path)[\(n)]") { return found }
            }
        }
        return nil
    }

    /// Decodes `T` from JSON bytes, refusing unknown keys, when `T` can be encoded again.
    static func decodeChecked<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws -> T {
        if let codable = type as? any Codable.Type {
            return try openCodable(codable, data, what) as! T
        }
        return try decode(type, from: data, what: what)
    }

    private static func openCodable<C: Codable>(_ type: C.Type, _ data: Data, _ what: String) throws -> Any {
        try decodeStrictly(type, from: data, what: what)
    }

    /// Encodes `value` as pretty JSON with sorted keys and a final newline (deterministic output).
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// A decoding error as "key 'servers[0].admin_port' is missing" and the like.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let full = path(context.codingPath + [key])
            return "key '\(full)' is missing; add it (see docs/provisioning.md) or re-provision the kit"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "key '\(path(context.codingPath))' has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription)); restore the file from the kit"
            }
            return "key '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A `host:port` service address as the kit configs spell it (`fl.example.org:8002`).
public struct ServiceTarget: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (an IPv6 host in brackets: `[::1]:8002`).
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port) else {
            throw FlockError(.invalidConfiguration, "'\(text)' is not host:port with a port from 1 to 65535")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw FlockError(.invalidConfiguration, "'\(text)' has no host before the port") }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
