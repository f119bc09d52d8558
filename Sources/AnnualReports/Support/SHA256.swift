import CSHA256

/// SHA-256 (FIPS 180-4), so that the reader can fingerprint a source without a crypto library.
public enum SHA256 {
    /// The round constants, shared with the C rounds.
    private static let k: [UInt32] = withUnsafeBytes(of: gongkai_sha256_k) { Array($0.bindMemory(to: UInt32.self)) }

    /// Whether the processor's SHA instructions do the rounds (`CSHA256`); the Swift rounds below
    /// otherwise. The two give the same digests (a test compares them). Under valgrind, whose
    /// virtual processor has no SHA instructions, the Swift rounds run: callgrind overstates them.
    static let hardware = gongkai_sha256_available() != 0

    public static func hex(_ bytes: [UInt8]) -> String { hex(bytes, hardware: hardware) }

    static func hex(_ bytes: [UInt8], hardware: Bool) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        // The whole 64-byte blocks are read in place; the last one or two, with the padding and the
        // length, from a small buffer.
        let whole = bytes.count / 64 * 64
        var tail = [UInt8](bytes[whole...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bitLength = UInt64(bytes.count) * 8
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        h.withUnsafeMutableBufferPointer { h in
            if hardware {
                bytes.withUnsafeBufferPointer { p in if whole > 0 { gongkai_sha256_blocks(h.baseAddress!, p.baseAddress!, whole / 64) } }
                tail.withUnsafeBufferPointer { p in gongkai_sha256_blocks(h.baseAddress!, p.baseAddress!, p.count / 64) }
                return
            }
            var w = [UInt32](repeating: 0, count: 64)
            k.withUnsafeBufferPointer { k in
                w.withUnsafeMutableBufferPointer { w in
                    bytes.withUnsafeBufferPointer { p in
                        for chunk in stride(from: 0, to: whole, by: 64) { block(p.baseAddress! + chunk, h, w, k) }
                    }
                    tail.withUnsafeBufferPointer { p in
                        for chunk in stride(from: 0, to: p.count, by: 64) { block(p.baseAddress! + chunk, h, w, k) }
                    }
                }
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 64) { out in
            var o = 0
            for word in h {
                for shift in stride(from: 28, through: 0, by: -4) {
                    out[o] = digits[Int((word >> UInt32(shift)) & 0xF)]
                    o += 1
                }
            }
            return o
        }
    }

    @inline(__always)
    private static func block(_ m: UnsafePointer<UInt8>, _ h: UnsafeMutableBufferPointer<UInt32>,
                              _ w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>) {
        for i in 0..<16 {
            let j = i * 4
            w[i] = UInt32(m[j]) << 24 | UInt32(m[j + 1]) << 16 | UInt32(m[j + 2]) << 8 | UInt32(m[j + 3])
        }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] &>> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] &>> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        for i in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
        h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
    }

    /// Masking shifts: one rotate instruction, not Swift's checks for shifting by 32 or more.
    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
}
