import FlockCore
import Foundation
import Testing

/// Growing a project: an admin added after the server kit was made logs in with the roles in its
/// certificate, and a client added later belongs to the org in its certificate (the server kit's
/// authorization.json lists neither).
@Suite("Growing a running project", .serialized)
struct GrowingProjectTests {
    @Test("an admin added later logs in with the roles its certificate carries, and is held to them")
    func lateAdmin() async throws {
        let fed = try Federation(label: "grow")
        defer { fed.shutdownAll() }
        try fed.start("server")
        for c in fed.clients { try fed.start(c) }
        try await fed.login()
        try await fed.waitForClients()

        // Lead IT adds two admins to project.yml and runs fl-provision again: only newcomers get kits.
        let yaml = try String(contentsOfFile: fed.root + "/project.yml", encoding: .utf8) + """

          - org: lead
            email: late-lead@lead.org
            roles: [lead]
          - org: org-site-1
            email: late-org@site1.org
            roles: [org_admin]
        """
        // ... and a third site of org-site-1.
        let grownYAML = yaml.replacingOccurrences(of: "admin_clients:", with: "  - org: org-site-1\n    client_name: site-3\nadmin_clients:")
        try grownYAML.write(toFile: fed.root + "/project.yml", atomically: true, encoding: .utf8)
        let grown = try Federation.run(Federation.binaries + "/fl-provision", ["-p", fed.root + "/project.yml", "-o", fed.root])
        #expect(grown.status == 0, "\(grown.output)")
        for email in ["late-lead@lead.org", "late-org@site1.org", "site-3"] {
            let line = try #require(grown.output.split(separator: "\n").first { $0.contains("for \(email).zip") })
            let password = String(line.split(separator: " ")[2])
            let r = try Federation.run(Federation.binaries + "/fl-provision",
                                       ["unpack", "\(fed.root)/packages/\(email).zip", "-d", fed.workspace(email), "-P", password])
            #expect(r.status == 0, "\(r.output)")
        }

        // The lead may look at everything and start training, but not shut the server down.
        let lead = try fed.fl_admin("check_status client\nshutdown server\n", as: "late-lead@lead.org", ["--user", "late-lead@lead.org", "--yes"])
        #expect(lead.output.contains("Logged in as late-lead@lead.org (role: lead"), "\(lead.output)")
        #expect(lead.output.contains("instance:site-1 : client name: site-1"))
        #expect(lead.output.contains("Error: Authorization Error: late-lead@lead.org does not have the operate right on the server"))
        #expect(fed.pid("server") != nil, "the server must still run")

        // The org admin of site-1 sees its own site only.
        let org = try fed.fl_admin("sys_info client site-1\nsys_info client site-2\n", as: "late-org@site1.org", ["--user", "late-org@site1.org"])
        #expect(org.output.contains("Logged in as late-org@site1.org (role: org_admin"), "\(org.output)")
        #expect(org.output.contains("host name: "))
        #expect(org.output.contains("Error: Authorization Error: late-org@site1.org does not have the view right on client site-2"))

        // The new site of org-site-1 is that org admin's too, although authorization.json does
        // not list it: its certificate says org-site-1.
        try fed.start("site-3")
        defer { fed.stop("site-3") }
        try await fed.waitForClients(["site-3"])
        let late = try fed.fl_admin("sys_info client site-3\n", as: "late-org@site1.org", ["--user", "late-org@site1.org"])
        #expect(!late.output.contains("Authorization Error"), "\(late.output)")
        #expect(late.output.contains("host name: "), "\(late.output)")
    }
}
