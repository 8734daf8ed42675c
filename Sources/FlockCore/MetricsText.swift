import Foundation

extension Dictionary where Key == String, Value == Double {
    /// The metrics as log text, sorted by name: "loss 0.1234, mean_dice 0.8765".
    public var metricsText: String {
        sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
    }
}
