/// A compact, deterministic binary form for values the build cache keeps between builds.
/// Integers are little-endian varints (zig-zag for signed values); strings are a length and UTF-8
/// bytes; optionals a 0/1 tag. Dictionaries are written in key order, so that the same value always
/// gives the same bytes (the cache fingerprints them).
///
/// The writer and reader are inlinable: the cache's readers and writers in other modules then get
/// them specialised for their types (a generic `array` called across modules cost some 3,500
/// instructions for seven numbers).
@frozen
public struct ByteWriter {
    @usableFromInline var storage: [UInt8] = []
    /// What has been written.
    @inlinable public var bytes: [UInt8] { storage }

    @inlinable
    public init(capacity: Int = 4096) {
        storage.reserveCapacity(capacity)
    }

    @inlinable
    public mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        storage.append(UInt8(v))
    }

    @inlinable
    public mutating func int(_ value: Int) {
        unsigned(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
    }

    @inlinable
    public mutating func bool(_ value: Bool) { storage.append(value ? 1 : 0) }

    @inlinable
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            storage.append(contentsOf: utf8)
        }
    }

    @inlinable
    public mutating func raw(_ value: [UInt8]) {
        unsigned(UInt64(value.count))
        storage.append(contentsOf: value)
    }

    @inlinable
    public mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        if let value {
            storage.append(1)
            write(&self, value)
        } else {
            storage.append(0)
        }
    }

    @inlinable
    public mutating func string(_ value: String?) { optional(value) { $0.string($1) } }
    @inlinable
    public mutating func int(_ value: Int?) { optional(value) { $0.int($1) } }

    /// A fingerprint as its 16 bytes, little-endian: hashed bits as varints would take some 19
    /// bytes and a loop a byte.
    @inlinable
    public mutating func fingerprint(_ f: Fingerprint) {
        withUnsafeBytes(of: f.high.littleEndian) { storage.append(contentsOf: $0) }
        withUnsafeBytes(of: f.low.littleEndian) { storage.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func array<T>(_ values: [T], _ write: (inout ByteWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// Reads what `ByteWriter` wrote. Malformed input (a damaged cache file) throws; it never traps.
@frozen
public struct ByteReader {
    public struct Malformed: Error, Sendable {
        @inlinable public init() {}
    }

    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var position: Int
    /// Where the next value starts.
    @inlinable public var offset: Int { position }

    /// Reads from memory that must stay valid while the reader is used.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.position = offset
    }

    @inlinable
    public var isAtEnd: Bool { position >= bytes.count }

    @inlinable
    public mutating func unsigned() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count, shift < 64 else { throw Malformed() }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    @inlinable
    public mutating func int() throws -> Int {
        let u = try unsigned()
        return Int(Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
    }

    @inlinable
    public mutating func count() throws -> Int {
        let n = try unsigned()
        guard n <= UInt64(bytes.count - position) else { throw Malformed() }
        return Int(n)
    }

    @inlinable
    public mutating func bool() throws -> Bool {
        guard position < bytes.count else { throw Malformed() }
        defer { position += 1 }
        switch bytes[position] {
        case 0: return false
        case 1: return true
        default: throw Malformed()
        }
    }

    @inlinable
    public mutating func string() throws -> String {
        let n = try count()
        defer { position += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<position + n]), as: UTF8.self)
    }

    @inlinable
    public mutating func raw() throws -> [UInt8] {
        let n = try count()
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    @inlinable
    public mutating func optional<T>(_ read: (inout ByteReader) throws -> T) throws -> T? {
        try bool() ? read(&self) : nil
    }

    @inlinable
    public mutating func optionalString() throws -> String? { try optional { try $0.string() } }
    @inlinable
    public mutating func optionalInt() throws -> Int? { try optional { try $0.int() } }

    @inlinable
    public mutating func fingerprint() throws -> Fingerprint {
        guard bytes.count - position >= 16 else { throw Malformed() }
        defer { position += 16 }
        return Fingerprint(
            high: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)),
            low: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position + 8, as: UInt64.self)))
    }

    @inlinable
    public mutating func array<T>(_ read: (inout ByteReader) throws -> T) throws -> [T] {
        let n = try count()
        var values: [T] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try read(&self)) }
        return values
    }
}

/// A 128-bit fingerprint of bytes, for telling whether a page's inputs changed since the last
/// build. Not cryptographic; fast (8 bytes a step), and the same on every machine and run.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public var description: String {
        String(high, radix: 16) + ":" + String(low, radix: 16)
    }

    /// Accumulates bytes and values; `value` is the fingerprint of everything combined so far.
    public struct Hasher: Sendable {
        private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
        private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        private var length: UInt64 = 0

        public init() {}

        private static func mix(_ x: UInt64) -> UInt64 {
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        private mutating func word(_ w: UInt64) {
            a = Self.mix(a ^ w) &+ b
            b = Self.mix(b &+ w &* 0xFF51_AFD7_ED55_8CCD) ^ (a >> 17)
        }

        /// xxHash64's round: a word multiplied in and rotated.
        @inline(__always)
        private static func round(_ lane: UInt64, _ w: UInt64) -> UInt64 {
            let x = lane &+ w &* 0xC2B2_AE3D_27D4_EB4F
            return ((x << 31) | (x >> 33)) &* 0x9E37_79B1_85EB_CA87
        }

        public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
            var i = 0
            let n = bytes.count
            if n >= 32 {
                // Long runs (pages, reports) in four lanes that do not wait for one another, each
                // folded in at the end; `word` alone makes every word wait for the one before.
                var v1 = a &+ 0x60EA_27EE_ADC0_B5D6, v2 = b, v3 = a ^ b, v4 = b &- 0x9E37_79B1_85EB_CA87
                while i + 32 <= n {
                    v1 = Self.round(v1, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
                    v2 = Self.round(v2, bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self).littleEndian)
                    v3 = Self.round(v3, bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self).littleEndian)
                    v4 = Self.round(v4, bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self).littleEndian)
                    i += 32
                }
                word(v1)
                word(v2)
                word(v3)
                word(v4)
            }
            while i + 8 <= n {
                word(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            word(tail ^ (UInt64(n & 7) << 56))
            length &+= UInt64(n)
            word(length)
        }

        public mutating func combine(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { combine($0) }
        }

        public mutating func combine(_ string: String) {
            var string = string
            string.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        }

        public mutating func combine(_ value: Int) { word(UInt64(bitPattern: Int64(value))); word(0x5BD1_E995) }

        public mutating func combine(_ fingerprint: Fingerprint) {
            word(fingerprint.high)
            word(fingerprint.low)
        }

        public var value: Fingerprint {
            Fingerprint(high: Self.mix(a ^ length), low: Self.mix(b &+ a))
        }
    }

    public static func of(_ bytes: [UInt8]) -> Fingerprint {
        var h = Hasher()
        h.combine(bytes)
        return h.value
    }
}
