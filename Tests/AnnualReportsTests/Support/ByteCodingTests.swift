@testable import AnnualReports
import ReportSynth
import Testing

/// The byte writers the cache and the pages use: what they write must read back, and numbers
/// must be written as `String(n)` writes them.
@Suite struct ByteCodingTests {
    static let edges: [Int] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 12_345, 99_999_999, 100_000_000, Int(Int32.max), Int(Int32.min), Int.max, Int.min, Int.min + 1]

    @Test func decimalsAreWrittenAsStringWritesThem() {
        var random = SplitMix64(seed: 11)
        let values = Self.edges + Self.edges.filter { $0 != Int.min }.map { -$0 } + (0..<2_000).map { _ in Int.random(in: Int.min...Int.max, using: &random) >> Int.random(in: 0...63, using: &random) }
        var buffer = ByteBuffer(capacity: 8)
        var array: [UInt8] = []
        var expected: [UInt8] = []
        for n in values {
            buffer.appendDecimal(n)
            buffer.append(UInt8(ascii: ","))
            array.appendDecimal(n)
            array.append(UInt8(ascii: ","))
            expected += Array(String(n).utf8) + [UInt8(ascii: ",")]
        }
        #expect(buffer.array == expected)
        #expect(array == expected)
    }

    @Test func fingerprintsReadBackAndAreSixteenBytes() {
        let prints = [Fingerprint(high: 0, low: 0), Fingerprint(high: .max, low: 1), Fingerprint.of(Array("政府信息公开".utf8))]
        var w = ByteWriter()
        for f in prints { w.fingerprint(f) }
        #expect(w.bytes.count == 16 * prints.count)
        let read = w.bytes.withUnsafeBytes { raw -> (prints: [Fingerprint?], atEnd: Bool, past: Fingerprint?) in
            var r = ByteReader(raw)
            let read = prints.map { _ in try? r.fingerprint() }
            return (read, r.isAtEnd, try? r.fingerprint())
        }
        #expect(read.prints == prints && read.atEnd && read.past == nil)
        // A cut fingerprint is an error, not a value.
        let cut = Array(w.bytes.prefix(15)).withUnsafeBytes { raw in
            var r = ByteReader(raw)
            return try? r.fingerprint()
        }
        #expect(cut == nil)
    }
}
