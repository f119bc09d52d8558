import Dispatch

/// Work spread over every core: `map(count) { i in … }` runs the body for each index on
/// Dispatch's pool and returns the results in index order, so that the output does not depend on
/// which core finished first.
public enum Parallel {
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
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
