import AnnualReports
import Foundation
import Testing

/// Inputs from an adversarial review of the reader: each once made it publish a wrong number, put
/// a value in the wrong column, or crash. Each table is put into an otherwise valid report.
@Suite struct RegressionTests {
    /// The seed report whose tables are the defaults; a test replaces one of them.
    static let seed = try! String(contentsOf: Paths.content.appendingPathComponent("luoyang-sifaju-2023.txt"), encoding: .utf8)

    static func section(_ start: String, _ end: String) -> String {
        let a = seed.range(of: start)!.upperBound
        let b = seed.range(of: end, range: a..<seed.endIndex)!.lowerBound
        return String(seed[a..<b])
    }

    static func report(t2: String? = nil, t3: String? = nil, t4: String? = nil) -> Report {
        let text = """
        某某县司法局 2023 年政府信息公开工作年度报告
        一、总体情况
        2023 年，我局认真开展政府信息公开工作。
        二、主动公开政府信息情况
        \(t2 ?? section("二、主动公开政府信息情况", "三、收到和处理"))
        三、收到和处理政府信息公开申请情况
        \(t3 ?? section("三、收到和处理政府信息公开申请情况", "四、政府信息公开"))
        四、政府信息公开行政复议、行政诉讼情况
        \(t4 ?? section("四、政府信息公开行政复议、行政诉讼情况", "五、存在"))
        五、存在的主要问题及改进情况
        无。
        六、其他需要报告的事项
        无。
        """
        return ReportReader().read(text: text, path: "r.txt")
    }

    static let t2Header2019 = "第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"

    @Test func blankTotalBesideMergedCellPaddingIsNotShifted() {
        let t3 = Self.section("三、收到和处理政府信息公开申请情况", "四、政府信息公开")
            .replacingOccurrences(of: "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t", with: "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t\t")
        let r = Self.report(t3: t3)
        // Either [5,0,0,0,0,0,null] or [null,5,0,0,0,0,0]: the cells cannot tell, so nothing is published.
        #expect(r.tables.applications?.rows["received"] == Array(repeating: nil, count: 7))
        #expect(r.diagnostics.contains { $0.severity == .warning && $0.message.contains("本年新收") })
    }

    @Test func dashCellIsABlankNotASeparator() {
        let r = Self.report(t2: "第二十条第(五)项 |\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n|\n行政许可 |\n10 |\n- |\n7 |\n|\n")
        #expect(r.tables.activeDisclosure?.rows["licensing"] == [.count(10), nil, .count(7)])
    }

    @Test func blankCellIsNotFilledFromANoteBelow() {
        let t2 = "信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t\n以上数据统计截至2023年底"
        #expect(Self.report(t2: t2).tables.activeDisclosure?.value("fees", "amount") == nil)
        let t2b = "信息内容\t本年处理决定数量\n行政许可\t\n3\n"
        #expect(Self.report(t2: t2b).tables.activeDisclosure?.value("licensing", "decisions") == nil)
    }

    @Test(arguments: [("行政许可 10 –3 7", -3), ("行政许可 10 —3 7", -3), ("行政许可 10 减3 7", -3), ("行政许可 10 增3 7", 3)])
    func signsOfChange(_ row: String, _ change: Int) {
        let r = Self.report(t2: Self.t2Header2019 + row)
        #expect(r.tables.activeDisclosure?.value("licensing", "change") == .count(change))
    }

    @Test func labelTouchingNumberWithBlankCellIsNotSplit() {
        let r = Self.report(t2: "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章12 30\n行政规范性文件 1 0 3")
        #expect(r.tables.activeDisclosure?.rows["regulations"] == [nil, nil, nil])
        #expect(r.tables.activeDisclosure?.rows["normativeDocuments"] == [.count(1), .count(0), .count(3)])
    }

    @Test func articleNumbersInHeadersAreNotValues() {
        let r = Self.report(t2: "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件\n第20条第(5)项\n信息内容 本年处理决定数量\n行政许可 10")
        #expect(r.tables.activeDisclosure?.rows["normativeDocuments"] == [nil, nil, nil])
        #expect(r.tables.activeDisclosure?.value("licensing", "decisions") == .count(10))
    }

