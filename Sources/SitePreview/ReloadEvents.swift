import FlyingSocks
import Foundation
import Synchronization

/// The open pages' event streams (Server-Sent Events): each gets every event sent after it
/// connected, until it disconnects.
public final class ReloadEvents: Sendable {
    /// The open streams by number, and the number the next one gets.
    private let state = Mutex<(streams: [UInt64: AsyncStream<[UInt8]>.Continuation], next: UInt64)>(([:], 0))

    public init() {}

    /// A new listener's stream of event bytes; it ends when the listener goes.
    func subscribe() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(16))
        // A comment first, so that the client sees the stream open at once.
        continuation.yield(Array(": gongkai serve\n\n".utf8))
        let id = state.withLock { state in
            state.next += 1
            state.streams[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends one event to every listener: `event` names it, `data` is its text (one line each).
    public func send(_ event: String, data: String) {
        var message = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { message += "data: \(line)\n" }
        message += "\n"
        let bytes = Array(message.utf8)
        broadcast(bytes)
    }

    /// A comment to every listener, so that a connection the client has dropped is found out
    /// (the write fails) and its stream ended.
    public func ping() {
        broadcast(Array(": ping\n\n".utf8))
    }

    private func broadcast(_ bytes: [UInt8]) {
        for continuation in state.withLock({ Array($0.streams.values) }) { continuation.yield(bytes) }
    }
}

/// An event stream as the bytes of a response body, for `HTTPBodySequence(from:)`, which sends it
/// chunked, as it comes.
struct EventBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: [UInt8] = []
        var offset = 0

        mutating func next() async -> UInt8? {
            guard let buffer = await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async -> ArraySlice<UInt8>? {
            while offset >= pending.count {
                guard let next = await base.next() else { return nil }
                pending = next
                offset = 0
            }
            let end = Swift.min(pending.count, offset + Swift.max(1, count))
            defer { offset = end }
            return pending[offset..<end]
        }
    }
}
