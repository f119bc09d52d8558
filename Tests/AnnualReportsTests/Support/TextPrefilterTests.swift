@testable import AnnualReports
import Testing

/// The byte tests that let the reader skip work must never skip a line the full test accepts.
@Suite struct TextPrefilterTests {
    @Test func mayHoldIsNeverFalseWhereCompactTextHoldsTheCharacter() throws {
        #expect(TextNormalization.mayHold("统", afterCompacting: "本年度数据统 计期限"))
        #expect(!TextNormalization.mayHold("统", afterCompacting: "本年度报告 2023 年"))
        // A compatibility ideograph compares equal to its unified ideograph: never ruled out.
        #expect(TextNormalization.mayHold("统", afterCompacting: "\u{2F8EF}"))
        // Other characters are not tested.
        #expect(TextNormalization.mayHold("a", afterCompacting: ""))
        #expect(TextNormalization.mayHold("\u{F900}", afterCompacting: ""))
        // Every character of every line of the seeds and some corpus reports: where the compact
        // line holds it, mayHold says so; and it rules out most lines for a character they lack.
        var ruledOut = 0, tested = 0
        for text in try PropertyTests.seedTexts() {
            for line in text.split(separator: "\n").prefix(400) {
                let compact = TextNormalization.compact(line)
                for scalar in compact.unicodeScalars.prefix(40) {
                    #expect(TextNormalization.mayHold(scalar, afterCompacting: line), "\(scalar) in \(line)")
                }
                tested += 1
                if !TextNormalization.mayHold("统", afterCompacting: line) {
                    #expect(!compact.contains("统"))
                    ruledOut += 1
                }
            }
        }
        #expect(tested > 500 && ruledOut * 10 > tested * 8, "\(ruledOut) of \(tested)")
    }

    /// The eight-bytes-at-a-time scans give what a byte at a time gives: a compatibility
    /// ideograph at every position of texts of every length
    /// around a word, next to the bytes that start both ranges (full-width forms, emoji), and
    /// the scalar count.
    @Test func wordScansAgreeWithByteScans() {
        let pieces = ["统", "a", "（", "，", "😀", "\u{F900}", "\u{FA71}", "\u{2F8EF}", "\u{2FA1F}", "\u{2FA20}", "\u{FB00}", "\u{E000}", " "]
        var texts: [String] = [""]
        for length in 1...11 {
            for start in pieces.indices {
                texts.append((0..<length).map { pieces[(start + $0 * 5) % pieces.count] }.joined())
                texts.append(String(repeating: "x", count: length) + pieces[start])
            }
        }
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            #expect(text.scalarCount == scalars.count, "\(text)")
            // The byte rule (EF A4–AB, or F0 AF A0–A8: all of the ideographs, and U+2FA20–U+2FA3F,
            // which are unassigned, as well), a byte at a time.
            let b = Array(text.utf8)
            let expected = b.count >= 3 && (0..<(b.count - 2)).contains { i in
                (b[i] == 0xEF && (0xA4...0xAB).contains(b[i + 1])) || (b[i] == 0xF0 && b[i + 1] == 0xAF && (0xA0...0xA8).contains(b[i + 2]))
            }
            #expect(UTF8Text.hasCompatibilityIdeograph(text) == expected, "\(text)")
            #expect(expected == scalars.contains { (0xF900...0xFAFF).contains($0.value) || (0x2F800...0x2FA3F).contains($0.value) }, "\(text)")
        }
    }

    @Test func byteSearchFindsEveryOccurrence() {
        let haystack = Array("统计期限统计时限 统计".utf8)
        let needle = Array("统计".utf8)
        var found: [Int] = []
        haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var from = 0
                while let at = ByteSearch.index(of: n, in: h, from: from) {
                    found.append(at)
                    from = at + 1
                }
                #expect(ByteSearch.index(of: n, in: h, from: h.count) == nil)
                #expect(ByteSearch.index(of: n, in: h, from: h.count - 1) == nil)
            }
        }
        #expect(found == [0, 12, 25])
        [UInt8]().withUnsafeBufferPointer { empty in
            needle.withUnsafeBufferPointer { n in #expect(ByteSearch.index(of: n, in: empty, from: 0) == nil) }
        }
    }
}
