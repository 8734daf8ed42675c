// Fuzz target: the datalist JSON a site's training reads (`{"training": [{"image", "label"}],
// "validation": [...]}`), parsed by FlockTrain before the C engine loads the NIfTI files it names.
import FlockCore
@_spi(Fuzzing) import FlockTrain
import Foundation
import FuzzSupport

fuzzMain { bytes in
    for section in ["training", "validation"] {
        do {
            let pairs = try DatalistFuzzing.pairs(Data(bytes), dataRoot: "/data", section: section)
            for pair in pairs { precondition(!pair.image.isEmpty && !pair.label.isEmpty, "an empty path was accepted") }
        } catch is FlockError {
        } catch {
            fatalError("datalist threw a non-FlockError: \(error)")
        }
    }
}
