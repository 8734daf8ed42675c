/// The training state of the server or a client, with the Clara 3.1 wording.
public enum TrainingState: String, Sendable, Equatable, CaseIterable {
    case notStarted = "training not started"
    case starting = "training starting"
    case started = "training started"
    case stopping = "training stopping"
    case stopped = "training stopped"
    case finished = "training finished"
    case crossValidating = "cross site validation"
}
