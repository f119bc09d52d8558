import AnnualReports
import Foundation
import ReportSite
import Testing

/// Broken and hostile files in content/: each gets a clear diagnostic, nothing escapes its place,
/// and the other reports are still built.
@Suite struct HostileContentTests {
    static var seed: String { try! SiteBuildTests.seed("luoyang-sifaju-2023.txt") }

    @Test func linksOutOfTheContentFolderAreNotRead() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-link-\(UUID().uuidString)")
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Self.seed.write(to: content.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let secret = root.appendingPathComponent("secret.txt")
        try "机密 2023 年政府信息公开工作年度报告".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: content.appendingPathComponent("b.txt"), withDestinationURL: secret)
        let (files, skipped) = try ContentLoader().find(in: [content.path])
        #expect(files.count == 1 && files[0].hasSuffix("a.txt"))
        #expect(skipped.count == 1 && skipped[0].reason == .linkOutside(target: secret.resolvingSymlinksInPath().path))
    }

    @Test func emptyAndBinaryFilesGetOneErrorEach() {
        for bytes in [[UInt8](), Array("%PDF-1.7\n".utf8), [0x50, 0x4B, 0x03, 0x04, 0, 0, 1]] {
            let report = ReportReader().read(bytes: bytes, path: "x.txt")
            #expect(report.diagnostics.count == 1, "\(report.diagnostics.map(\.formatted))")
            #expect(report.diagnostics.first?.severity == .error)
        }
    }

    @Test func hostileNamesStayInTheirPlace() throws {
        let files = [
            "rlo.txt": "---\nagency: \"a/../b\\u202e局\"\nslug: \"../../etc\"\nyear: 2022\n---\n" + Self.seed,
            "feed.txt": "---\nagency: \"]]><x>&amp;\\u0001局\"\nyear: 2021\n---\n" + Self.seed,
            "formula.txt": "---\nagency: \"=HYPERLINK(\\\"http://x\\\")\"\nyear: 2020\n---\n" + Self.seed,
            "long.txt": "---\nagency: \"" + String(repeating: "很", count: 500) + "\"\nyear: 2019\n---\n" + Self.seed,
        ]
        let (output, summary) = try SiteBuildTests.build(files)
        #expect(summary.reports == 4)
        let agencies = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("agencies").path)
        #expect(agencies.allSatisfy { name in name == "index.html" || (name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } && !name.hasSuffix("-")) })
        let feed = try SiteBuildTests.read(output, "feed.xml")
        #expect(!feed.contains("]]>") && !feed.contains("<x>") && !feed.unicodeScalars.contains("\u{1}"))
        let csv = try SiteBuildTests.read(output, "data/reports.csv")
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        let page = try SiteBuildTests.read(output, "agencies/a-b-ju/2022/index.html")
        #expect(!page.unicodeScalars.contains("\u{202E}"))
        #expect(page.contains("a/../b局"))
    }
}
