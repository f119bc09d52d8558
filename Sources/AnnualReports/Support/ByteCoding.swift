/// A compact, deterministic binary form for values the build cache keeps between builds.
/// Integers are little-endian varints (zig-zag for signed values); strings are a length and UTF-8
/// bytes; optionals a 0/1 tag. Dictionaries are written in key order, so that the same value always
/// gives the same bytes (the cache fingerprints them).
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func int(_ value: Int) {
        unsigned(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func raw(_ value: [UInt8]) {
        unsigned(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        if let value {
            bytes.append(1)
            write(&self, value)
        } else {
            bytes.append(0)
        }
    }

    public mutating func string(_ value: String?) { optional(value) { $0.string($1) } }
    public mutating func int(_ value: Int?) { optional(value) { $0.int($1) } }

    public mutating func array<T>(_ values: [T], _ write: (inout ByteWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// Reads what `ByteWriter` wrote. Malformed input (a damaged cache file) throws; it never traps.
public struct ByteReader {
    public struct Malformed: Error, Sendable {
        public init() {}
    }

    private let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int

    /// Reads from memory that must stay valid while the reader is used.
    public init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func unsigned() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Malformed() }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func int() throws -> Int {
        let u = try unsigned()
        return Int(Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
    }

    public mutating func count() throws -> Int {
        let n = try unsigned()
        guard n <= UInt64(bytes.count - offset) else { throw Malformed() }
        return Int(n)
    }

    public mutating func bool() throws -> Bool {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        switch bytes[offset] {
        case 0: return false
        case 1: return true
        default: throw Malformed()
        }
    }

    public mutating func string() throws -> String {
        let n = try count()
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), as: UTF8.self)
    }

    public mutating func raw() throws -> [UInt8] {
        let n = try count()
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    public mutating func optional<T>(_ read: (inout ByteReader) throws -> T) throws -> T? {
        try bool() ? read(&self) : nil
    }

    public mutating func optionalString() throws -> String? { try optional { try $0.string() } }
    public mutating func optionalInt() throws -> Int? { try optional { try $0.int() } }

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
