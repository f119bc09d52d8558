import AnnualReports
import Foundation
@testable import ReportSite
import Testing

/// The digest the site-wide pages read must give back every table value and count of the report
/// it was made from: a wrong cell here would be a wrong number on the year, comparison and CSV pages.
extension ReportDigest.Column {
    /// What the column holds, read from the report's tables as the pages did before the digest:
    /// `nil` when the report has no such cell (another format, a missing table), `.some(nil)` for
    /// a cell the reader could not confirm.
    func value(_ report: Report) -> TableValue?? {
        switch source {
        case .activeDisclosure(let row, let value):
            guard let table = report.tables.activeDisclosure,
                  TableSchema.activeDisclosureRows(for: table.template).contains(where: { $0.key == row && $0.values.contains { $0.key == value } })
            else { return .none }
            return .some(table.value(row, value))
        case .applications(let row, let column):
            guard let values = report.tables.applications?.rows[row], column < values.count else { return .none }
            return .some(values[column])
        case .reviewLitigation(let group, let outcome):
            guard let values = report.tables.reviewLitigation?.groups[group], outcome < values.count else { return .none }
            return .some(values[outcome])
        }
    }
}

@Suite struct ReportDigestTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The reports of `content/` and of `../shared/corpus`, read as the site build reads them.
    static func reports() throws -> [Report] {
        let folders = [repository.appendingPathComponent("content"), repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")]
        var reports: [Report] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".txt") || name.hasSuffix(".md") || name.hasSuffix(".html") {
                let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
                reports.append(ReportReader().read(bytes: bytes, path: name))
            }
        }
        return reports
    }

    static func expectSame(_ digest: ReportDigest, _ report: Report) {
        for (index, column) in ReportDigest.columns.enumerated() {
            #expect(digest.value(index) == column.value(report), "\(report.source.path) \(column.header)")
        }
        #expect(digest.passed == report.checks.filter { $0.status == .pass }.count)
        #expect(digest.failed == report.checks.filter { $0.status == .fail }.count)
        #expect(digest.unknown == report.checks.filter { $0.status == .unknown }.count)
        #expect(digest.errors == report.diagnostics.filter { $0.severity == .error }.count)
        #expect(digest.warnings == report.diagnostics.filter { $0.severity == .warning }.count)
        let unsettled = report.checks.filter { $0.status != .pass }
        #expect(digest.unsettledChecks == Array(unsettled.prefix(ReportDigest.listLimit)))
        #expect(digest.unsettledCheckCount == unsettled.count)
        let listed = report.diagnostics.filter { $0.severity != .note }
        #expect(digest.listedDiagnostics == Array(listed.prefix(ReportDigest.listLimit)))
        #expect(digest.listedDiagnosticCount == listed.count)
        #expect(digest.applications("received", 6) == report.tables.applications?.count("received", 6))
        #expect(digest.reviewLitigation("review", 4) == report.tables.reviewLitigation?.count("review", 4))
        #expect(digest.activeDisclosure("fees", "amount") == report.tables.activeDisclosure?.value("fees", "amount"))
        #expect(digest.applicationsTemplate == report.tables.applications?.template)
    }

    @Test func everyValueOfTheRealReportsComesBack() throws {
        let reports = try Self.reports()
        #expect(reports.count >= 12)
        for report in reports { Self.expectSame(ReportDigest(report), report) }
    }

    /// Amounts, counts too large for a 32-bit cell, the markers' own values and unconfirmed cells
    /// each come back as they were; many failing checks are counted and only the first listed.
    @Test func cellsThatDoNotFitComeBackAsTheyWere() throws {
        var report = ReportReader().read(bytes: [UInt8](try Data(contentsOf: Self.repository.appendingPathComponent("content/luoyang-sifaju-2023.txt"))), path: "a.txt")
        var applications = try #require(report.tables.applications)
        applications.rows["received"] = [.count(Int(Int32.max) + 1), .count(Int(Int32.min)), .count(Int(Int32.min) + 2), .count(Int(Int32.min) + 3), nil, .count(-5), .count(Int.max)]
        report.tables.applications = applications
        var active = try #require(report.tables.activeDisclosure)
        active.rows["fees"] = [.amount("1351.6101")]
        report.tables.activeDisclosure = active
        report.checks += (0..<45).map { Check(id: "applications.balance", scope: "c\($0)", status: $0 % 2 == 0 ? .fail : .unknown, message: "m\($0)", expected: nil, actual: nil) }
        report.diagnostics += (0..<40).map { Diagnostic($0 % 3 == 0 ? .note : .warning, "d\($0)", at: SourceLocation(file: "a.txt", line: $0 + 1)) }
        let digest = ReportDigest(report)
        Self.expectSame(digest, report)
        #expect(digest.activeDisclosure("fees", "amount") == .amount("1351.6101"))
        #expect(digest.applications("received", 0) == Int(Int32.max) + 1)
        #expect(digest.applications("received", 1) == Int(Int32.min))
        #expect(digest.applications("received", 4) == nil)
        #expect(digest.applications("received", 6) == Int.max)
        #expect(digest.unsettledChecks.count == ReportDigest.listLimit)
        Self.expectRoundTrip(digest)
    }

    /// The build cache keeps each digest in binary form, and a rebuild reads it back instead of the
    /// whole report: it must come back equal, field for field.
    static func expectRoundTrip(_ digest: ReportDigest) {
        let binary = digest.encoded.bytes
        let decoded = try? ReportDigest(binary: binary)
        #expect(decoded == digest, "\(digest.sourcePath)")
        #expect(decoded?.encoded.bytes == binary)
    }

    @Test func digestsComeBackFromTheirBinaryForm() throws {
        for report in try Self.reports() { Self.expectRoundTrip(ReportDigest(report)) }
        var report = ReportReader().read(bytes: [UInt8](try Data(contentsOf: Self.repository.appendingPathComponent("content/luoyang-sifaju-2023.txt"))), path: "a.txt")
        report.checks.append(Check(id: "series.carriedOver", scope: "total", status: .fail, message: "上年结转 3 与上一年度结转下年度 4 不符", expected: 4, actual: 3))
        report.region = Region(province: "河南省", city: nil, county: "西县")
        let digest = ReportDigest(report)
        #expect(digest.carriedOverChecks.count == 1)
        Self.expectRoundTrip(digest)
    }

    /// A rebuild makes a site-wide file again only if a part of a digest it reads changed: each
    /// kind of edit must change its own part and no other (a part that stayed the same while the
    /// field changed would leave a page stale).
    @Test func eachFieldChangesItsOwnPart() throws {
        let report = ReportReader().read(bytes: [UInt8](try Data(contentsOf: Self.repository.appendingPathComponent("content/luoyang-sifaju-2023.txt"))), path: "a.txt")
        let base = ReportDigest(report).encoded.parts
        func parts(_ edit: (inout Report) -> Void) -> ReportDigest.Parts {
            var edited = report
            edit(&edited)
            let encoded = ReportDigest(edited).encoded
            #expect((try? ReportDigest(binary: encoded.bytes))?.encoded.parts == encoded.parts)
            return encoded.parts
        }
        let published = parts { $0.published = "2030-01-05" }
        #expect(published.published != base.published && published.identity == base.identity && published.values == base.values && published.checks == base.checks)
        let region = parts { $0.region = Region(province: "河南省", city: "洛阳市", county: nil) }
        #expect(region.identity != base.identity && region.published == base.published && region.values == base.values && region.checks == base.checks)
        let agency = parts { $0.agency = "洛阳市司法局（改名）" }
        #expect(agency.identity != base.identity && agency.values == base.values)
        let value = parts { $0.tables.applications?.rows["received"]?[6] = .count(987_654) }
        #expect(value.values != base.values && value.identity == base.identity && value.published == base.published && value.checks == base.checks)
        let null = parts { $0.tables.applications?.rows["received"]?[6] = nil }
        #expect(null.values != base.values && null.values != value.values)
        let check = parts { $0.checks.append(Check(id: "x", scope: "total", status: .fail, message: "不符", expected: 1, actual: 2)) }
        #expect(check.checks != base.checks && check.values == base.values && check.identity == base.identity && check.published == base.published)
        let warning = parts { $0.diagnostics.append(Diagnostic(.warning, "警告", at: SourceLocation(file: "a.txt", line: 3))) }
        #expect(warning.checks != base.checks && warning.checks != check.checks && warning.values == base.values)
        // What no site-wide file reads (the narrative) changes no part.
        #expect(parts { $0.sections[0].markdown = "改写的总体情况。" } == base)
    }

    /// `series.carriedOver` is added to a digest without making the checks it does not keep; the
    /// digest is the one that adding all its checks gives, whatever their statuses, and however
    /// many checks the report already lists.
    @Test func addingSeriesInputsIsAddingTheirChecks() throws {
        let reports = try Self.reports()
        let columns = Applications.columns.count
        let inputs: [SeriesCheck.Inputs] = [
            SeriesCheck.Inputs(year: 2023, file: "a.txt", expected: Array(repeating: nil, count: columns), actual: Array(repeating: 0, count: columns)),
            SeriesCheck.Inputs(year: 2023, file: "a.txt", expected: (0..<columns).map { $0 }, actual: (0..<columns).map { $0 }),
            SeriesCheck.Inputs(year: 2024, file: "b.txt", expected: (0..<columns).map { $0 % 3 == 0 ? nil : $0 }, actual: (0..<columns).map { $0 % 2 == 0 ? $0 : $0 + 1 }),
        ]
        var nearLimit = reports[0]
        nearLimit.checks += (0..<(ReportDigest.listLimit - 2)).map { Check(id: "x\($0)", scope: "total", status: .unknown, message: "无法核对", expected: nil, actual: nil) }
        for report in reports.prefix(8) + [nearLimit] {
            for input in inputs {
                var added = ReportDigest(report), checked = ReportDigest(report)
                added.add(series: input)
                checked.add(checks: input.checks)
                #expect(added == checked, "\(report.source.path)")
            }
        }
    }

    /// A damaged binary form is an error (the cache then reads the report again), never a digest
    /// with wrong values.
    @Test func aDamagedBinaryFormIsRejected() throws {
        let report = ReportReader().read(bytes: [UInt8](try Data(contentsOf: Self.repository.appendingPathComponent("content/luoyang-sifaju-2023.txt"))), path: "a.txt")
        let binary = ReportDigest(report).encoded.bytes
        for cut in [0, 1, binary.count / 2, binary.count - 1] {
            #expect(throws: (any Error).self) { try ReportDigest(binary: Array(binary.prefix(cut))) }
        }
        #expect(throws: (any Error).self) { try ReportDigest(binary: binary + [0]) }
    }
}
