import Foundation

/// A JSON object read from a config file, with typed accessors whose errors name the file, the
/// key path and what is accepted, e.g.
/// `config_fed_server.json: servers[0].num_rounds must be an integer ≥ 1, got "three"`.
public struct ConfigObject {
    public let file: String
    public let path: String
    let values: [String: Any]

    /// Parses `data` (the content of `file`) as a JSON object.
    public init(data: Data, file: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw FlockError(.invalidConfiguration, "\(file) is not valid JSON: \(Self.describe(error)). Fix the syntax (a JSON linter such as `python3 -m json.tool \(file)` shows where).")
        }
        guard let dict = object as? [String: Any] else {
            throw FlockError(.invalidConfiguration, "\(file) must hold a JSON object ({...}) at the top level")
        }
        self.init(values: dict, file: file, path: "")
    }

    /// Reads and parses the file at `path`; `display` names it in errors (defaults to the path).
    public init(contentsOf path: String, display: String? = nil) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlockError(.notFound, "\(display ?? path) not found at \(path)")
        }
        try self.init(data: data, file: display ?? path)
    }

    init(values: [String: Any], file: String, path: String) {
        self.values = values
        self.file = file
        self.path = path
    }

    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo["NSDebugDescription"] as? String) ?? ns.localizedDescription
    }

    func key(_ k: String) -> String { path.isEmpty ? k : "\(path).\(k)" }

    func fail(_ k: String, _ what: String, _ got: Any?) -> FlockError {
        let shown: String
        switch got {
        case let s as String: shown = "\"\(s)\""
        case nil: shown = "nothing"
        case let n as NSNumber: shown = "\(n)"
        default: shown = "\(type(of: got!))"
        }
        return FlockError(.invalidConfiguration, "\(file): \(key(k)) must be \(what), got \(shown)")
    }

    /// Throws when the object has a key outside `allowed`, listing the accepted keys.
    public func rejectUnknownKeys(_ allowed: Set<String>) throws {
        for k in values.keys.sorted() where !allowed.contains(k) {
            throw FlockError(.invalidConfiguration, "\(file): unknown key \(key(k)); accepted keys\(path.isEmpty ? "" : " in \(path)") are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    public func has(_ k: String) -> Bool { values[k] != nil && !(values[k] is NSNull) }

    public func int(_ k: String, default d: Int? = nil, range: ClosedRange<Int>? = nil) throws -> Int {
        guard let v = values[k], !(v is NSNull) else {
            if let d { return d }
            throw fail(k, range.map { "an integer in \($0.lowerBound)...\($0.upperBound)" } ?? "an integer", nil)
        }
        let what = range.map { r in r.upperBound == Int.max ? "an integer ≥ \(r.lowerBound)" : "an integer in \(r.lowerBound)...\(r.upperBound)" } ?? "an integer"
        guard let n = v as? NSNumber, !Self.isBool(v), n.doubleValue.rounded() == n.doubleValue, abs(n.doubleValue) < 9e15 else {
            throw fail(k, what, v)
        }
        let i = Int(n.doubleValue)
        if let range, !range.contains(i) { throw fail(k, what, v) }
        return i
    }

    public func double(_ k: String, default d: Double? = nil, range: ClosedRange<Double>? = nil) throws -> Double {
        let what = range.map { "a number in \($0.lowerBound)...\($0.upperBound)" } ?? "a number"
        guard let v = values[k], !(v is NSNull) else {
            if let d { return d }
            throw fail(k, what, nil)
        }
        guard let n = v as? NSNumber, !Self.isBool(v) else { throw fail(k, what, v) }
        if let range, !range.contains(n.doubleValue) { throw fail(k, what, v) }
        return n.doubleValue
    }

    public func bool(_ k: String, default d: Bool? = nil) throws -> Bool {
        guard let v = values[k], !(v is NSNull) else {
            if let d { return d }
            throw fail(k, "true or false", nil)
        }
        guard Self.isBool(v), let n = v as? NSNumber else { throw fail(k, "true or false", v) }
        return n.boolValue
    }

    public func string(_ k: String, default d: String? = nil, oneOf accepted: [String]? = nil) throws -> String {
        let what = accepted.map { "one of " + $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? "a string"
        guard let v = values[k], !(v is NSNull) else {
            if let d { return d }
            throw fail(k, what, nil)
        }
        guard let s = v as? String else { throw fail(k, what, v) }
        if let accepted, !accepted.contains(s) { throw fail(k, what, v) }
        return s
    }

    public func object(_ k: String) throws -> ConfigObject? {
        guard let v = values[k], !(v is NSNull) else { return nil }
        guard let d = v as? [String: Any] else { throw fail(k, "an object ({...})", v) }
        return ConfigObject(values: d, file: file, path: key(k))
    }

    /// The objects of an array, e.g. `servers`.
    public func objects(_ k: String) throws -> [ConfigObject]? {
        guard let v = values[k], !(v is NSNull) else { return nil }
        guard let a = v as? [Any] else { throw fail(k, "an array ([...])", v) }
        return try a.enumerated().map { i, e in
            guard let d = e as? [String: Any] else { throw fail("\(k)[\(i)]", "an object ({...})", e) }
            return ConfigObject(values: d, file: file, path: key("\(k)[\(i)]"))
        }
    }

    /// A map of names to numbers (e.g. aggregation weights per client).
    public func numberMap(_ k: String) throws -> [String: Double]? {
        guard let o = try object(k) else { return nil }
        var out: [String: Double] = [:]
        for name in o.values.keys { out[name] = try o.double(name, range: 0...Double.greatestFiniteMagnitude) }
        return out
    }

    /// JSONSerialization yields booleans as a CFBoolean-backed NSNumber; plain numbers also bridge
    /// to Bool, so the dynamic type is the only reliable test.
    static func isBool(_ v: Any) -> Bool {
        String(describing: type(of: v)).contains("Boolean")
    }
}
