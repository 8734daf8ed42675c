/// gRPC-over-HTTP/2 header conventions (PROTOCOL-HTTP2.md): status trailers, percent-encoded
/// messages, `grpc-timeout` values, and which headers are custom metadata.
enum GRPCHeaders {
    /// Percent-encodes a `grpc-message`: bytes outside printable ASCII, and '%', become %XX.
    static func percentEncode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for b in s.utf8 {
            if b >= 0x20 && b <= 0x7E && b != 0x25 {
                bytes.append(b)
            } else {
                bytes.append(0x25); bytes.append(hex[Int(b >> 4)]); bytes.append(hex[Int(b & 15)])
            }
        }
        out = String(decoding: bytes, as: UTF8.self)
        return out
    }

    /// Decodes %XX sequences; malformed ones are kept literally (as the spec asks).
    static func percentDecode(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                out.append(h << 4 | l); i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The call's status from trailers: `.ok` code for success.
    static func status(from fields: [String: String]) -> RPCError {
        guard let raw = fields["grpc-status"] else {
            return RPCError(.internal, "the server's trailers carry no grpc-status")
        }
        guard let value = Int(raw), let code = RPCError.Code(rawValue: value) else {
            return RPCError(.unknown, "the server sent an invalid grpc-status \"\(raw)\"")
        }
        return RPCError(code, fields["grpc-message"].map(percentDecode) ?? "")
    }

    /// Maps a non-200 HTTP status to a gRPC status (PROTOCOL-HTTP2.md, "HTTP to gRPC status").
    static func statusFromHTTP(_ status: String, _ fields: [String: String]) -> RPCError {
        if let s = fields["grpc-status"], Int(s) != nil { return Self.status(from: fields) }
        let code: RPCError.Code
        switch status {
        case "400": code = .internal
        case "401": code = .unauthenticated
        case "403": code = .permissionDenied
        case "404": code = .unimplemented
        case "429", "502", "503", "504": code = .unavailable
        default: code = .unknown
        }
        return RPCError(code, "the server answered with HTTP status \(status)")
    }

    /// `grpc-timeout` value: at most 8 digits and a unit, rounded up.
    static func encodeTimeout(_ d: Duration) -> String {
        let (s, atto) = d.components
        let nanos = max(0, s) * 1_000_000_000 + max(0, atto) / 1_000_000_000
        let micros = (nanos + 999) / 1000
        if micros <= 99_999_999 { return "\(max(1, micros))u" }
        let millis = (micros + 999) / 1000
        if millis <= 99_999_999 { return "\(millis)m" }
        let secs = (millis + 999) / 1000
        if secs <= 99_999_999 { return "\(secs)S" }
        return "\(min(99_999_999, (secs + 3599) / 3600))H"
    }

    static func decodeTimeout(_ v: String) -> Duration? {
        guard let unit = v.last, v.count >= 2, v.count <= 9, let n = Int64(v.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "H": return .seconds(n * 3600)
        case "M": return .seconds(n * 60)
        case "S": return .seconds(n)
        case "m": return .milliseconds(n)
        case "u": return .microseconds(n)
        case "n": return .nanoseconds(n)
        default: return nil
        }
    }

    /// Custom metadata among request headers: not pseudo-headers, not `grpc-*`, not the HTTP
    /// headers the protocol itself uses.
    static func metadata(from headers: [(String, String)]) -> Metadata {
        var m = Metadata()
        for (k, v) in headers {
            if k.hasPrefix(":") || k.hasPrefix("grpc-") || k == "content-type" || k == "te" { continue }
            m.add(k, v)
        }
        return m
    }
}
