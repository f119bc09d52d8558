import FlyingSocks
import Foundation
import Synchronization

/// The open pages' event streams (Server-Sent Events): each gets every event sent after it
/// connected, until it disconnects.
public final class ReloadEvents: Sendable {
    private let streams = Mutex<[UInt64: AsyncStream<[UInt8]>.Continuation]>([:])
    private let nextID = Mutex<UInt64>(0)

    public init() {}

    /// How many pages are listening.
    public var listeners: Int { streams.withLock { $0.count } }

    /// A new listener's stream of event bytes; it ends when the listener goes.
    func subscribe() -> AsyncStream<[UInt8]> {
        let id = nextID.withLock { id in
            id += 1
            return id
        }
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            _ = self?.streams.withLock { $0.removeValue(forKey: id) }
        }
        // A comment first, so that the client sees the stream open at once.
        continuation.yield(Array(": gongkai serve\n\n".utf8))
        streams.withLock { $0[id] = continuation }
        return stream
    }

    /// Sends one event to every listener: `event` names it, `data` is its text (one line each).
    public func send(_ event: String, data: String) {
        var message = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { message += "data: \(line)\n" }
        message += "\n"
        let bytes = Array(message.utf8)
        for continuation in streams.withLock({ Array($0.values) }) { continuation.yield(bytes) }
    }

    /// A comment to every listener, so that a connection the client has dropped is found out
    /// (the write fails) and its stream ended.
    public func ping() {
        let bytes = Array(": ping\n\n".utf8)
        for continuation in streams.withLock({ Array($0.values) }) { continuation.yield(bytes) }
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
