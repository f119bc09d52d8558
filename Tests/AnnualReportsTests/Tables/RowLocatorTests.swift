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

        func locate(_ rows: [RowSchema], owner: [Int]) -> [RowLocator.Match?] {
            var matches: [RowLocator.Match?] = Array(repeating: nil, count: rows.count)
            var used: [Range<Int>] = []
            var cursor = 0
            for (index, row) in rows.enumerated() {
                let strong = row.patterns.map { Array($0.unicodeScalars) }, weak = row.weakPatterns.map { Array($0.unicodeScalars) }
                var found = earliest(strong, from: cursor, to: stream.count, avoiding: used) ?? earliest(weak, from: cursor, to: stream.count, avoiding: used)
                var forward = found != nil
                if found == nil {
                    found = earliest(strong, from: 0, to: cursor, avoiding: used)
                    forward = false
                }
                guard let range = found else { continue }
                used.append(range)
                if forward { cursor = range.upperBound }
                matches[index] = RowLocator.Match(row: index, range: range, firstToken: owner[range.lowerBound], lastToken: owner[range.upperBound - 1])
            }
            return matches
        }
    }

    /// Random tables of label pieces (overlapping patterns, repeated and scrambled rows, pieces
    /// that share first characters) and values: the one-pass search finds what the plain one does.
    @Test func rowsAreFoundAsThePlainSearchFindsThem() {
        let schema = TableSchema.applicationRows(for: .v2021)
        let labels = schema.flatMap { $0.patterns + $0.weakPatterns }
        let pieces = labels + labels.map { String($0.prefix(2)) } + ["申请", "本年", "其他", "总计", "（一）", "处理", "政府"]
        var random = SplitMix64(seed: 17)
        var found = 0
        for _ in 0..<300 {
            var tokens: [TableToken] = []
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                let kind: TableToken.Kind = Int.random(in: 0..<3, using: &random) == 0 ? .number(NumberToken(digits: "1")) : .text(Label(pieces.randomElement(using: &random)!))
                tokens.append(TableToken(kind: kind, line: 1, column: 1, isCell: false))
            }
            let locator = RowLocator(tokens: tokens)
            let plain = PlainSearch(stream: locator.stream)
            let matches = locator.locate(schema)
            #expect(matches == plain.locate(schema, owner: locator.owner))
            found += matches.compactMap { $0 }.count
            for markers in [TableSchema.markers2019, TableSchema.markers2021, TableSchema.applicationMarkers2021] {
                #expect(locator.contains(any: markers) == markers.scalars.contains { plain.find($0, from: 0, to: plain.stream.count, avoiding: []) != nil })
            }
        }
        #expect(found > 1_000, "\(found) rows found")
    }

    /// Words are found in label scalars as in the labels' strings: counted, removed and looked for
    /// on random labels of the words, their pieces, other Han characters and compatibility
    /// ideographs (U+FA71 stands for 况, U+F9A8 for 令), which the string search equals to the
    /// ideographs they stand for.
    @Test func wordsAreFoundInLabelsAsInTheirStrings() {
        let words = LabelWords(["维持", "纠正", "其他结果", "审结", "总计", "情况", "结果维持"])
        let pieces = words.strings + ["维", "持", "结果", "情\u{FA71}", "\u{F9A8}", "单位:元", "(元)", "万元", "元", "a", "（"]
        var random = SplitMix64(seed: 23)
        var counted = 0
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let scalars = Array(text.unicodeScalars)[...]
            let count = LabelSearch.count(words, in: scalars)
            #expect(count == ByteSearch.count(words.strings, in: text), "\(text)")
            #expect(LabelSearch.hanCount(removing: words, from: scalars) == TextNormalization.hanCount(ByteSearch.removing(words.strings, from: text)), "\(text)")
            for word in ["万元", "单位:元", "(元)", "况"] { #expect(LabelSearch.contains(word, in: scalars) == text.contains(word), "\(word) in \(text)") }
            counted += count
        }
        #expect(counted > 2_000)
    }
}
