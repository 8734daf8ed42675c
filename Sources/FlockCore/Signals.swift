import Foundation

/// Waiting for POSIX signals from async code (SIGTERM from stop_fl.sh, Ctrl-C).
public enum Signals {
    /// Suspends until one of `signals` arrives (the default action is replaced by this wait).
    public static func wait(for signals: [Int32]) async {
        let holder = SourceHolder()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                holder.install(signals, c)
            }
        } onCancel: {
            holder.fire()
        }
    }

    private final class SourceHolder: @unchecked Sendable {
        private let lock = NSLock()
        private var sources: [DispatchSourceSignal] = []
        private var continuation: CheckedContinuation<Void, Never>?
        private var fired = false

        func install(_ signals: [Int32], _ c: CheckedContinuation<Void, Never>) {
            lock.lock()
            if fired { lock.unlock(); c.resume(); return }
            continuation = c
            for s in signals {
                signal(s, SIG_IGN)
                let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
                src.setEventHandler { [weak self] in self?.fire() }
                src.resume()
                sources.append(src)
            }
            lock.unlock()
        }

        func fire() {
            lock.lock()
            fired = true
            let c = continuation
            continuation = nil
            for s in sources { s.cancel() }
            sources = []
            lock.unlock()
            c?.resume()
        }
    }
}
