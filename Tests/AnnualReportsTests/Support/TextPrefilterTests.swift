@testable import AnnualReports
import Foundation
import ReportSynth
import Testing

/// The byte tests that let the reader skip work must never skip a line the full test accepts.
@Suite struct TextPrefilterTests {
    /// `mayHold(han:afterCompacting:)` for a needle of one character.
    func mayHold(_ scalar: Unicode.Scalar, afterCompacting text: some StringProtocol) -> Bool {
        TextNormalization.mayHold(han: TextNormalization.hanBytes(of: String(scalar)), afterCompacting: text)
    }

    @Test func mayHoldIsNeverFalseWhereCompactTextHoldsTheCharacter() throws {
        #expect(mayHold("统", afterCompacting: "本年度数据统 计期限"))
        #expect(!mayHold("统", afterCompacting: "本年度报告 2023 年"))
        // A compatibility ideograph compares equal to its unified ideograph: never ruled out.
        #expect(mayHold("统", afterCompacting: "\u{2F8EF}"))
        // Other characters are not tested.
        #expect(mayHold("a", afterCompacting: ""))
        #expect(mayHold("\u{F900}", afterCompacting: ""))
        // Every character of every line of the seeds and some corpus reports: where the compact
        // line holds it, mayHold says so; and it rules out most lines for a character they lack.
        var ruledOut = 0, tested = 0
        for text in try PropertyTests.seedTexts() {
            for line in text.split(separator: "\n").prefix(400) {
                let compact = TextNormalization.compact(line)
                for scalar in compact.unicodeScalars.prefix(40) {
                    #expect(mayHold(scalar, afterCompacting: line), "\(scalar) in \(line)")
                }
                // And every start of it, as the narrative's line is looked for.
                let start = String(compact.prefix(6))
                #expect(TextNormalization.mayHold(han: TextNormalization.hanBytes(of: start), afterCompacting: line), "\(start) in \(line)")
                tested += 1
                if !mayHold("统", afterCompacting: line) {
                    #expect(!compact.contains("统"))
                    ruledOut += 1
                }
            }
        }
        #expect(tested > 500 && ruledOut * 10 > tested * 8, "\(ruledOut) of \(tested)")
    }

