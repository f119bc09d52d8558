import AnnualReports
import ReportSynth
import Testing

/// One report written in every layout the reader knows gives the same tables.
@Suite struct LayoutTests {
    @Test(arguments: Layout.allCases)
    func sample2021ReadsTheSameInEveryLayout(_ layout: Layout) throws {
        try assertRoundTrip(.sample2021, layout)
    }

    @Test(arguments: [Layout.tabs, .cellPerLine, .pdfText, .markdownPipes])
    func sample2019ReadsTheSameInEveryLayout(_ layout: Layout) throws {
        try assertRoundTrip(.sample2019, layout)
    }

    private func assertRoundTrip(_ data: TableData, _ layout: Layout) throws {
        let text = LayoutWriter(data: data, layout: layout).text
        let report = ReportReader().read(text: text, path: "\(layout).txt")
        #expect(report.template == data.template)
        let expected = data.expectedTables
        #expect(report.tables.activeDisclosure == expected.activeDisclosure, "\(layout)\n\(text)")
        #expect(report.tables.applications == expected.applications, "\(layout)")
        #expect(report.tables.reviewLitigation == expected.reviewLitigation, "\(layout)")
        #expect(report.checks.allSatisfy { $0.status == .pass }, "\(report.checks.filter { $0.status != .pass }.map(\.message))")
        #expect(!report.hasErrors, "\(report.diagnostics.map(\.formatted))")
        #expect(report.agency == "某某市某某局")
    }
}
