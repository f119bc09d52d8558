import Dispatch

/// Work spread over every core: `map(count) { i in … }` runs the body for each index on
/// Dispatch's pool and returns the results in index order, so that the output does not depend on
/// which core finished first.
public enum Parallel {
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        // The results are made in place, in the array returned: not first as optionals and then
        // copied (which touched twice the memory, and retained and released every result).
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each index is initialized by exactly one iteration; all have finished when
            // `concurrentPerform` returns, and the body cannot throw.
            nonisolated(unsafe) let slots = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: count) { i in (slots + i).initialize(to: body(i)) }
            initialized = count
        }
    }
}
