@testable import ReportSite
import Testing

/// The cells of the year and comparison tables.
@Suite struct MetricCellTests {
    static func cell(_ value: Metric.Value?) -> String {
        var out = Markup(capacity: 256)
        PageRenderer.metricCell(value, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A count is written as its digits: the bytes the figure and the escaped display made.
    @Test func aCountIsWrittenAsItsFigureAndDisplayWere() {
        for n in [0, 1, 9, 10, -1, -10, 45_055, Int(Int32.max), 999_999_999_999, 1_000_000_000_000, -999_999_999_999, 123_456_789_012_345] {
            #expect(Self.cell(Metric.Value(count: n)) == Self.cell(Metric.Value(number: Double(n), display: String(n))), "\(n)")
        }
        #expect(Self.cell(Metric.count(45)) == #"<td class="num" data-sort="45">45</td>"#)
    }

    @Test func otherValuesSayWhatTheyAre() {
        #expect(Self.cell(nil).contains("未能从原文确认"))
        #expect(Self.cell(Metric.Value(number: nil, display: "不适用（无办理结果）")) == #"<td class="none" data-sort="">不适用（无办理结果）</td>"#)
        #expect(Self.cell(Metric.Value(number: 37.5, display: "37.5%")) == #"<td class="num" data-sort="37.5">37.5%</td>"#)
        #expect(Self.cell(Metric.Value(number: 1, display: "<1>")) == #"<td class="num" data-sort="1">&lt;1&gt;</td>"#)
    }
}
