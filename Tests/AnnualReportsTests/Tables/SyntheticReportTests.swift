import AnnualReports
import ReportSynth
import Testing

/// The benchmark's synthetic reports are real reports to the reader: each reads back to the tables
/// it was written from, its checks hold, and consecutive years carry over.
@Suite struct SyntheticReportTests {
    @Test func reportsReadBackToTheirTables() {
        let synth = SyntheticReports()
        var layouts = Set<Layout>()
        var sizes: [Int] = []
        for index in stride(from: 0, to: 20_000, by: 97) {
            let report = synth.report(index)
            layouts.insert(report.layout)
            sizes.append(report.text.utf8.count)
            let read = ReportReader().read(text: report.text, path: report.path)
            #expect(read.agency == report.agency && read.year == report.year, "\(report.path)")
            #expect(!read.hasErrors, "\(report.path): \(read.diagnostics.map(\.formatted))")
            #expect(!read.checks.contains { $0.status == .fail }, "\(report.path): \(read.checks.filter { $0.status == .fail }.map(\.message))")
            // Glued digits are split only where the identities allow one reading; elsewhere null.
            if report.layout != .glued {
                #expect(read.tables == report.data.expectedTables, "\(report.path) (\(report.layout))")
            }
        }
        #expect(layouts == Set(Layout.allCases))
        #expect(sizes.min()! >= 5_000 && sizes.max()! <= 9_500, "sizes \(sizes.min()!)–\(sizes.max()!)")
    }

    @Test func sameIndexSameText() {
        #expect(SyntheticReports().report(12_345).text == SyntheticReports().report(12_345).text)
    }

    @Test func consecutiveYearsCarryOver() {
        let synth = SyntheticReports()
        let first = synth.report(700), next = synth.report(701)
        #expect(next.year == first.year + 1 && next.agency == first.agency)
        #expect(first.data.applicationValues("carriedForward") == next.data.applicationValues("carriedOver"))
    }
}
