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