    @Test func yearInATable4TitleIsNotAValue() {
        let t4 = "2023年行政复议情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n1 0 0 0 1 0 0 0 0 0 0 0 1 1"
        let r = Self.report(t4: t4)
        #expect(r.tables.reviewLitigation?.groups["review"] == Array(repeating: nil, count: 5))
    }

    @Test func amountUnitsApartFromTheNumber() {
        let spaced = Self.report(t2: "信息内容 本年收费金额\n行政事业性收费 3000 元")
        #expect(spaced.tables.activeDisclosure?.value("fees", "amount") == .amount("0.3"))
        let caption = Self.report(t2: "（金额单位：元）\n信息内容\t本年收费金额\n行政事业性收费\t2500")
        #expect(caption.tables.activeDisclosure?.value("fees", "amount") == .amount("0.25"))
    }

    @Test func transposedTable4IsNotReadInTheWrongOrder() {
        let t4 = "| | 行政复议 | 未经复议直接起诉 | 复议后起诉 |\n|---|---|---|---|\n| 结果维持 | 1 | 2 | 0 |\n| 结果纠正 | 0 | 0 | 0 |\n| 其他结果 | 0 | 0 | 0 |\n| 尚未审结 | 0 | 0 | 0 |\n| 总计 | 1 | 2 | 0 |"
        let r = Self.report(t4: t4)
        #expect(r.tables.reviewLitigation?.groups.values.allSatisfy { $0.allSatisfy { $0 == nil } } == true)
        #expect(r.diagnostics.contains { $0.message.contains("排列与官方格式不同") })
    }

    @Test func manyAmbiguousGluedRowsDoNotOverflow() {
        let rows = TableSchema.applicationRows(for: .v2021).filter { $0.valueCount > 0 }.map { $0.label + "131111113130" }.joined()
        let r = Self.report(t3: rows)
        #expect(r.tables.applications?.rows["total"] == Array(repeating: nil, count: 7))
    }

    @Test func longLabelsWithCommasDoNotEndTheTable() {
        var t3 = Self.section("三、收到和处理政府信息公开申请情况", "四、政府信息公开")
        t3 = t3.replacingOccurrences(of: "1.申请人无正当理由逾期不补正、行政机关", with: "1.申请人无正当理由逾期不补正，行政机关")
            .replacingOccurrences(of: "\t", with: " ")
        let r = Self.report(t3: t3)
        #expect(r.tables.applications?.rows["total"] == Array(repeating: .count(0), count: 7))
        #expect(r.tables.applications?.rows["carriedForward"] == Array(repeating: .count(0), count: 7))
    }
}

/// The second review round: PDF text with top-aligned cells, blank cells in PDF rows, text in a
/// value cell, page numbers, a transposed table 4 one cell per line, scraped-page lines above the
/// title.
@Suite struct RegressionRound2Tests {
    static func t3(_ rows: String) -> String {
        "申请人情况\n一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n三、本年度办理结果\n（一）予以公开 0 0 0 0 0 0 0\n" + rows
    }

    @Test func topAlignedWrappedLabelsDoNotTakeTheNextRowsNumbers() {
        let rows = """
        4.无正当理由大量反复申请 0 0 0 0 0 0 0
        5.要求行政机关确    0 0 0 0 0 0 0
        认或重新出具已获
        取信息
        1.申请人无正当理    1 0 0 0 0 0 1
        由逾期不补正、行
        政机关不再处理其
        政府信息公开申请
        2.申请人逾期未按    2 0 0 0 0 0 2
        收费通知要求缴纳
        费用、行政机关不
        再处理其政府信息
        公开申请
        3.其他              0 0 0 0 0 0 0
        （七）总计 3 0 0 0 0 0 3
        """
        let r = RegressionTests.report(t3: Self.t3(rows))
        let a = r.tables.applications
        #expect(a?.rows["notProcessed.confirmation"] == Array(repeating: nil, count: 7))
        #expect(a?.rows["otherHandling.overdueCorrection"] == Array(repeating: nil, count: 7))
        #expect(a?.rows["otherHandling.overdueFee"] == Array(repeating: nil, count: 7))
        #expect(a?.rows["otherHandling.other"] == Array(repeating: .count(0), count: 7))
    }

