import Dispatch

/// One piece of work on a thread of its own, beside what `Parallel.map` spreads over the cores:
/// `Background { … }` starts it, `wait()` returns its result (at once, if already asked for).
final class Background<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private var waited = false
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> T) {
        DispatchQueue.global().async { [self] in
            result = body()
            done.signal()
        }
    }

    /// Only the thread that made it waits for it.
    func wait() -> T {
        if !waited {
            done.wait()
            waited = true
        }
        return result!
    }
}
