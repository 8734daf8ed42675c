import Foundation

/// `startup/local_settings.json`: the one kit file a site is expected to edit, so it is kept
/// outside the kit signature (see `KitSignature` in FlockTLS).
///
///     { "data_root": "/data/spleen" }
///
/// - `data_root`: the folder holding this site's training data; apps resolve their data lists
///   against it. Empty means: use the app's own setting.
///
/// The file is optional; a missing file means all defaults. Unknown keys are ignored, so sites can
/// keep notes in it.
public struct LocalSettings: Codable, Sendable, Equatable {
    public static let fileName = "local_settings.json"

    public var dataRoot: String

    public init(dataRoot: String = "") { self.dataRoot = dataRoot }

    enum CodingKeys: String, CodingKey { case dataRoot = "data_root" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dataRoot = try c.decodeIfPresent(String.self, forKey: .dataRoot) ?? ""
    }

    /// Reads `startupDirectory/local_settings.json`; a missing file gives the defaults.
    public static func load(startupDirectory: String) throws -> LocalSettings {
        let path = (startupDirectory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return LocalSettings() }
        return try JSONConfigFile.load(LocalSettings.self, path: path, what: fileName)
    }

    public func write(to path: String) throws {
        try JSONConfigFile.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
