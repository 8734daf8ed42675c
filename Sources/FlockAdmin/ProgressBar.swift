import Foundation

/// `Uploading [#########.....................]  30%  8.0 of 26.7 MiB` for upload_folder, redrawn
/// in place (`\r`) on a terminal; only for folders of 1 MiB or more, and only when the percentage
/// changes.
public final class ProgressBar: @unchecked Sendable {
    public static let minimumBytes: UInt64 = 1 << 20
    public let width: Int
    private var lastPercent = -1

    public init(width: Int = 30) { self.width = width }

    /// The text to write for `sent` of `total` bytes, or nil when nothing changed.
    public func update(_ sent: UInt64, _ total: UInt64) -> String? {
        guard total >= Self.minimumBytes else { return nil }
        let percent = Int(min(100, sent * 100 / max(total, 1)))
        guard percent != lastPercent else { return nil }
        lastPercent = percent
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let text = "\rUploading [\(bar)] " + String(format: "%3d%%  %.1f of %.1f MiB", percent,
                                                            Double(sent) / 1_048_576, Double(total) / 1_048_576)
        return text + (percent == 100 ? "\n" : "")
    }
}
