// Fuzz target: reading a safetensors file (SafeTensorsFile: the 8-byte header length, the JSON
// header, offsets and shapes), as the server reads submitted/global models and clients read
// the models they get. Any file must open or fail with a FlockError; reading every F32 tensor of
// an opened file must stay inside the file.
import FlockCore
import Foundation
import FuzzSupport

fuzzMain { bytes in
    let path = scratchFile("model.safetensors", bytes)
    do {
        let file = try SafeTensorsFile(path: path)
        precondition(file.dataStart + file.dataSize == UInt64(bytes.count), "the data section does not end at the end of the file")
        for entry in file.entries where entry.dtype == "F32" {
            let tensor = try file.tensor(entry)
            precondition(tensor.values.count * 4 == Int(entry.byteCount), "tensor \(entry.name) read the wrong size")
        }
    } catch is FlockError {
    } catch {
        fatalError("safetensors threw a non-FlockError: \(error)")
    }
}
