import FlockCore
import FlockProto
import Foundation
import Testing

/// Login, authorization per role and the workspace sandbox, through the real `fl-admin` against a
/// real server with two clients, from a project with one admin of each role.
@Suite("fl-admin logins, roles and sandbox", .serialized)
struct AdminSecurityTests {
    static let lead = Federation.AdminKit(email: "lead@lead.org", org: "lead", roles: ["lead"])
    static let orgAdmin = Federation.AdminKit(email: "it@site-1.org", org: "org-site-1", roles: ["org_admin"])
    static let member = Federation.AdminKit(email: "member@site-1.org", org: "org-site-1", roles: ["member"])

    let fed: Federation

    init() async throws {
        fed = try Federation(label: "adminsec", admins: [Self.lead, Self.orgAdmin, Self.member])
        try fed.start("server")
        for c in fed.clients { try fed.start(c) }
        try await fed.login()
        try await fed.waitForClients()
    }

    func shell(_ commands: String, as email: String, _ extra: [String] = []) throws -> (status: Int32, lines: [String], text: String) {
        let o = try fed.fl_admin(commands, as: email, ["--user", email, "--yes"] + extra)
        return (o.status, o.output.split(separator: "\n").map(String.init), o.output)
    }

    @Test("refuses a user name that is not the certificate's CN, says why, and audits it")
    func loginMismatch() async throws {
        defer { fed.shutdownByAdmin() }
        let o = try fed.fl_admin("someone@else.org\ncheck_status server\n")
        #expect(o.status == 2, "\(o.output)")
        #expect(o.output.contains("User Name: someone@else.org"))
        #expect(o.output.contains("Error: user name someone@else.org does not match this admin kit's certificate (\(fed.admin))"), "\(o.output)")
        #expect(!o.output.contains("FL server status"))
        #expect(fed.auditLog.contains("user=someone@else.org | peer="))
        #expect(fed.auditLog.contains("command=login | refused: certificate CN is \(fed.admin)"))
    }

    @Test("grants and refuses commands by role, naming the missing right, and audits the refusals")
    func roles() async throws {
        defer { fed.shutdownByAdmin() }
        // project_admin holds every right on every site: each right group works.
        let admin = try shell("set_run_number 7\ncheck_status client site-2\ndelete_run_number 7\n", as: fed.admin)
        #expect(admin.status == 0, "\(admin.text)")
        #expect(admin.lines.contains("Create a new run folder: run_7"))

        // lead: trains and deploys, but may not operate processes.
        let lead = try shell("set_run_number 8\nshutdown client site-1\n", as: Self.lead.email)
        #expect(lead.status == 1)
        #expect(lead.lines.contains("Create a new run folder: run_8"), "\(lead.text)")
        #expect(lead.lines.contains("Error: Authorization Error: lead@lead.org does not have the operate right on client site-1"), "\(lead.text)")

        // org_admin of site-1's org: views and operates its own site only, never the server.
        let it = try shell("sys_info client site-1\ncheck_status server\n", as: Self.orgAdmin.email)
        #expect(it.status == 1)
        #expect(it.lines.contains("instance:site-1 :"), "\(it.text)")
        #expect(it.lines.contains("Error: Authorization Error: it@site-1.org does not have the view right on the server"), "\(it.text)")

        // member of site-1's org: views its own site, may not train.
        let member = try shell("check_status client site-1\nstart client site-1\n", as: Self.member.email)
        #expect(member.status == 1)
        #expect(member.lines.contains { $0.hasPrefix("instance:site-1 : client name: site-1 token: ") }, "\(member.text)")
        #expect(member.lines.contains("Error: Authorization Error: member@site-1.org does not have the train right on client site-1"), "\(member.text)")

        let audit = fed.auditLog
        #expect(audit.contains("user=lead@lead.org | peer="))
        #expect(audit.contains("command=shutdown client site-1 | denied: no operate right on client site-1"))
        #expect(audit.contains("command=check_status server | denied: no view right on the server"))
        let deniedViews = audit.split(separator: "\n").filter { $0.contains("user=it@site-1.org") && $0.contains("command=check_status server | denied") }
        #expect(deniedViews.count == 1, "logging in makes no refused lookups in the audit log:\n\(audit)")
        #expect(audit.contains("command=start client site-1 | denied: no train right on client site-1"))
    }

    @Test("keeps ls, cat and friends inside the workspace: no .., no absolute paths, no symlinks out, no keys")
    func sandbox() async throws {
        defer { fed.shutdownByAdmin() }
        symlink("/etc", fed.workspace("server") + "/escape")
        symlink("/etc/hostname", fed.workspace("site-1") + "/escape.txt")
        let o = try shell("""
        cat server ../startup/server.key
        cat server startup/server.key
        ls site-1 /etc
        ls server escape
        cat site-1 escape.txt
        cat server startup/fed_server.json
        """, as: fed.admin)
        #expect(o.status == 1)
        let errors = o.lines.filter { $0.hasPrefix("Error: ") }
        #expect(errors.count == 5, "\(o.text)")
        #expect(errors[0].contains("../startup/server.key: not allowed, paths stay inside the workspace"), "\(errors)")
        #expect(errors[1].contains("startup/server.key is a private key; its content is never shown"), "\(errors)")
        #expect(errors[2].contains("/etc: not allowed, paths stay inside the workspace"), "\(errors)")
        #expect(errors[3].contains("escape: not allowed, it goes through a symbolic link"), "\(errors)")
        #expect(errors[4].contains("escape.txt: not allowed, it goes through a symbolic link"), "\(errors)")
        #expect(!o.text.contains("PRIVATE KEY"))
        #expect(o.lines.contains { $0.contains("admin_port") }, "the workspace's own files are shown:\n\(o.text)")
        let audit = fed.auditLog
        for command in ["cat server ../startup/server.key", "cat server startup/server.key", "ls site-1 /etc", "ls server escape", "cat site-1 escape.txt"] {
            #expect(audit.contains("command=\(command) | error: "), "audit lacks the refused '\(command)'")
        }
    }
}

@Suite("fl-admin without a server")
struct AdminUnreachableTests {
    @Test("says the server cannot be reached and exits 2, and refuses bad options with 64")
    func unreachable() throws {
        let fed = try Federation(label: "adminoff")
        let o = try fed.fl_admin("", ["--user", fed.admin])
        #expect(o.status == 2, "\(o.output)")
        #expect(o.output.contains("Admin Server: localhost on port \(fed.adminPort)"))
        #expect(o.output.contains("Error: cannot reach the FL server ("), "\(o.output)")
        let bad = try fed.fl_admin("", ["--output", "yaml"])
        #expect(bad.status == 64, "\(bad.output)")
        #expect(bad.output.contains("--output must be text or json, not yaml"))
    }
}