    @Test func aBlankCellInPDFTextIsNotFilledBySplittingANumber() {
        let r = RegressionTests.report(t3: Self.t3("（四）无法提供 1.本机关不掌握相关政府信息 12 0 0 0 0 3\n2.没有现成信息需要另行制作 0 0 0 0 0 0 0"))
        #expect(r.tables.applications?.rows["unavailable.notHeld"] == Array(repeating: nil, count: 7))
    }

    @Test func textInAValueCellKeepsItsColumn() {
        let t3 = RegressionTests.section("三、收到和处理政府信息公开申请情况", "四、政府信息公开")
            .replacingOccurrences(of: "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t", with: "一、本年新收政府信息公开申请数量\t\t5\t1*\t0\t0\t0\t0\t6")
        let r = RegressionTests.report(t3: t3)
        #expect(r.tables.applications?.rows["received"] == [.count(5), nil, .count(0), .count(0), .count(0), .count(0), .count(6)])
        #expect(r.diagnostics.contains { $0.message.contains("1*") })
    }

    @Test func pageNumbersAreNotValues() {
        let afterFormFeed = RegressionTests.report(t2: "信息内容 本年收费金额（单位：万元）\n行政事业性收费\n\u{0C}3\n")
        #expect(afterFormFeed.tables.activeDisclosure?.value("fees", "amount") == nil)
        let isolated = RegressionTests.report(t2: "信息内容 本年处理决定数量\n行政许可\n\n4\n\n行政处罚 2")
        #expect(isolated.tables.activeDisclosure?.value("licensing", "decisions") == nil)
        #expect(isolated.tables.activeDisclosure?.value("penalties", "decisions") == .count(2))
    }

    @Test func transposedTable4OneCellPerLineIsRefused() {
        let cells = ["项目", "行政复议", "未经复议直接起诉", "复议后起诉", "结果维持", "2", "1", "0", "结果纠正", "0", "0", "0", "其他结果", "0", "0", "0", "尚未审结", "0", "0", "0", "总计", "2", "1", "0"]
        let r = RegressionTests.report(t4: cells.joined(separator: "\n"))
        #expect(r.tables.reviewLitigation?.groups["review"] == Array(repeating: nil, count: 5))
    }

    @Test func otherRowWrittenWithADunOrParentheses() {
        for label in ["3、其他", "（三）其他"] {
            let t3 = RegressionTests.section("三、收到和处理政府信息公开申请情况", "四、政府信息公开").replacingOccurrences(of: "3.其他", with: label)
            let r = RegressionTests.report(t3: t3)
            #expect(r.tables.applications?.rows["otherHandling.other"] == Array(repeating: .count(0), count: 7), "\(label)")
        }
    }

    @Test func tableNumberInACaptionIsNotAValue() {
        let t4 = "表4：政府信息公开行政复议、行政诉讼情况\n" + RegressionTests.section("四、政府信息公开行政复议、行政诉讼情况", "五、存在")
        let r = RegressionTests.report(t4: t4)
        #expect(r.tables.reviewLitigation?.groups["review"] == Array(repeating: .count(0), count: 5))
    }

    @Test func aWrappedCaptionWithACommaDoesNotEndTable3() {
        let t3 = "    （本列数据的勾稽关系为：第一项加      自然人 商业 科研\n    第二项之和，等于第三项加第四项之和）      企业 机构\n" + Self.t3("（七）总计 3 0 0 0 0 0 3\n四、结转下年度继续办理 0 0 0 0 0 0 0")
        let r = RegressionTests.report(t3: t3)
        #expect(r.tables.applications?.rows["received"] == [3, 0, 0, 0, 0, 0, 3].map { .count($0) })
        #expect(r.tables.applications?.rows["total"] == [3, 0, 0, 0, 0, 0, 3].map { .count($0) })
    }

    @Test(arguments: ["发布日期：2024年1月15日", "发布日期：2024-01-15", "首页 > 政务公开 > 政府信息公开年报", "【字体：大 中 小】"])
    func linesAboveTheTitle(_ line: String) {
        let r = ReportReader().read(text: line + "\n" + RegressionTests.seed, path: "a.txt")
        #expect(r.agency == "洛阳市司法局")
        #expect(r.year == 2023)
    }
}
