import AnnualReports
import Foundation
import Testing

/// The five seed reports, each compared with its golden JSON (every table value checked by hand
/// against the text when the golden file was recorded).
@Suite struct SeedGoldenTests {
    static let seeds = [
        "luoyang-sifaju-2023.txt", "yichuan-sifaju-2024.txt", "muye-sifaju-2023.txt",
        "luoyang-sifaju-2020.txt", "ruicheng-sifaju-2023.txt",
    ]

    @Test(arguments: seeds)
    func matchesGolden(_ name: String) throws {
        let report = try Paths.read(Paths.content.appendingPathComponent(name), as: "content/\(name)")
        try Golden.assertMatches(report.json.pretty, "seeds/\(name).json")
    }

    @Test(arguments: seeds)
    func seedsReadCleanly(_ name: String) throws {
        let report = try Paths.read(Paths.content.appendingPathComponent(name), as: "content/\(name)")
        #expect(!report.hasErrors)
        #expect(report.diagnostics.allSatisfy { $0.severity == .note }, "\(report.diagnostics.map(\.formatted))")
        #expect(report.checks.allSatisfy { $0.status == .pass })
        #expect(report.tables.activeDisclosure != nil && report.tables.applications != nil && report.tables.reviewLitigation != nil)
        #expect(report.sections.count == 6 && report.sections.allSatisfy { $0.markdown != nil })
    }

    @Test func identities() throws {
        let expected: [(String, String, Int, Template, String?)] = [
            ("luoyang-sifaju-2023.txt", "洛阳市司法局", 2023, .v2021, nil),
            ("yichuan-sifaju-2024.txt", "伊川县司法局", 2024, .v2021, nil),
            ("muye-sifaju-2023.txt", "牧野区司法局", 2023, .v2021, nil),
            ("luoyang-sifaju-2020.txt", "洛阳市司法局", 2020, .v2019, nil),
            ("ruicheng-sifaju-2023.txt", "芮城县司法局", 2023, .v2021, "2024-01-15"),
        ]
        for (name, agency, year, template, published) in expected {
            let report = try Paths.read(Paths.content.appendingPathComponent(name), as: name)
            #expect(report.agency == agency, "\(name)")
            #expect(report.year == year, "\(name)")
            #expect(report.template == template, "\(name)")
            #expect(report.published == published, "\(name)")
        }
    }

    /// A few values of each seed, written out from the text by hand, independent of the golden files.
    @Test func handCheckedValues() throws {
        let luoyang = try Paths.read(Paths.content.appendingPathComponent("luoyang-sifaju-2023.txt"), as: "a")
        #expect(luoyang.tables.activeDisclosure?.value("fees", "amount") == .amount("1351.6101"))
        let yichuan = try Paths.read(Paths.content.appendingPathComponent("yichuan-sifaju-2024.txt"), as: "b")
        #expect(yichuan.tables.applications?.rows["received"] == [2, 0, 0, 0, 0, 0, 2].map { .count($0) })
        #expect(yichuan.tables.applications?.rows["denied.processInfo"] == [2, 0, 0, 0, 0, 0, 2].map { .count($0) })
        #expect(yichuan.tables.activeDisclosure?.value("fees", "amount") == .amount("45.0553"))
        let luoyang2020 = try Paths.read(Paths.content.appendingPathComponent("luoyang-sifaju-2020.txt"), as: "c")
        let ad = try #require(luoyang2020.tables.activeDisclosure)
        #expect(ad.value("licensing", "previousCount") == .count(2))
        #expect(ad.value("licensing", "decisions") == .count(856))
        #expect(ad.value("otherServices", "previousCount") == .count(26))
        #expect(ad.value("otherServices", "decisions") == .count(1483))
        #expect(ad.value("penalties", "previousCount") == .count(50))
        #expect(ad.value("procurement", "amount") == .amount("0"))
        #expect(luoyang2020.tables.applications?.rows["granted"] == [1, 0, 0, 0, 0, 0, 1].map { .count($0) })
        #expect(luoyang2020.tables.applications?.rows["otherHandling"] == Array(repeating: .count(0), count: 7))
    }
}
