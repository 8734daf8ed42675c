import FlockCore
import Testing

@Suite("authorization.json rights")
struct AuthorizationConfigTests {
    let config = AuthorizationConfig(admins: ["boss@lead.org": .init(org: "lead", roles: [.projectAdmin]),
                                              "it@a.org": .init(org: "org-a", roles: [.orgAdmin])],
                                     clients: ["site-a": .init(org: "org-a"), "site-b": .init(org: "org-b")])

    @Test("lets an admin whose scope is all act on a client the file does not list")
    func allCoversUnlistedClients() {
        #expect(config.allows("boss@lead.org", .view, onClient: "joined-later"))
        #expect(!config.allows("it@a.org", .view, onClient: "joined-later"))
    }

    @Test("limits own_org to the admin's own clients and never the server")
    func ownOrg() {
        #expect(config.allows("it@a.org", .operate, onClient: "site-a"))
        #expect(!config.allows("it@a.org", .operate, onClient: "site-b"))
        #expect(!config.allows("it@a.org", .view))
        #expect(!config.allows("nobody@x.org", .view))
    }
}
