import CFlockTrain
import FlockCore

/// Turns an engine return code into a thrown error carrying the engine's detail message.
/// `FL_TRAIN_E_ABORTED` becomes `CancellationError`, the Swift way to say a task was cancelled.
func check(_ rc: Int32, _ context: @autoclosure () -> String) throws {
    guard rc != 0 else { return }
    if Int(rc) == Int(FL_TRAIN_E_ABORTED) { throw CancellationError() }
    let detail = String(cString: fl_train_last_error())
    let name = String(cString: fl_train_strerror(rc))
    let code: FlockError.Code
    switch Int(rc) {
    case Int(FL_TRAIN_E_INVALID), Int(FL_TRAIN_E_FORMAT), Int(FL_TRAIN_E_SHAPE): code = .invalidArgument
    case Int(FL_TRAIN_E_IO): code = .io
    case Int(FL_TRAIN_E_NOT_FOUND): code = .notFound
    case Int(FL_TRAIN_E_BACKEND): code = .unavailable
    case Int(FL_TRAIN_E_NUMERIC): code = .failedPrecondition
    default: code = .internal
    }
    let what = context()
    throw FlockError(code, "\(what.isEmpty ? "" : what + ": ")\(detail.isEmpty ? name : detail) (\(name))")
}
