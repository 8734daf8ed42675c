// Fuzz target: gRPC message framing and reassembly (the 5-byte length prefix: compressed flag,
// big-endian length) across DATA payloads split at arbitrary points, as HTTP2Stream receives
// them. The reassembler is checked against a straightforward reference parser of the whole byte
// stream: same messages, same error, same "partial message left" state, whatever the split.
@_spi(Fuzzing) import FlockRPC
import FuzzSupport

struct Reference {
    var messages: [[UInt8]] = []
    var error: RPCError.Code?
    var partial = false

    init(_ stream: [UInt8], maxMessageSize: Int) {
        var i = 0
        while i < stream.count {
            guard stream.count - i >= 5 else { partial = true; return }
            guard stream[i] == 0 else { error = .internal; return }
            let length = Int(stream[i + 1]) << 24 | Int(stream[i + 2]) << 16 | Int(stream[i + 3]) << 8 | Int(stream[i + 4])
            guard length <= maxMessageSize else { error = .resourceExhausted; return }
            guard stream.count - i - 5 >= length else { partial = true; return }
            messages.append(Array(stream[(i + 5)..<(i + 5 + length)]))
            i += 5 + length
        }
    }
}

fuzzMain { bytes in
    var input = FuzzInput(bytes)
    let mode = input.byte()
    let maxMessageSize = Int(input.uint16())
    let cuts = (0..<Int(input.byte() % 16)).map { _ in Int(input.byte()) }
    var stream: [UInt8] = []
    if mode & 1 == 0 {
        stream = input.rest()          // raw bytes, as a misbehaving peer sends them
    } else {
        for piece in input.pieces() {  // well-formed messages
            let n = piece.count
            stream += [0, UInt8(truncatingIfNeeded: n >> 24), UInt8(truncatingIfNeeded: n >> 16),
                       UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)] + piece
        }
    }
    let expected = Reference(stream, maxMessageSize: maxMessageSize)

    var reassembler = GRPCMessageReassembler(maxMessageSize: maxMessageSize)
    var received: [[UInt8]] = []
    var error: RPCError?
    for chunk in split(stream, lengths: cuts) {
        error = chunk.withUnsafeBufferPointer { buffer in
            reassembler.feed(buffer.baseAddress!, buffer.count) { received.append($0) }
        }
        if error != nil { break }
    }
    precondition(received == expected.messages, "reassembled messages differ from the reference")
    precondition(error?.code == expected.error, "error \(String(describing: error)) but the reference says \(String(describing: expected.error))")
    if error == nil {
        precondition(reassembler.hasPartialMessage == expected.partial, "partial-message state differs from the reference")
    }
}
