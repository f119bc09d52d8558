import AnnualReports
import Foundation
import Testing

/// The real reports in `../shared/corpus`. Their tables are compared with golden JSON whose values
/// were checked by hand against each report's text; a value the reader cannot be sure of must be
/// `null` with a diagnostic.
@Suite struct CorpusTests {
    static let complete = [
        "shuyang_gov_2025.md", "sh_kewei_2024.md",
        "pingtan_2019.page.txt", "pingtan_2020.page.txt", "pingtan_2021.page.txt",
        "pingtan_2022.page.txt", "pingtan_2024.page.txt", "pingtan_2025.page.txt",
    ]
    static let partial = [
        "changchun_styjrswj_2023.excerpt.txt", "ip61-150-65-235_qtjj_2023.excerpt.txt",
        "jxx_mirror_2023_2019fmt.excerpt.txt", "xuwen_2023.excerpt.txt", "zhanjiang_dfz_2023.excerpt.txt",
    ]

    static func read(_ relative: String) throws -> Report {
        let url = Paths.corpus.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CorpusMissing(path: url.path)
        }
        return try Paths.read(url, as: "corpus/\(relative)")
    }

    struct CorpusMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is missing: the tests expect shared/ beside the checkout, as CI has it" }
    }

    /// What the golden files hold: identity, tables and the checks that do not pass.
    static func tablesJSON(_ report: Report) -> String {
        guard case .object(let members) = report.json else { return "" }
        let keep: Set<String> = ["agency", "agencySlug", "year", "template", "published", "tables"]
        var kept = members.filter { keep.contains($0.0) }
        let notPassing = report.checks.filter { $0.status != .pass }.map { check in
            JSONValue.string("\(check.status.rawValue) \(check.id) \(check.scope)")
        }
        kept.append(("checksNotPassing", .array(notPassing)))
        return JSONValue.object(kept).pretty
    }

    @Test(arguments: complete)
    func completeReportsMatchGolden(_ name: String) throws {
        let report = try Self.read(name)
        try Golden.assertMatches(Self.tablesJSON(report), "corpus/\(name).json")
    }

    @Test(arguments: complete)
    func completeReportsHaveAllTables(_ name: String) throws {
        let report = try Self.read(name)
        #expect(report.tables.activeDisclosure != nil)
        #expect(report.tables.applications != nil)
        #expect(report.tables.reviewLitigation != nil)
        #expect(report.agency != nil && report.year != nil)
        #expect(!report.hasErrors, "\(report.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
    }

    /// Every `null` cell of a table the reader found is explained by a diagnostic at that table.
    @Test(arguments: complete)
    func nullsComeWithDiagnostics(_ name: String) throws {
        let report = try Self.read(name)
        let hasNulls = (report.tables.applications?.rows.values.contains { $0.contains(nil) } ?? false)
            || (report.tables.activeDisclosure?.rows.values.contains { $0.contains(nil) } ?? false)
        if hasNulls {
            #expect(report.diagnostics.contains { $0.severity == .warning && $0.message.contains("null") })
        }
    }

    /// The checks that fail are failures of the reports themselves, confirmed by reading them.
    @Test func onlyTheSourcesOwnInconsistenciesFail() throws {
        var failing: [String: [String]] = [:]
        for name in Self.complete {
            let report = try Self.read(name)
            let failed = report.checks.filter { $0.status == .fail }.map { "\($0.id) \($0.scope)" }
            if !failed.isEmpty { failing[name] = failed }
        }
        #expect(failing == [
            // (六)其他处理 4 + the other outcomes give 26 (27 in 总计), but （七）总计 says 20 (21).
            "pingtan_2020.page.txt": ["applications.outcomeSum naturalPerson", "applications.outcomeSum total"],
            // The prose says 收到…75件 (72 natural persons, 3 companies: the 总计 row); the table's 本年新收 is 74.
            "pingtan_2022.page.txt": ["narrative.received received.total"],
        ])
    }

    @Test(arguments: partial)
    func partialExcerptsGiveDiagnostics(_ name: String) throws {
        let report = try Self.read("partial/\(name)")
        #expect(report.hasErrors, "an excerpt cut off inside table 3 must be reported as incomplete")
        #expect(report.tables.reviewLitigation == nil)
        #expect(report.diagnostics.contains { $0.severity == .error && $0.message.contains("至第六部分") && $0.message.contains("被截断") })
        try Golden.assertMatches(Self.tablesJSON(report), "corpus/partial/\(name).json")
    }

    @Test func gluedCellsAreSplitOnlyWhereCertain() throws {
        let report = try Self.read("pingtan_2024.page.txt")
        let applications = try #require(report.tables.applications)
        #expect(applications.rows["received"] == [217, 1, 0, 0, 0, 0, 218].map { .count($0) })
        #expect(applications.rows["otherHandling.other"] == [1, 1, 0, 0, 0, 0, 2].map { .count($0) })
        let disclosure = try #require(report.tables.activeDisclosure)
        // 行政规范性文件6233440: three cells with no identity to tell 62/33/440 from 6/233/440.
        #expect(disclosure.rows["normativeDocuments"] == [nil, nil, nil])
        #expect(disclosure.value("licensing", "decisions") == .count(4529))
        #expect(disclosure.value("fees", "amount") == .amount("18651.06"))
        #expect(report.tables.reviewLitigation?.groups["litigationAfterReview"] == [13, 2, 4, 0, 19].map { .count($0) })
    }

    @Test func rowsSeparatedFromTheirLabelsAreNotGuessed() throws {
        // sh_kewei: PDF converted cell by cell; the row under 5.属于三类内部事务信息 / 1.本机关不掌握相关政府信息
        // belongs to the first label (1, by the report's own prose), not to the label nearest to it.
        let report = try Self.read("sh_kewei_2024.md")
        let applications = try #require(report.tables.applications)
        #expect(applications.rows["unavailable.notHeld"] == Array(repeating: nil, count: 7))
        #expect(applications.rows["granted"] == [9, 0, 0, 0, 0, 0, 9].map { .count($0) })
        #expect(applications.rows["carriedForward"] == [1, 0, 0, 0, 0, 0, nil].map { $0.map(TableValue.count) })
    }
}
