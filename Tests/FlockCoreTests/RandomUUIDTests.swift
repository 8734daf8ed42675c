import FlockCore
import Foundation
import Testing

@Suite("UUID.random: tokens from getrandom")
struct RandomUUIDTests {
    @Test("version 4, RFC 4122 variant, and never the same twice in 10,000")
    func wellFormedAndDistinct() {
        var seen = Set<UUID>()
        for _ in 0..<10_000 {
            let u = UUID.random()
            let b = u.uuid
            #expect(b.6 >> 4 == 4)
            #expect(b.8 >> 6 == 0b10)
            seen.insert(u)
        }
        #expect(seen.count == 10_000)
        #expect(!seen.contains(UUID(uuidString: "00000000-0000-4000-8000-000000000000")!))
    }
}