    /// `hasHidden` (on the bytes) finds a hidden character exactly where the scalars have one:
    /// every hidden scalar and its neighbours, at the start, middle and end of Chinese, ASCII
    /// and other text (full-width forms and quotation marks share the lead bytes EF and E2).
    @Test func hiddenCharactersAreFoundOnTheBytes() {
        let hidden: [UInt32] = [0x00, 0x09, 0x0A, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xFEFF, 0xFFFE, 0xFFFF, 0x200B, 0x200E, 0x200F, 0x202A, 0x202C, 0x202E, 0x2066, 0x2069]
        let shown: [UInt32] = [0x20, 0x7E, 0xA0, 0xC0, 0x200A, 0x200C, 0x200D, 0x2010, 0x201C, 0x2029, 0x202F, 0x2065, 0x206A, 0x3002, 0xFEFE, 0xFF0C, 0xFFFD, 0x1F600, 0x2F8EF]
        for value in hidden + shown {
            let c = String(Unicode.Scalar(value)!)
            for text in [c, "洛阳市司法局" + c, c + "：“申请”", "ab" + c + "，（１）", "“" + c + "”"] {
                #expect(TextNormalization.hasHidden(text) == text.unicodeScalars.contains(where: TextNormalization.isHidden), "U+\(String(value, radix: 16))")
            }
        }
        #expect(TextNormalization.visible("局\u{202E}名") == "局\\u{202E}名")
        #expect(TextNormalization.visible("“申请”，（１）") == "“申请”，（１）")
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

    /// The search looks for a needle's last byte where that continues a character, else for its
    /// first: over random texts of characters that share lead and continuation bytes (统 E7 BB
    /// 9F, 计 E8 AE A1, 收 E6 94 B6, 到 E5 88 B0, 申 E7 94 B3, full-width and ASCII), every
    /// needle cut from the text and some not in it, from every starting place, it finds what
    /// comparing at every place finds, at the ends of the text too.
    @Test func byteSearchAgreesWithComparingEverywhere() {
        let pieces = ["统", "计", "收", "到", "申", "，", "。", "a", "1", "|", "\t", "é", "𠀀"]
        var random = SplitMix64(seed: 11)
        for _ in 0..<400 {
            let haystack = Array((0..<Int.random(in: 0...24, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined().utf8)
            var needles: [[UInt8]] = (0..<3).map { _ in Array((0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined().utf8) }
            if haystack.count > 0 {
                let a = Int.random(in: 0..<haystack.count, using: &random), b = Int.random(in: a..<haystack.count, using: &random)
                needles.append(Array(haystack[a...b]))
                needles.append(Array(haystack.suffix(Int.random(in: 1...haystack.count, using: &random))))
            }
            for needle in needles where !needle.isEmpty {
                for from in 0...haystack.count {
                    let expected = needle.count > haystack.count ? nil : (from...max(from, haystack.count - needle.count)).first { i in
                        i + needle.count <= haystack.count && Array(haystack[i..<(i + needle.count)]) == needle
                    }
                    let found = haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { n in ByteSearch.index(of: n, in: h, from: from) } }
                    #expect(found == expected, "\(needle) in \(haystack) from \(from)")
                }
            }
        }
    }

    /// `compactContains` answers as `compact(text).contains(needle)` wherever it answers: over
    /// texts of Chinese, full-width forms, quotes, spaces, line breaks, and characters that
    /// combine or compare equal to others (a combining accent, a compatibility ideograph, a
    /// variation selector, a zero-width joiner), where it must leave the answer to the string
    /// unless the needle stands in the text as it is (and no compatibility ideograph does).
    @Test func compactContainsAgreesWithTheString() {
        let pieces = ["收", "到", "申", "请", "，", "。", "1", "２", "a", " ", "\u{3000}", "“", "\"", "\r\n", "\n", "e", "\u{301}", "é", "\u{F907}", "龜", "\u{FE00}", "\u{200D}", "、",
                      // At the edges of the plain ranges, inside and out.
                      "\u{2010}", "\u{2027}", "\u{2028}", "\u{202A}", "\u{2030}", "\u{205E}", "\u{205F}", "\u{2060}", "\u{3029}", "\u{302A}", "\u{302F}", "\u{3030}", "\u{3099}", "《", "》"]
        var random = SplitMix64(seed: 12)
        var answered = 0
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...16, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let compact = TextNormalization.compact(text)
            var needles = (0..<2).map { _ in TextNormalization.compact((0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()) }
            let scalars = Array(compact.unicodeScalars)
            if !scalars.isEmpty {
                let a = Int.random(in: 0..<scalars.count, using: &random), b = Int.random(in: a..<scalars.count, using: &random)
                needles.append(TextNormalization.string(scalars[a...b]))
            }
            for needle in needles where !needle.isEmpty {
                guard let answer = TextNormalization.compactContains(text, Array(needle.unicodeScalars)) else { continue }
                answered += 1
                #expect(answer == compact.contains(needle), "\(needle.unicodeScalars.map(\.value)) in \(text.unicodeScalars.map(\.value))")
            }
        }
        // Many texts are answered without the string (1,483 of these; 849 before a needle that
        // stands in the text as it is was answered so).
        #expect(answered > 1_200)
    }

    /// `SectionFinder.mayHoldHeading` passes over lines without decoding them; the headings found
    /// must be the ones found when every line is decoded. Over the seeds, the whole corpus, 300
    /// generated reports, and headings written every way the finder reads them.
    @Test func sectionPrefilterSkipsNoHeading() throws {
        var texts = try PropertyTests.seedTexts()
        let corpus = try FileManager.default.contentsOfDirectory(atPath: Paths.corpus.path).sorted()
            + (try FileManager.default.contentsOfDirectory(atPath: Paths.corpus.appendingPathComponent("partial").path)).sorted().map { "partial/" + $0 }
        for name in corpus where name != "README.md" {
            if let text = try? String(contentsOf: Paths.corpus.appendingPathComponent(name), encoding: .utf8) { texts.append(text) }
        }
        let synth = SyntheticReports()
        texts += (0..<300).map { synth.report($0).text }
        // Reports pasted twice, for `restart`.
        texts += (300..<310).map { synth.report($0).text + "\n" + synth.report($0).text }
        let titles = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
                      "存在的主要问题及改进情况", "其他需要报告的事项"]
        let numerals = ["一", "二", "三", "四", "五", "六"]
        // Every way of writing each heading: numerals with each punctuation, 第N部分, digits, Markdown
        // levels, a bare title with trailing punctuation or spread out by spaces, a heading in the
        // middle of a scraped line, full-width forms.
        var written: [String] = []
        for (n, title) in titles.enumerated() {
            let spaced = title.map(String.init).joined(separator: " ")
            for form in ["\(numerals[n])、\(title)", "  \(numerals[n])．\(title)", "\(n + 1).\(title)", "\(n + 1)，\(title)", "第\(numerals[n])部分：\(title)",
                         "## \(title)", "#\(numerals[n])、\(title)", "\(title)", "\(title)：", " \(title)。 ", "\u{3000}\(title)\u{3000}", spaced, "\(spaced) ：",
                         "“\(title)”", "正文如下，\(numerals[n])、\(title)，内容", "\u{FEFF}\(numerals[n])、\(title)",
                         // Text after the title on its line: found only by how the line starts.
                         "\(n + 1).\(title)：本年度工作如下。", "## \(title) 正文。", "第\(numerals[n])部分 \(title)，正文。",
                         "\u{00A0}\(numerals[n])：\(title)正文", "\u{200B}\(n + 1)、\(title)", "\(numerals[n])：\(title)",
                         // A title ending in a compatibility ideograph, and one followed by a mark.
                         String(title.dropLast()) + "\u{FA71}", String(title.dropLast()) + "\u{2F81B}：", "\(title)\u{0301}"] {
                written.append(form)
            }
        }
        texts.append(written.joined(separator: "\n"))
        for form in written { texts.append("标题\n" + form + "\n正文。") }
        var found = 0
        for text in texts {
            let lines = UTF8Text.lines(text).enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element) }
            let headings = SectionFinder.find(in: lines)
            #expect(headings == SectionFinder.find(in: lines, prefilter: false), "\(text.prefix(80))")
            let from = headings.compactMap { $0 }.last?.bodyStart ?? TextPosition(line: 0, offset: 0)
            #expect(SectionFinder.restart(in: lines, after: from) == SectionFinder.restart(in: lines, after: from, prefilter: false))
            found += headings.compactMap { $0 }.count
        }
        #expect(found > 1_800, "\(found) headings found")
    }

