import FlockCore
import Foundation

/// A parsed JSON value that keeps booleans, integers and reals apart (so `"epochs": true` or
/// `"epochs": 1.5` can be rejected by name).
enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// Parses `data`; a parse failure names `file`.
    static func parse(_ data: Data, file: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw FlockError(.invalidArgument, "\(file) is not valid JSON: \(describe(error))")
        }
    }

    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let ctx) = error {
            if let underlying = ctx.underlyingError as NSError? {
                return underlying.userInfo[NSDebugDescriptionErrorKey] as? String ?? underlying.localizedDescription
            }
            return ctx.debugDescription
        }
        return "\(error)"
    }
}

/// Reads one JSON object of a config file, checking keys and values and naming the offending key
/// (as a dotted path) and the accepted values in every error.
struct ConfigObject {
    let values: [String: JSONValue]
    let path: String      // "" for the root, "model", "data.intensity", ...
    let file: String

    init(_ value: JSONValue, path: String, file: String) throws {
        guard case .object(let o) = value else {
            throw FlockError(.invalidConfiguration,
                             "\(file): \(path.isEmpty ? "the top level" : "\"\(path)\"") must be a JSON object, not \(value.kindName)")
        }
        self.values = o
        self.path = path
        self.file = file
    }

    func key(_ k: String) -> String { path.isEmpty ? k : "\(path).\(k)" }

    func fail(_ k: String, _ message: String) -> FlockError {
        FlockError(.invalidConfiguration, "\(file): \"\(key(k))\" \(message)")
    }

    /// Rejects keys other than `allowed`.
    func checkKeys(_ allowed: [String]) throws {
        for k in values.keys.sorted() where !allowed.contains(k) {
            throw FlockError(.invalidConfiguration,
                             "\(file): unknown key \"\(key(k))\"; accepted keys\(path.isEmpty ? "" : " in \"\(path)\""): \(allowed.joined(separator: ", "))")
        }
    }

    func has(_ k: String) -> Bool { values[k] != nil }

    func int(_ k: String, default d: Int, _ range: ClosedRange<Int>) throws -> Int {
        guard let v = values[k] else { return d }
        let n: Int
        switch v {
        case .int(let i) where i >= Int64(Int.min) && i <= Int64(Int.max): n = Int(i)
        case .double(let x) where x == x.rounded() && abs(x) < 1e15: n = Int(x)
        default: throw fail(k, "must be an integer in \(range.lowerBound)...\(range.upperBound), not \(v.kindName)")
        }
        guard range.contains(n) else {
            throw fail(k, "is \(n); accepted values: \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    func double(_ k: String, default d: Double, _ accepted: String, _ ok: (Double) -> Bool) throws -> Double {
        guard let v = values[k] else { return d }
        let x: Double
        switch v {
        case .int(let i): x = Double(i)
        case .double(let y): x = y
        default: throw fail(k, "must be a number (\(accepted)), not \(v.kindName)")
        }
        guard x.isFinite, ok(x) else { throw fail(k, "is \(x); accepted values: \(accepted)") }
        return x
    }

    func bool(_ k: String, default d: Bool) throws -> Bool {
        guard let v = values[k] else { return d }
        guard case .bool(let b) = v else { throw fail(k, "must be true or false, not \(v.kindName)") }
        return b
    }

    func string(_ k: String) throws -> String? {
        guard let v = values[k] else { return nil }
        guard case .string(let s) = v else { throw fail(k, "must be a string, not \(v.kindName)") }
        return s
    }

    /// A string that must be one of `accepted`.
    func choice(_ k: String, default d: String, _ accepted: [String]) throws -> String {
        guard let v = values[k] else { return d }
        guard case .string(let s) = v else {
            throw fail(k, "must be one of \(accepted.map { "\"\($0)\"" }.joined(separator: ", ")), not \(v.kindName)")
        }
        guard accepted.contains(s) else {
            throw fail(k, "is \"\(s)\"; accepted values: \(accepted.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return s
    }

    func object(_ k: String) throws -> ConfigObject? {
        guard let v = values[k] else { return nil }
        return try ConfigObject(v, path: key(k), file: file)
    }

    func ints(_ k: String, count: ClosedRange<Int>, element: ClosedRange<Int>) throws -> [Int]? {
        guard let v = values[k] else { return nil }
        guard case .array(let a) = v, count.contains(a.count) else {
            throw fail(k, "must be an array of \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound)...\(count.upperBound)") integers in \(element.lowerBound)...\(element.upperBound)")
        }
        return try a.map { e -> Int in
            guard case .int(let i) = e, element.contains(Int(clamping: i)) else {
                throw fail(k, "must hold integers in \(element.lowerBound)...\(element.upperBound); got \(e.kindName == "an integer" ? "\(e)" : e.kindName)")
            }
            return Int(i)
        }
    }

    func doubles(_ k: String, count: Int) throws -> [Double]? {
        guard let v = values[k] else { return nil }
        guard case .array(let a) = v, a.count == count else { throw fail(k, "must be an array of \(count) numbers") }
        return try a.map { e -> Double in
            switch e {
            case .int(let i): return Double(i)
            case .double(let d) where d.isFinite: return d
            default: throw fail(k, "must hold numbers, not \(e.kindName)")
            }
        }
    }

    func strings(_ k: String) throws -> [String]? {
        guard let v = values[k] else { return nil }
        guard case .array(let a) = v, !a.isEmpty else { throw fail(k, "must be a non-empty array of strings") }
        return try a.map { e -> String in
            guard case .string(let s) = e else { throw fail(k, "must hold strings, not \(e.kindName)") }
            return s
        }
    }
}
