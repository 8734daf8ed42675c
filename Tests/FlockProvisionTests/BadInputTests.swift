import Foundation
import Testing
import FlockCore

/// Each bad input runs the real fl-provision binary and must give one clear error naming the key
/// and the fix, exit 1, and write nothing.
@Suite("fl-provision refuses bad input and writes nothing")
struct BadInputTests {
    /// Runs `fl-provision -p project.yml -o out` in a fresh folder holding `project` (nil: no file).
    /// Returns the stderr text after checking the exit status and that nothing was written.
    private func refuse(_ project: String?, output: String = "out", setup: ((String) throws -> Void)? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let dir = try TestSupport.makeTempDirectory("bad")
        defer { TestSupport.remove(dir) }
        if let project { try TestSupport.write(project, to: dir + "/project.yml") }
        try setup?(dir)
        let before = Fixtures.entries(dir)
        let beforeSnapshot = try Fixtures.snapshot(dir)
        let result = try TestSupport.run(TestSupport.flProvision, ["-p", "project.yml", "-o", output], in: dir)
        #expect(result.status == 1, "exit status \(result.status): \(result.output)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(Fixtures.entries(dir) == before, "files appeared: \(Fixtures.entries(dir))", sourceLocation: sourceLocation)
        #expect(try Fixtures.snapshot(dir) == beforeSnapshot, sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one error line, got: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stderr
    }

    @Test("a missing project file says how to make one")
    func missingFile() throws {
        let message = try refuse(nil)
        #expect(message.contains("project file 'project.yml' not found"))
        #expect(message.contains("fl-provision init"))
    }

    @Test("malformed YAML is reported with its line")
    func malformedYAML() throws {
        let message = try refuse("name: p\nserver:\n  org: x\n   cn: [unclosed\n")
        #expect(message.contains("project.yml:4: mapping values are not allowed in this context (line 4, column 6): not valid YAML"))
        let duplicate = try refuse(Fixtures.project().replacingOccurrences(of: "  admin_port: 8003", with: "  admin_port: 8003\n  admin_port: 8004"))
        #expect(duplicate.contains("key 'admin_port' appears twice"))
    }

    @Test("a file that is not a mapping, and a missing key, are named")
    func structure() throws {
        #expect(try refuse("- just\n- a list\n").contains("must be a mapping of keys"))
        let missing = try refuse(Fixtures.project().replacingOccurrences(of: "  cn: localhost\n", with: ""))
        #expect(missing.contains("key 'server.cn' is missing"))
        let unknown = try refuse(Fixtures.project().replacingOccurrences(of: "fl_clients:", with: "fl_client:"))
        #expect(unknown.contains("unknown key 'fl_client' at the top level"))
        #expect(unknown.contains("known keys:"))
    }

    @Test("duplicate client names are refused, naming both entries")
    func duplicateClients() throws {
        let message = try refuse(Fixtures.project(clients: [("a", "site-1", nil), ("b", "Site-1", nil)]))
        #expect(message.contains("key 'fl_clients[1].client_name' repeats 'Site-1' from fl_clients[0]"))
        #expect(message.contains("must be unique"))
    }

    @Test("duplicate admin emails are refused")
    func duplicateEmails() throws {
        let message = try refuse(Fixtures.project(admins: [("a", "x@y.org", nil), ("b", "X@y.org", nil)]))
        #expect(message.contains("key 'admin_clients[1].email' repeats 'X@y.org' from admin_clients[0]"))
    }

    @Test("equal ports are refused with a suggestion")
    func equalPorts() throws {
        let message = try refuse(Fixtures.project(fedPort: 8002, adminPort: 8002))
        #expect(message.contains("keys 'server.fed_learn_port' and 'server.admin_port' are both 8002"))
        #expect(message.contains("need different ports"))
    }

    @Test("ports out of range or not numbers are refused")
    func portRange() throws {
        #expect(try refuse(Fixtures.project(fedPort: 70000)).contains("key 'server.fed_learn_port' is 70000, out of range: ports go from 1 to 65535"))
        #expect(try refuse(Fixtures.project(adminPort: 0)).contains("key 'server.admin_port' is 0, out of range"))
        #expect(try refuse(Fixtures.project().replacingOccurrences(of: "admin_port: 8003", with: "admin_port: eight")).contains("key 'server.admin_port' is 'eight', not a whole number"))
    }

    @Test("an IP address as cn is refused with an explanation")
    func ipAddressCN() throws {
        let message = try refuse(Fixtures.project(cn: "10.1.2.3"))
        #expect(message.contains("key 'server.cn' is the IP address '10.1.2.3'; it must be a host name"))
        #expect(message.contains("/etc/hosts"))
        #expect(try refuse(Fixtures.project(cn: "\"::1\"")).contains("is the IP address '::1'"))
        #expect(try refuse(Fixtures.project(cn: "fl.example.org:8002")).contains("give the host name alone"))
        #expect(try refuse(Fixtures.project(cn: "bad_host!")).contains("not a valid host name"))
    }

    @Test("an invalid email is refused, for admins and for clients")
    func invalidEmail() throws {
        #expect(try refuse(Fixtures.project(admins: [("a", "not-an-email", nil)])).contains("key 'admin_clients[0].email' is 'not-an-email', which is not a valid email address"))
        #expect(try refuse(Fixtures.project(admins: [("a", "a/b@c.org", nil)])).contains("not a valid email address"))
        #expect(try refuse(Fixtures.project(clients: [("a", "site-1", "bob@")])).contains("key 'fl_clients[0].email' is 'bob@'"))
    }

    @Test("a client name that is not a safe file name is refused")
    func unsafeClientName() throws {
        for name in ["../evil", "site 1", ".hidden", "a/b"] {
            let message = try refuse(Fixtures.project(clients: [("a", "\"\(name)\"", nil)]))
            #expect(message.contains("key 'fl_clients[0].client_name' is '\(name)', which is not a safe file name"), "\(name): \(message)")
        }
        #expect(try refuse(Fixtures.project(clients: [("a", "server", nil)])).contains("the server's package name"))
    }

    @Test("an unknown role is refused, listing the valid ones")
    func unknownRole() throws {
        let message = try refuse(Fixtures.project(admins: [("a", "a@b.org", "[superuser]")]))
        #expect(message.contains("key 'admin_clients[0].roles' holds 'superuser', which is not a role"))
        #expect(message.contains("project_admin, org_admin, lead, member"))
    }

    @Test("min above max clients is refused")
    func minAboveMax() throws {
        let message = try refuse(Fixtures.project().replacingOccurrences(of: "min_num_clients: 1", with: "min_num_clients: 200"))
        #expect(message.contains("key 'server.min_num_clients' (200) is larger than 'server.max_num_clients' (100)"))
    }

    @Test("an unwritable output is refused")
    func unwritableOutput() throws {
        // Tests may run as root, for whom permission bits do not apply: use paths no one can write.
        let underFile = try refuse(Fixtures.project(), output: "afile/out", setup: { dir in try TestSupport.write("x", to: dir + "/afile") })
        #expect(underFile.contains("output folder"))
        #expect(underFile.contains("-o"))
        let isFile = try refuse(Fixtures.project(), output: "afile", setup: { dir in try TestSupport.write("x", to: dir + "/afile") })
        #expect(isFile.contains("is a file, not a folder"))
        let noParent = try refuse(Fixtures.project(), output: "missing/deeper/out")
        #expect(noParent.contains("its parent"))
        let proc = try refuse(Fixtures.project(), output: "/proc/flock-out")
        #expect(proc.contains("cannot write to output folder '/proc/flock-out'"))
    }
}