    /// The one pass that finds a table line's full stop, commas and cell delimiters finds what a
    /// search for each finds, on random lines of Chinese text, punctuation and the bytes it looks
    /// at (E3 and EF start other characters too), of every length around eight bytes.
    @Test func punctuationPassFindsWhatEachSearchFinds() {
        let pieces = ["。", "，", ",", "\t", "|", "、", "：", "（", "）", "规章", "行政许可", "1", "23", " ", "\u{3000}", "\u{FF0C}", "\u{FF0E}", "\u{3002}", "a"]
        var random = SplitMix64(seed: 11)
        var found = (stop: 0, comma: 0, delimiter: 0)
        for _ in 0..<4_000 {
            let line = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let marks = UTF8Text.withBytes(line, TableRegion.punctuation)
            let stop = UTF8Text.contains(Array("。".utf8), in: line)
            let comma = UTF8Text.contains(Array("，".utf8), in: line) || UTF8Text.contains(byte: UInt8(ascii: ","), in: line)
            let delimiter = UTF8Text.contains(byte: UInt8(ascii: "\t"), in: line) || UTF8Text.contains(byte: UInt8(ascii: "|"), in: line)
            #expect(marks.fullStop == stop && marks.comma == comma && marks.delimiter == delimiter, "\(line)")
            if stop { found.stop += 1 }
            if comma { found.comma += 1 }
            if delimiter { found.delimiter += 1 }
        }
        #expect(found.stop > 1_000 && found.comma > 1_000 && found.delimiter > 1_000 && found.stop < 3_900)
    }

    /// A title of plain scalars is matched to a section's rule on its scalars as its string is:
    /// random titles of the rules' words, their pieces and other plain characters.
    @Test func titlesOfPlainScalarsMatchAsTheirStrings() {
        let words = SectionFinder.rules.flatMap { $0.keywords.flatMap { $0 } + $0.endings }
        let pieces = words + words.map { String($0.prefix(1)) } + ["及", "改进", "(", "的", "a", "1", "、"]
        var random = SplitMix64(seed: 19)
        var matched = 0
        for _ in 0..<20_000 {
            let title = (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let scalars = Array(title.unicodeScalars)
            #expect(scalars.allSatisfy(TextNormalization.isPlainScalar))
            for rule in SectionFinder.rules {
                let byString = rule.endings.contains { title.hasSuffix($0) } && rule.keywords.allSatisfy { group in group.contains { title.contains($0) } }
                let byScalars = scalars.withUnsafeBufferPointer { rule.matches(plain: $0) }
                #expect(byScalars == byString, "\(title)")
                if byString { matched += 1 }
            }
        }
        #expect(matched > 1_000, "\(matched) matched")
    }
}
