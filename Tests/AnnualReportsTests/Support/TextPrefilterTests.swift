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
