@testable import AnnualReports
import ReportSynth
import Testing

/// Rows are found as the plain search below finds them: each of a row's patterns searched for on
/// its own, the earliest match taken (the first pattern where two start together), skipping
/// matches that overlap a row already found.
@Suite struct RowLocatorTests {
    /// The plain search: one pattern at a time, every start compared.
    struct PlainSearch {
        let stream: [Unicode.Scalar]

        func find(_ pattern: [Unicode.Scalar], from: Int, to: Int, avoiding used: [Range<Int>]) -> Range<Int>? {
            guard !pattern.isEmpty, from < to else { return nil }
            var start = from
            while start + pattern.count <= stream.count, start < to {
                if Array(stream[start..<(start + pattern.count)]) == pattern {
                    let range = start..<(start + pattern.count)
                    if !used.contains(where: { $0.overlaps(range) }) { return range }
                }
                start += 1
            }
            return nil
        }

        func earliest(_ patterns: [[Unicode.Scalar]], from: Int, to: Int, avoiding used: [Range<Int>]) -> Range<Int>? {
            var best: Range<Int>?
            for pattern in patterns {
                if let r = find(pattern, from: from, to: best?.lowerBound ?? to, avoiding: used), best == nil || r.lowerBound < best!.lowerBound { best = r }
            }
            return best
        }
    }

    /// Random tables of label pieces (overlapping patterns, repeated and scrambled rows, pieces
    /// that share first characters) and values: the one-pass search finds what the plain one does,
    /// for each row's patterns, from random starts to random ends, avoiding random ranges.
    @Test func rowsAreFoundAsThePlainSearchFindsThem() {
        let schema = TableSchema.applicationRows(for: .v2021)
        let labels = schema.flatMap { $0.patterns + $0.weakPatterns }
        let pieces = labels + labels.map { String($0.prefix(2)) } + ["申请", "本年", "其他", "总计", "（一）", "处理", "政府"]
        var random = SplitMix64(seed: 17)
        var found = 0
        for _ in 0..<300 {
            var tokens: [TableToken] = []
            let labels = LabelScalars(capacity: 0)
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                let kind: TableToken.Kind = Int.random(in: 0..<3, using: &random) == 0 ? .number(NumberToken(digits: "1")) : .text(labels.appendWithoutQuotes(Array(pieces.randomElement(using: &random)!.unicodeScalars)[...]))
                tokens.append(TableToken(kind: kind, line: 1, column: 1, isCell: false))
            }
            let locator = RowLocator(tokens: tokens)
            let plain = PlainSearch(stream: locator.stream)
            let n = locator.stream.count
            for row in schema {
                let from = Int.random(in: 0...(n / 2), using: &random)
                let to = Int.random(in: 0...4, using: &random) == 0 ? Int.random(in: 0...n, using: &random) : Int.random(in: from...n, using: &random)
                let used = (0..<Int.random(in: 0...2, using: &random)).map { _ -> Range<Int> in
                    let a = Int.random(in: 0...n, using: &random)
                    return a..<min(n, a + Int.random(in: 1...6, using: &random))
                }
                for (patterns, labels) in [(row.patternScalars, row.patterns), (row.weakPatternScalars, row.weakPatterns)] {
                    let one = locator.earliest(patterns, from: from, to: to, avoiding: used)
                    #expect(one == plain.earliest(labels.map { Array($0.unicodeScalars) }, from: from, to: to, avoiding: used))
                    if one != nil { found += 1 }
                }
            }
            for markers in [TableSchema.markers2019, TableSchema.markers2021, TableSchema.applicationMarkers2021] {
                #expect(locator.contains(any: markers) == markers.scalars.contains { plain.find($0, from: 0, to: plain.stream.count, avoiding: []) != nil })
            }
        }
        #expect(found > 400, "\(found) rows found")
    }

    /// Words are found in label scalars as in the labels' strings: counted, removed and looked for
    /// on random labels (in the middle of the table's scalars, as labels are) of the words, their
    /// pieces, other Han characters, combining marks, and characters that send the search to
    /// Foundation: compatibility ideographs (U+FA71 stands for 况, U+2F8EF for 次), and U+2FA20,
    /// which is none but has the bytes the byte test looks for. (Foundation matches no word
    /// that a combining mark follows.)
    @Test func wordsAreFoundInLabelsAsInTheirStrings() {
        let words = LabelWords(["维持", "纠正", "其他结果", "审结", "总计", "情况", "结果维持"])
        let pieces = words.strings + ["维", "持", "结果", "情\u{FA71}", "\u{2F8EF}", "\u{2FA20}", "\u{0301}", "单位:元", "(元)", "万元", "元", "a", "（"]
        var random = SplitMix64(seed: 23)
        var counted = 0, byFoundation = 0
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let before = Int.random(in: 0...3, using: &random)
            let scalars = (Array("前缀文字".unicodeScalars.prefix(before)) + Array(text.unicodeScalars))[before...]
            if UTF8Text.hasCompatibilityIdeograph(text) { byFoundation += 1 }
            // The scalar test that sends a label to Foundation is the byte test the strings take.
            #expect(UTF8Text.hasCompatibilityIdeograph(scalars: scalars) == UTF8Text.hasCompatibilityIdeograph(TextNormalization.string(scalars)), "\(text)")
            let count = LabelSearch.count(words, in: scalars)
            #expect(count == ByteSearch.count(words.strings, in: text), "\(text)")
            #expect(LabelSearch.hanCount(removing: words, from: scalars) == TextNormalization.hanCount(ByteSearch.removing(words.strings, from: text)), "\(text)")
            for word in ["万元", "单位:元", "(元)", "况"] { #expect(LabelSearch.contains(word, in: scalars) == text.contains(word), "\(word) in \(text)") }
            counted += count
        }
        #expect(counted > 2_000 && byFoundation > 1_000 && byFoundation < 2_500, "\(counted) counted, \(byFoundation) by Foundation")
    }
}
