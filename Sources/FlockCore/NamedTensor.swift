/// One named float32 tensor of a model: the unit in which weights move between the training
/// engine, the FL client, the server's aggregator and the saved global model (safetensors).
///
/// Names are stable across runs and sites (e.g. `enc0.conv1.weight`), so the server can average
/// tensors by name. `values.count` always equals the product of `shape`.
public struct NamedTensor: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count,
                     "tensor \(name): shape \(shape) does not hold \(values.count) values")
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// The number of elements, the product of `shape` (1 for a scalar).
    public var count: Int { values.count }
}
