import FlockCodegen
import Foundation
import Testing

/// Rendered code compared with the expected text under Snapshots/. After an intended change to
/// the renderers, accept the new output with:
///     FLOCK_UPDATE_SNAPSHOTS=1 swift test --filter FlockCodegenTests.SnapshotTests
/// and review the diff of Snapshots/ before committing it.
@Suite("Codegen snapshots")
struct SnapshotTests {
    static let folder = Tools.testsFolder.appendingPathComponent("Snapshots")

    func expectSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FLOCK_UPDATE_SNAPSHOTS"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(name); create it with FLOCK_UPDATE_SNAPSHOTS=1 swift test --filter FlockCodegenTests", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(e.count, a.count)).first(where: { e[$0] != a[$0] }) ?? min(e.count, a.count)
            Issue.record("""
                \(name) differs from the rendered code at line \(line + 1):
                  expected: \(line < e.count ? String(e[line]) : "<end>")
                  actual:   \(line < a.count ? String(a[line]) : "<end>")
                If the change is intended: FLOCK_UPDATE_SNAPSHOTS=1 swift test --filter FlockCodegenTests.SnapshotTests
                """, sourceLocation: sourceLocation)
        }
    }

    func renderedService(clientStreaming: Bool, serverStreaming: Bool) throws -> String {
        let files = try Generator(files: [SnapshotModel.service(clientStreaming: clientStreaming, serverStreaming: serverStreaming)]).swiftSources()
        return try #require(files.first { $0.path == "snap_v1_snap.rpc.swift" }).contents
    }

    @Test("a unary method")
    func unary() throws {
        try expectSnapshot(try renderedService(clientStreaming: false, serverStreaming: false), named: "unary.rpc.swift.txt")
    }

    @Test("a server-streaming method")
    func serverStreaming() throws {
        try expectSnapshot(try renderedService(clientStreaming: false, serverStreaming: true), named: "server-streaming.rpc.swift.txt")
    }

    @Test("a client-streaming method")
    func clientStreaming() throws {
        try expectSnapshot(try renderedService(clientStreaming: true, serverStreaming: false), named: "client-streaming.rpc.swift.txt")
    }

    @Test("a bidirectional-streaming method")
    func bidirectionalStreaming() throws {
        try expectSnapshot(try renderedService(clientStreaming: true, serverStreaming: true), named: "bidirectional-streaming.rpc.swift.txt")
    }

    @Test("messages and enums of every shape")
    func messages() throws {
        let files = try Generator(files: [SnapshotModel.allShapes]).swiftSources()
        try expectSnapshot(try #require(files.first { $0.path == "snap_v1_shapes.pb.swift" }).contents, named: "shapes.pb.swift.txt")
    }

    @Test("C output arranged into a target")
    func cSources() throws {
        let arranged = CSources.arrange(protocOutput: [
            GeneratedFile(path: "a/v1/b.pb-c.c", contents: "#include \"a/v1/b.pb-c.h\"\n"),
            GeneratedFile(path: "a/v1/b.pb-c.h", contents: "struct S { void (*register)(void); void (*go)(void); };\n"),
        ], module: "CThing")
        #expect(arranged.map(\.path) == ["a/v1/b.pb-c.c", "include/CThing.h", "include/a/v1/b.pb-c.h", "include/module.modulemap"])
        try expectSnapshot(arranged.map { "=== \($0.path)\n\($0.contents)" }.joined(), named: "c-target.txt")
    }
}

@Suite("Codegen determinism")
struct DeterminismTests {
    @Test("rendering the same model twice gives identical bytes")
    func twice() throws {
        let files = [SnapshotModel.allShapes, SnapshotModel.service(clientStreaming: true, serverStreaming: false)]
        #expect(try Generator(files: files).swiftSources() == Generator(files: files).swiftSources())
        #expect(try Generator(files: files).testFixtures() == Generator(files: files).testFixtures())
    }

    @Test("the order files arrive in does not change the output")
    func order() throws {
        let a = SnapshotModel.allShapes
        let b = ProtoFile(name: "snap/v1/other.proto", package: "snap.v1", messages: [
            ProtoMessage(name: "Other", fullName: "snap.v1.Other", fields: [ProtoField(name: "x", number: 1, type: .int32)]),
        ])
        #expect(try Generator(files: [a, b]).swiftSources() == Generator(files: [b, a]).swiftSources())
        #expect(try Generator(files: [a, b]).swiftSources().map(\.path) == ["snap_v1_other.pb.swift", "snap_v1_shapes.pb.swift"])
    }

    @Test("every generated file starts with the DO NOT EDIT banner, its source and the command")
    func banner() throws {
        for file in try Generator(files: [SnapshotModel.allShapes, SnapshotModel.service(clientStreaming: false, serverStreaming: true)]).swiftSources() {
            let lines = file.contents.split(separator: "\n").prefix(3).map(String.init)
            #expect(lines[0] == "// DO NOT EDIT.")
            #expect(lines[1].hasPrefix("// Source: snap/v1/"))
            #expect(lines[2].contains("`make proto`"))
        }
    }
}
