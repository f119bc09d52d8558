/// A growable run of bytes for writers that append many small pieces (a report's JSON is some
/// 600 strings and 500 indents): an append is a capacity test and a copy, without the uniqueness
/// test and generic path of `Array.append(contentsOf:)`.
///
/// Not copyable: the buffer is owned by one writer and freed when it ends.
public struct ByteBuffer: ~Copyable {
    // (Visible to the other modules' inlined code: the site's writers append to it byte by byte.)
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var written = 0
    /// The bytes appended so far.
    @inlinable public var count: Int { written }
    @usableFromInline var capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for `n` more bytes, and where they go.
    @inlinable @inline(__always)
    public mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if count + n > capacity { grow(to: count + n) }
        return base + count
    }

    @usableFromInline mutating func grow(to needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    /// Empties the buffer, keeping its room.
    public mutating func removeAll() { written = 0 }

    /// Counts `n` bytes written at `reserve`'s pointer as appended.
    @inlinable @inline(__always)
    public mutating func commit(_ n: Int) { written += n }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        written += 1
    }

    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count).update(from: source, count: bytes.count)
        written += bytes.count
    }

    @inlinable
    public mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable
    public mutating func appendDecimal(_ n: Int) {
        // One digit, the most common figure in a table, without the digit buffer; the others a
        // byte at a time into the buffer's room (a copy of a few bytes costs more).
        if n >= 0 && n < 10 {
            append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: n))
            return
        }
        withDecimalDigits(n) { digits in
            let to = reserve(digits.count)
            for (i, digit) in digits.enumerated() { to[i] = digit }
            written += digits.count
        }
    }

    /// The bytes, as an array.
    public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes as a string (invalid UTF-8 repaired).
    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}

/// Calls `body` with the decimal digits of `n` (and its sign), without making a string.
@inlinable @inline(__always)
public func withDecimalDigits<R>(_ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var magnitude = n.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits and a sign
    return Swift.withUnsafeMutableBytes(of: &digits) { raw in
        let buffer = raw.bindMemory(to: UInt8.self)
        var i = buffer.count
        repeat {
            i -= 1
            buffer[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if n < 0 {
            i -= 1
            buffer[i] = UInt8(ascii: "-")
        }
        return body(UnsafeBufferPointer(rebasing: buffer[i...]))
    }
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of `n`, without making a string.
    @inlinable
    public mutating func appendDecimal(_ n: Int) {
        // One digit, the most common figure in a table, without the digit buffer; the others a
        // byte at a time (appending a few bytes as a buffer costs more than appending each).
        if n >= 0 && n < 10 {
            append(UInt8(ascii: "0") + UInt8(n))
            return
        }
        withDecimalDigits(n) { for digit in $0 { append(digit) } }
    }
}
