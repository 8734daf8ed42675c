import Foundation
import FlockCore

/// The commented example project.yml that `fl-provision init` writes.
public enum ProjectTemplate {
    public static let example = """
    # Flock project description, read by `fl-provision` (Clara Train 3.1 project.yml schema).
    # Edit it, then run:  fl-provision -p project.yml -o OUTDIR
    # Every participant gets OUTDIR/packages/<name>.zip and a password printed on the console.
    # Reference: docs/provisioning.md

    # Project name: letters, digits, '.', '_' or '-'. It names the root CA and goes into every config.
    name: project1

    # Optional. Key type of the root CA and every certificate: ec-p256 (default) or rsa-2048.
    # key_algorithm: ec-p256
    # Optional. How long certificates stay valid, in days.
    # root_ca_validity_days: 3650
    # certificate_validity_days: 365

    server:
      # Organization of the server; goes into its certificate.
      org: nvidia
      # The host name clients and admins dial. It must resolve to the server on every site
      # (add an /etc/hosts entry where there is no DNS). Not an IP address: certificates name
      # hosts. localhost works for a trial on one machine.
      cn: localhost
      # Port of the federated-learning service; clients must be able to reach it.
      fed_learn_port: 8002
      # Port of the admin service; admins must be able to reach it. Must differ from fed_learn_port.
      admin_port: 8003
      # Folder on the server (beside startup/) holding apps uploaded by admins.
      admin_storage: transfer
      # Training starts when this many clients have joined; at most max_num_clients may join.
      min_num_clients: 1
      max_num_clients: 100
      # Optional. Seconds without a heartbeat before the server drops a client.
      # heart_beat_timeout: 600
      # Optional limits (defaults shown); a call over a limit is refused with RESOURCE_EXHAUSTED
      # naming the key to raise. See docs/config-reference.md.
      # max_message_length: 8388608        # bytes in one gRPC message
      # max_concurrent_streams: 100        # calls open at once on one connection
      # max_upload_bytes: 1073741824       # size of an app uploaded with upload_folder
      # max_requests_per_second: 100       # calls per second per client or admin (0: no limit)
      # max_request_burst: 500             # calls at once above that rate
      # aggregation_memory_mb: 512         # models up to this size are averaged in memory (one
      #                                    # float32 copy); larger ones in a scratch file (0: always)

    # One entry per site. client_name must be unique and a safe file name (letters, digits,
    # '.', '_', '-'): it names the package, the certificate and the client's folders.
    # email is optional: the console shows where to send the package's password.
    fl_clients:
      - org: hospital-a
        client_name: flclient1
        email: optional.email@flclient.org
      - org: hospital-b
        client_name: flclient2

    # One entry per administrator. email is the admin's login name and must be unique.
    # roles is optional (default project_admin); one or more of:
    #   project_admin  everything, everywhere
    #   lead           upload, deploy, train and view everywhere; no shutdown/restart
    #   org_admin      view and operate (restart, shutdown) the clients of their own org
    #   member         view the clients of their own org
    admin_clients:
      - org: nvidia
        email: email@hello.world.com
        roles: [project_admin]
      - org: hospital-a
        email: email@foo.bar.com
        roles: [org_admin]

    """

    /// Writes the example to `path`; refuses to overwrite an existing file unless `force`.
    public static func write(to path: String, force: Bool) throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            throw FlockError(.alreadyExists, "'\(path)' already exists; edit it, write the example elsewhere (fl-provision init -o other.yml), or overwrite it with --force")
        }
        do {
            try example.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw FlockError(.io, "cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}
