/// gRPC custom metadata: ordered ASCII key/value pairs carried as HTTP/2 headers or trailers.
/// Keys are lower-cased; binary values (keys ending in `-bin`) are not interpreted here.
public struct Metadata: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var entries: [(key: String, value: String)] = []

    public init() {}
    public init(dictionaryLiteral elements: (String, String)...) {
        for (k, v) in elements { add(k, v) }
    }

    public mutating func add(_ key: String, _ value: String) {
        entries.append((key.lowercased(), value))
    }

    /// The first value for `key`, if any.
    public subscript(key: String) -> String? {
        let k = key.lowercased()
        return entries.first(where: { $0.key == k })?.value
    }

    public var isEmpty: Bool { entries.isEmpty }
    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> { entries.makeIterator() }

    public static func == (a: Metadata, b: Metadata) -> Bool {
        a.entries.elementsEqual(b.entries, by: { $0.key == $1.key && $0.value == $1.value })
    }
    public func hash(into hasher: inout Hasher) {
        for e in entries { hasher.combine(e.key); hasher.combine(e.value) }
    }
}
