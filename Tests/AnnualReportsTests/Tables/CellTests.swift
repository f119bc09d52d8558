@testable import AnnualReports
import Testing
import ReportSynth

@Suite struct CellTests {
    @Test(arguments: [
        ("12", false, "12", nil), ("１２", false, "12", nil), ("-3", true, "3", nil), ("1,351.6101", false, "1351", "6101"),
        ("251000元", false, "251000", nil), ("12件", false, "12", nil),
    ])
    func numbers(_ cell: String, _ negative: Bool, _ integer: String, _ fraction: String?) throws {
        let n = try #require(NumberToken.parse(cell: cell))
        #expect(n.negative == negative && n.integerDigits == integer && n.fractionDigits == fraction)
    }

    @Test(arguments: ["12a", "1,23", "", "数据1", "1.2.3", "-"])
    func notNumbers(_ cell: String) {
        #expect(NumberToken.parse(cell: cell) == nil)
    }

    @Test(arguments: ["/", "-", "—", "——", "无", "／"])
    func blanks(_ cell: String) {
        #expect(NumberToken.isNullMarker(cell))
    }

    /// The shortcuts for plain digit cells and for units give what the general parse gives. A unit
    /// written with a compatibility ideograph (U+2F8EF, which is 次) is still the unit, as `String`
    /// equality has it.
    @Test func shortcutsAgreeWithTheGeneralParse() throws {
        for cell in ["0", "7", "12", "007", "123456789012345", "1234567890123456789012"] {
            #expect(NumberToken.plainDigits(cell) == NumberToken.parse(cell: cell), "\(cell)")
        }
        for cell in ["", "1 2", "１２", "-3", "1,351", "12件", "1.5"] { #expect(NumberToken.plainDigits(cell) == nil, "\(cell)") }
        #expect(try #require(NumberToken.parse(cell: "5\u{2F8EF}")).unit == .item)
        #expect(try #require(NumberToken.parse(cell: "5次")).unit == .item)
        #expect(try #require(NumberToken.parse(cell: "5万")).unit == .wanYuan)
        #expect(NumberToken.parse(cell: "5万件") == nil)
        #expect(NumberToken.Unit("件".scalarArray[...]) == .item && NumberToken.Unit("次".scalarArray[...]) == nil && NumberToken.Unit("万元元".scalarArray[...]) == nil)
        #expect(!NumberToken.isNullMarker("无1") && !NumberToken.isNullMarker("a/") && NumberToken.isNullMarker(" 空 "))
    }

    /// A cell of ASCII is parsed on its bytes; the same cell with an ideographic space after it,
    /// which is trimmed away, takes the general parse: the two agree on every cell of random
    /// digits, signs, commas, points, spaces and letters.
    @Test func asciiCellsParseAsTheGeneralParseDoes() {
        let pieces = ["0", "1", "2", "3", "12", "345", "007", ",", ".", "-", "+", " ", "\t", "a", "元"]
        var random = SplitMix64(seed: 5)
        var numbers = 0
        for _ in 0..<5_000 {
            let cell = (0..<Int.random(in: 1...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            guard cell.utf8.allSatisfy({ $0 < 0x80 }) else { continue }
            let ascii = NumberToken.parse(cell: cell)
            #expect(ascii == NumberToken.parse(cell: cell + "\u{3000}"), "\(cell)")
            if ascii != nil { numbers += 1 }
        }
        // Both numbers and cells that are none were tried (922 numbers here).
        #expect(numbers > 500)
    }

    /// A number's integer value, worked out when it is made, is its digits' value with its sign,
    /// for at most 15 digits and no fraction; and a row of cells read through the shortcut for
    /// counts gets the values (and the problems) that reading each cell as its column's kind gives.
    @Test func countsReadAsEachCellIsRead() throws {
        let pieces = ["0", "1", "9", "12", "007", "-", "+", ".", "5", "元", "件", "万元", "次", "/", "a", ",", "123"]
        var random = SplitMix64(seed: 9)
        var numbers = 0, shortcut = 0
        let kinds: [RowSchema.ValueKind] = [.count, .signedCount, .amount, .count]
        for _ in 0..<3_000 {
            let cells = (0..<kinds.count).map { _ in (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() }
            let tokens = cells.map { cell -> TableToken in
                let kind: TableToken.Kind = NumberToken.parse(cell: cell).map { .number($0) } ?? (NumberToken.isNullMarker(cell) ? .nullMarker(cell) : .unreadable(cell))
                return TableToken(kind: kind, line: 1, column: 1, isCell: true)
            }
            var values: [TableValue?] = [], problems: [String] = []
            for (token, kind) in zip(tokens, kinds) {
                guard let number = token.number else {
                    values.append(nil)
                    if case .unreadable(let text) = token.kind { problems.append("单元格“\(TextNormalization.excerpt(text))”不是数字") }
                    continue
                }
                numbers += 1
                let digits = number.integerDigits
                let expected = number.fractionDigits == nil && digits.utf8.count <= 15 ? Int(digits).map { number.negative ? -$0 : $0 } : nil
                #expect(number.intValue == expected, "\(number.written)")
                if kind != .amount, token.countValue != nil { shortcut += 1 }
                if kind != .amount {
                    // The count rule, worked out here on its own: an integer of at most 15 digits
                    // with no unit or a counting word, negative only in a signed column.
                    let count = expected.flatMap { (number.unit == nil || number.unit == .item) && ($0 >= 0 || kind == .signedCount) ? $0 : nil }
                    if case .success(.count(let v)) = RowValueResolver.value(number, kind: kind) { #expect(v == count, "\(number.written)") } else { #expect(count == nil, "\(number.written)") }
                }
                switch RowValueResolver.value(number, kind: kind) {
                case .success(let v): values.append(v)
                case .failure(let problem): values.append(nil); problems.append(problem.message)
                }
            }
            let read = RowValueResolver.resolve(tokens[...], kinds: kinds)
            if !problems.isEmpty && values.allSatisfy({ $0 == nil }) {
                #expect(read == .failed(problems.joined(separator: "；")), "\(cells)")
            } else {
                #expect(read == .resolved(values, splitFrom: nil, problems: problems), "\(cells)")
            }
        }
        #expect(numbers > 2_000 && shortcut > 1_000, "\(numbers) numbers, \(shortcut) by the shortcut")
    }

    /// A label written into a table's labels is the compact form of its cell, scalar for scalar:
    /// on random cells of Han characters (at the edges of the range read without a closer look,
    /// U+4000 and U+9FFF, and just outside it), full-width forms, whitespace, quotes,
    /// compatibility ideographs, combining marks and characters outside the BMP.
    @Test func labelsAreTheCompactTextOfTheirCells() {
        let pieces = ["规章", "（一）", "、", "：", "\u{3000}", " ", "\t", "“", "”", "\"", "'", "「", "Ａ", "ａ", "１", "\u{FA71}", "e\u{0301}",
                      "\u{4000}", "\u{9FFF}", "\u{3FFF}", "\u{A000}", "\u{20BB7}", "\u{2212}", "\u{00A0}", "-", "a", "5"]
        var random = SplitMix64(seed: 13)
        let labels = LabelScalars(capacity: 0)
        for _ in 0..<3_000 {
            let cell = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let label = UTF8Text.withBytes(cell) { labels.appendCompact($0) }
            #expect(Array(label.scalars) == Array(TextNormalization.compact(cell).unicodeScalars), "\(cell)")
            // Running text comes folded and without whitespace: only the quotes are left out.
            let folded = Array(TextNormalization.folded(cell).unicodeScalars.filter { !TextNormalization.isWhitespace($0) })
            #expect(Array(labels.appendWithoutQuotes(folded[...]).scalars) == Array(TextNormalization.compact(String(String.UnicodeScalarView(folded))).unicodeScalars), "\(cell)")
        }
    }

    /// A bare page number is told on the line's bytes as on its characters: the reference below
    /// is the test on strings, tried on random lines of digits, whitespace (ASCII, ideographic,
    /// no-break), form feeds, tabs, full-width digits and Han characters, between random neighbours.
    @Test func pageNumbersAreToldOnBytesAsOnCharacters() {
        func reference(_ fragments: [TextFragment], _ index: Int) -> Bool {
            let raw = fragments[index].text
            var digitBytes = 0
            for b in raw.utf8 {
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    digitBytes += 1
                    if digitBytes > 3 { return false }
                } else if b < 0x80 ? !(b == 0x20 || (0x09...0x0D).contains(b)) : (0xE4...0xE9).contains(b) {
                    return false
                }
            }
            guard digitBytes > 0, raw.utf8.first != UInt8(ascii: "\t") else { return false }
            let digits = TextNormalization.trimmed(raw)
            guard (1...3).contains(digits.unicodeScalars.count), digits.unicodeScalars.allSatisfy(TextNormalization.isDigit) else { return false }
            if raw.unicodeScalars.first == "\u{0C}" { return true }
            func blank(_ i: Int) -> Bool { !fragments.indices.contains(i) || TextNormalization.trimmed(fragments[i].text).isEmpty }
            return blank(index - 1) && blank(index + 1) && index > 0 && index + 1 < fragments.count
        }
        let pieces = ["1", "23", "4", "\u{0C}", " ", "\t", "\u{3000}", "\u{A0}", "１", "页", "a", "-", ""]
        var random = SplitMix64(seed: 29)
        var numbers = 0
        for _ in 0..<3_000 {
            let fragments = (0..<3).map { i in
                TextFragment(line: i + 1, column: 1, text: (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
            }
            for index in fragments.indices {
                let told = TableTokenizer.isPageNumber(fragments, index)
                #expect(told == reference(fragments, index), "\(fragments.map(\.text)) at \(index)")
                if told { numbers += 1 }
            }
        }
        #expect(numbers > 100, "\(numbers) page numbers")
    }

    @Test func amountsKeepTheirDigitsAndConvertYuan() throws {
        func amount(_ s: String) throws -> String { RowValueResolver.amountInWanYuan(try #require(NumberToken.parse(cell: s))) }
        #expect(try amount("1351.6101") == "1351.6101")
        #expect(try amount("0.50") == "0.50")
        #expect(try amount("251000元") == "25.1")
        #expect(try amount("95元") == "0.0095")
        #expect(try amount("3亿元") == "30000")
    }

    @Test func tokenizerCutsNumbersOutOfGluedText() {
        let tokens = TableTokenizer.tokenize([TextFragment(line: 1, column: 1, text: "属于国家秘密40000042.其他法律行政法规禁止公开0000000行政事业性收费18651.06三、")])
        let kinds = tokens.map { $0.number?.written ?? $0.text ?? "?" }
        #expect(kinds == ["属于国家秘密", "4000004", "2.其他法律行政法规禁止公开", "0000000", "行政事业性收费", "18651.06", "三、"])
    }

    @Test func pipeAndTabCells() {
        let pipe = TableTokenizer.tokenize([TextFragment(line: 1, column: 1, text: "| 一、本年新收 | 0 | | / | 3 |")])
        #expect(pipe.map(\.display) == ["一、本年新收", "0", "（空）", "/", "3"])
        let terminated = TableTokenizer.tokenize([TextFragment(line: 1, column: 1, text: "规章 |"), TextFragment(line: 2, column: 1, text: "|")])
        #expect(terminated.map(\.display) == ["规章", "（空）"])
        let tabs = TableTokenizer.tokenize([TextFragment(line: 1, column: 1, text: "行政事业性收费\t1351.6101\t\t")])
        #expect(tabs.map(\.display) == ["行政事业性收费", "1351.6101", "（空）", "（空）"])
        #expect(TableTokenizer.tokenize([TextFragment(line: 1, column: 1, text: "|---|:---:|")]).isEmpty)
        // Columns count scalars: wide spaces and Han text before a cell move it by one each.
        let wide = TableTokenizer.tokenize([TextFragment(line: 7, column: 3, text: "\u{3000}| 规章\u{3000}|\u{3000}\u{A0}12 | 无 |\u{3000}")])
        #expect(wide.map(\.display) == ["规章", "12", "无"])
        #expect(wide.map(\.column) == [3 + 2 + 1, 3 + 7 + 2, 3 + 13 + 1])
        #expect(wide.allSatisfy { $0.line == 7 && $0.isCell })
        // A row that does not open with a pipe keeps its first cell; text after the last pipe is none.
        #expect(TableTokenizer.tokenize([TextFragment(line: 1, column: 1, text: "规章 | 5 | 注")]).map(\.display) == ["规章", "5", "注"])
        let tabbed = TableTokenizer.tokenize([TextFragment(line: 2, column: 1, text: "\t\t许可\t\u{3000}7\t")])
        #expect(tabbed.map(\.display) == ["（空）", "（空）", "许可", "7", "（空）"])
        #expect(tabbed.map(\.column) == [1, 2, 3, 6, 9])
    }
}

@Suite struct GluedCellSplitterTests {
    func tokens(_ runs: String...) -> [NumberToken] { runs.map { NumberToken.parse(cell: $0)! } }

    @Test func rowIdentityPinsTheSplit() {
        let r = GluedCellSplitter.split(tokens("21710000218"), into: 7, constraints: [ApplicationsReader.rowIdentity])
        #expect(r.solutions == [[217, 1, 0, 0, 0, 0, 218]] && !r.truncated)
    }

    @Test func spacesAreCellBoundaries() {
        let r = GluedCellSplitter.split(tokens("200", "000121"), into: 7, constraints: [ApplicationsReader.rowIdentity])
        #expect(r.solutions == [[20, 0, 0, 0, 0, 1, 21]])
    }

    @Test func leadingZerosAreSingleCells() {
        let r = GluedCellSplitter.split(tokens("000"), into: 3, constraints: [])
        #expect(r.solutions == [[0, 0, 0]])
    }

    /// The search finds every split a plain enumeration finds, in the same order: each run cut
    /// into values of one to nine digits (a run at a 0 is a 0 alone, a whole run is one value, a
    /// negative run's first value only where allowed), kept where every sum holds.
    @Test func findsWhatAPlainEnumerationFinds() {
        var random = SplitMix64(seed: 11)
        var compared = 0
        for _ in 0..<3_000 {
            let runCount = Int.random(in: 1...3, using: &random)
            let runs = (0..<runCount).map { _ in
                String((0..<Int.random(in: 1...6, using: &random)).map { _ in Character(String(Int.random(in: 0...9, using: &random) < 2 ? 0 : Int.random(in: 1...9, using: &random))) })
            }
            let negative = (0..<runCount).map { _ in Int.random(in: 0..<5, using: &random) == 0 }
            let count = Int.random(in: 1...7, using: &random)
            let whole = Set((0..<runCount).filter { _ in Int.random(in: 0..<4, using: &random) == 0 })
            let allowed = Set((0..<count).filter { _ in Bool.random(using: &random) })
            let constraints = (0..<Int.random(in: 0...2, using: &random)).map { _ in
                GluedCellSplitter.SumConstraint(parts: (0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: 0..<count, using: &random) }, total: Int.random(in: 0..<count, using: &random))
            }
            let tokens = zip(runs, negative).map { NumberToken.parse(cell: ($1 ? "-" : "") + $0)! }
            // The plain enumeration: every way to cut every run, in order of the lengths tried.
            var all: [[Int]] = []
            func cut(_ run: Int, _ offset: Int, _ values: [Int]) {
                if run == runs.count {
                    if values.count == count { all.append(values) }
                    return
                }
                let digits = Array(runs[run].utf8).map { Int($0) - 48 }
                let lengths = whole.contains(run) ? [digits.count - offset] : Array(1...(digits.count - offset))
                for length in lengths where length <= GluedCellSplitter.maxDigitsPerCell && (length == 1 || digits[offset] != 0) {
                    var v = digits[offset..<(offset + length)].reduce(0) { $0 * 10 + $1 }
                    if offset == 0 && negative[run] {
                        guard allowed.contains(values.count) else { continue }
                        v = -v
                    }
                    if offset + length == digits.count { cut(run + 1, 0, values + [v]) } else { cut(run, offset + length, values + [v]) }
                }
            }
            guard runs.count <= count else { continue }
            cut(0, 0, [])
            let expected = all.filter { v in constraints.allSatisfy { c in c.parts.reduce(0) { $0 + v[$1] } == v[c.total] } }
            let r = GluedCellSplitter.split(tokens, into: count, constraints: constraints, allowsNegative: allowed.contains, whole: whole, limit: 100_000)
            #expect(r.solutions == expected && !r.truncated, "\(runs) \(negative) into \(count), whole \(whole), negative at \(allowed), \(constraints)")
            compared += expected.count
        }
        // (Enough splits found to mean something.)
        #expect(compared > 1_000)
    }

    @Test func aCompleteSearchIsNotTruncated() {
        // 1 11 and 11 1 are every split: none is left to try when the second is found.
        let r = GluedCellSplitter.split(tokens("111"), into: 2, constraints: [])
        #expect(r.solutions == [[1, 11], [11, 1]] && !r.truncated)
        // A third would be there: the search stops with one left to try.
        let more = GluedCellSplitter.split(tokens("1111"), into: 2, constraints: [])
        #expect(more.solutions == [[1, 111], [11, 11]] && more.truncated)
    }

    @Test func withoutIdentityTwoSplitsAreAmbiguous() {
        let r = GluedCellSplitter.split(tokens("6233440"), into: 3, constraints: [])
        #expect(r.solutions.count == 2 && r.truncated)
    }

    @Test func reviewGroups() {
        let r = GluedCellSplitter.split(tokens("21317000001324019"), into: 15, constraints: ReviewLitigationReader.groupIdentities)
        #expect(r.solutions == [[2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]])
    }

    @Test func negativeOnlyWhereAllowed() {
        let counts = GluedCellSplitter.split(tokens("35", "-15"), into: 2, constraints: [])
        #expect(counts.solutions.isEmpty)
        let change = GluedCellSplitter.split(tokens("35", "-15"), into: 2, constraints: [], allowsNegative: { $0 == 1 })
        #expect(change.solutions == [[35, -15]])
    }

    @Test func impossibleSplits() {
        #expect(GluedCellSplitter.split(tokens("12"), into: 3, constraints: []).solutions.isEmpty)
        #expect(GluedCellSplitter.split(tokens(String(repeating: "1", count: 80)), into: 7, constraints: []).solutions.isEmpty)
    }

    @Test func wholeRuns() {
        // A run kept whole is one value: split only where the other runs allow. (All the splits:
        // without `whole`, 1 2 345 would be the first.)
        let r = GluedCellSplitter.split(tokens("12", "345"), into: 3, constraints: [], whole: [0], limit: 3)
        #expect(r.solutions == [[12, 3, 45], [12, 34, 5]] && !r.truncated)
        // 1 + 2 = 3 only if the first run is cut.
        let sum = [GluedCellSplitter.SumConstraint(parts: [0, 1], total: 2)]
        #expect(GluedCellSplitter.split(tokens("12", "3"), into: 3, constraints: sum).solutions == [[1, 2, 3]])
        #expect(GluedCellSplitter.split(tokens("12", "3"), into: 3, constraints: sum, whole: [0]).solutions.isEmpty)
        // A whole run longer than a cell holds is no value, however many digits it has.
        let ten = GluedCellSplitter.split(tokens("1234567890", "5"), into: 2, constraints: [], whole: [0])
        #expect(ten.solutions.isEmpty && !ten.truncated)
        let twenty = GluedCellSplitter.split(tokens(String(repeating: "9", count: 20), "5", "5"), into: 3, constraints: [], whole: [0])
        #expect(twenty.solutions.isEmpty && !twenty.truncated)
    }
}

@Suite struct PDFBlankCellTests {
    static func report(_ table2: String, template2019: Bool = true) -> Report {
        let header = template2019 ? "信息内容 上一年项目数量 本年增/减 处理决定数量\n" : "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
        return ReportReader().read(text: "某某县某某局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（五）项\n" + header + table2 + "\n三、收到和处理政府信息公开申请情况\n", path: "a.txt")
    }

    /// In PDF text a blank cell leaves no trace: `15 3` under three columns is not 1, 5, 3.
    @Test func spacedNumbersAreNotSplitWithoutIdentity() {
        let r = Self.report("行政许可 15 3")
        #expect(r.tables.activeDisclosure?.rows["licensing"] == [nil, nil, nil])
        #expect(r.diagnostics.contains { $0.severity == .warning && $0.message.contains("行政许可") })
        let fees = Self.report("行政事业性收费 15")
        #expect(fees.tables.activeDisclosure?.rows["fees"] == [nil, nil])
    }

    /// Digits touching the label show glue: `规章000` is three cells.
    @Test func visiblyGluedDigitsAreSplitByCount() {
        let r = Self.report("规章000规范性文件000", template2019: false)
        #expect(r.tables.activeDisclosure?.rows["regulations"] == [.count(0), .count(0), .count(0)])
    }

    @Test func thousandsSeparatorsInRunningText() {
        let r = Self.report("行政许可 1,200 -3 2,317")
        #expect(r.tables.activeDisclosure?.rows["licensing"] == [.count(1200), .count(-3), .count(2317)])
    }

    @Test func amountsUnderAYuanHeaderAreConverted() {
        let text = "某某县某某局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（八）项\n信息内容\t本年收费金额（单位：元）\n行政事业性收费\t251000\n三、收到和处理政府信息公开申请情况\n"
        let r = ReportReader().read(text: text, path: "a.txt")
        #expect(r.tables.activeDisclosure?.value("fees", "amount") == .amount("25.1"))
        let wan = ReportReader().read(text: text.replacingOccurrences(of: "单位：元", with: "单位：万元"), path: "a.txt")
        #expect(wan.tables.activeDisclosure?.value("fees", "amount") == .amount("251000"))
    }
}
