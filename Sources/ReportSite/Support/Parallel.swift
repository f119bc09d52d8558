import Dispatch

/// Work spread over every core: `map(count) { i in … }` runs the body for each index on
/// Dispatch's pool and returns the results in index order, so that the output does not depend on
/// which core finished first.
enum Parallel {
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        // Each index is written by exactly one iteration, and read only after all have finished.
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: count) { i in slots[i] = body(i) }
        return results.map { $0! }
    }
}

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
