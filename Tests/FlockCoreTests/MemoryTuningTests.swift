import Testing
@testable import FlockCore

@Suite("allocator tuning")
struct MemoryTuningTests {
    @Test("glibc accepts the mmap and trim thresholds, repeatedly")
    func configures() {
        #if canImport(Glibc)
        #expect(MemoryTuning.configureAllocator())
        #expect(MemoryTuning.configureAllocator())
        // Large blocks still allocate and free normally afterwards.
        let block = [UInt8](repeating: 7, count: 4 << 20)
        #expect(block.count == 4 << 20 && block.last == 7)
        #endif
    }
}
