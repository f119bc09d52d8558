import AnnualReports
import Foundation
import ReportSite
import Testing

/// Every kind of broken input issue 4 lists, in one content folder beside a good report: each
/// file gets the diagnostic that says what is wrong (at its file and line), nothing crashes or
/// hangs, and the good report and the readable ones are still published.
@Suite struct BrokenInputTests {
    /// The seed as another agency's report, so that the inputs do not collide as duplicates.
    static func report(_ agency: String) throws -> String {
        try SiteBuildTests.seed("luoyang-sifaju-2023.txt").replacingOccurrences(of: "洛阳市司法局", with: agency)
    }

    struct Expectation: Sendable {
        var file: String
        var bytes: [UInt8]
        var severity: Diagnostic.Severity
        var message: String
        var line: Int?
        var published: String?
    }

    static func expectations() throws -> [Expectation] {
        func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }
        func gb18030(_ s: String) -> [UInt8] { [UInt8](s.data(using: String.Encoding(rawValue: 0x8000_0632))!) }
        func utf16(_ s: String, little: Bool) -> [UInt8] { s.utf16.flatMap { little ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
        let lines = try report("截断局").split(separator: "\n", omittingEmptySubsequences: false)
        let sectionTwo = try #require(lines.firstIndex { $0.hasPrefix("二、") })
        let damaged = try report("损坏局")
        let damagedLines = damaged.split(separator: "\n", omittingEmptySubsequences: false)
        let mixed = try report("混合编码局")
        let mixedLines = mixed.split(separator: "\n", omittingEmptySubsequences: false)
        let half = mixedLines.count / 2
        let table = try report("长表局")
        let sectionThree = try #require(table.range(of: "三、收到和处理"))
        let longTable = String(table[..<sectionThree.lowerBound]) + (0..<100_000).map { "\($0) \($0 % 7) \($0 % 13)\n" }.joined() + String(table[sectionThree.lowerBound...])
        let padding = String(repeating: "本机关持续推进政府信息公开标准化规范化建设，及时回应社会关切。\n", count: 48_000)
        // The line the second copy's title is on, when a report is followed by another.
        let secondTitle = lines.count + 1 + (lines.firstIndex { !$0.isEmpty } ?? 0)
        let bomb = "---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nagency: *b\n---\n"

        return [
            Expectation(file: "empty.txt", bytes: [], severity: .error, message: "没有正文", line: 1),
            Expectation(file: "scan.txt", bytes: utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), severity: .error, message: "PDF", line: 1),
            Expectation(file: "image.txt", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], severity: .error, message: "PNG", line: 1),
            Expectation(file: "archive.txt", bytes: [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 8, 0], severity: .error, message: "ZIP", line: 1),
            Expectation(file: "truncated.txt", bytes: utf8(lines[..<sectionTwo].joined(separator: "\n")), severity: .error, message: "被截断", line: nil),
            Expectation(file: "title-only.txt", bytes: utf8("某县民政局2023年政府信息公开工作年度报告\n"), severity: .error, message: "只有标题，没有正文", line: 1),
            Expectation(file: "invalid-utf8.txt", bytes: utf8(damagedLines[..<10].joined(separator: "\n") + "\n") + [0xFF, 0xC0, 0x80] + utf8(damagedLines[10...].joined(separator: "\n")),
                        severity: .error, message: "无法解码的字节", line: 11),
            Expectation(file: "mixed-encodings.txt", bytes: utf8(mixedLines[..<half].joined(separator: "\n") + "\n") + gb18030(mixedLines[half...].joined(separator: "\n")),
                        severity: .warning, message: "混用了两种编码", line: nil, published: "混合编码局"),
            Expectation(file: "gb18030.txt", bytes: gb18030(try report("国标编码局")), severity: .note, message: "", published: "国标编码局"),
            Expectation(file: "utf16le.txt", bytes: [0xFF, 0xFE] + utf16(try report("小端局"), little: true), severity: .note, message: "", published: "小端局"),
            Expectation(file: "utf16be.txt", bytes: [0xFE, 0xFF] + utf16(try report("大端局"), little: false), severity: .note, message: "", published: "大端局"),
            Expectation(file: "utf16-no-bom.txt", bytes: utf16(try report("无标记局"), little: true), severity: .warning, message: "没有 BOM", line: 1, published: "无标记局"),
            Expectation(file: "large.txt", bytes: utf8(try report("大文件局") + padding), severity: .warning, message: "MB，远大于", line: 1, published: "大文件局"),
            Expectation(file: "long-table.txt", bytes: utf8(longTable), severity: .warning, message: "没有行标签", published: "长表局"),
            Expectation(file: "broken-yaml.txt", bytes: utf8("---\nagency: [未闭合\nyear: 二〇二三\n---\n" + (try report("坏前置局"))), severity: .warning, message: "不支持 YAML", line: 2),
            Expectation(file: "unclosed-yaml.txt", bytes: utf8("---\nagency: 未结束局\nyear: 2023\n" + (try report("未结束局"))), severity: .error, message: "前置信息", line: 1),
            Expectation(file: "alias-bomb.txt", bytes: utf8(bomb + (try report("别名局"))), severity: .warning, message: "锚点、别名", line: 4),
            Expectation(file: "year-0.txt", bytes: utf8("---\nyear: 0\n---\n" + (try report("零年局"))), severity: .error, message: "报告年度 0 不可能正确", line: 1),
            Expectation(file: "year-1900.txt", bytes: utf8("---\nyear: 1900\n---\n" + (try report("古年局"))), severity: .error, message: "报告年度 1900 不可能正确", line: 1),
            Expectation(file: "year-3000.txt", bytes: utf8("---\nyear: 3000\n---\n" + (try report("远年局"))), severity: .error, message: "报告年度 3000 不可能正确", line: 1),
            Expectation(file: "empty-agency.txt", bytes: utf8("---\nagency: \"\"\n---\n" + (try report("空名局"))), severity: .warning, message: "agency 为空", line: 2, published: "空名局"),
            Expectation(file: "pasted-twice.txt", bytes: utf8(try report("重复局") + "\n" + (try report("重复局"))), severity: .warning, message: "重复了一遍", line: secondTitle, published: "重复局"),
            Expectation(file: "two-reports.txt", bytes: utf8(try report("前一份局") + "\n" + (try SiteBuildTests.seed("muye-sifaju-2023.txt"))), severity: .error, message: "又是一份报告", line: secondTitle),
            Expectation(file: "report.pdf", bytes: utf8("%PDF-1.7\n"), severity: .warning, message: "请先把它转换为纯文本", line: 1),
        ]
    }

    @Test func eachBrokenInputIsNamedAndTheRestIsBuilt() throws {
        let expectations = try Self.expectations()
        let root = Scratch.folder("broken")
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try SiteBuildTests.seed("luoyang-sifaju-2023.txt").write(to: content.appendingPathComponent("good.txt"), atomically: false, encoding: .utf8)
        for e in expectations { try Data(e.bytes).write(to: content.appendingPathComponent(e.file)) }
        // A FIFO named like a report would block a reader that opened it.
        #expect(mkfifo(content.appendingPathComponent("pipe.txt").path, 0o644) == 0)

        setenv("GONGKAI_THEME", SiteBuildTests.repository.appendingPathComponent("theme").path, 1)
        let output = root.appendingPathComponent("public")
        let summary = try SiteBuilder(options: .init(content: content.path, output: output.path, config: root.appendingPathComponent("site.yml").path)).build()

        let byFile = Dictionary(grouping: summary.diagnostics, by: \.location.file)
        #expect(byFile["content/pipe.txt"]?.first?.message.contains("特殊文件") == true)
        #expect(byFile["content/good.txt"] == nil, "\(byFile["content/good.txt"]?.map(\.formatted) ?? [])")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("agencies/luo-yang-shi-si-fa-ju/2023/index.html").path))

        let index = try SiteBuildTests.read(output, "agencies/index.html")
        for e in expectations {
            let found = byFile["content/" + e.file] ?? []
            if e.message.isEmpty {
                #expect(found.allSatisfy { $0.severity == .note }, "\(e.file): \(found.map(\.formatted))")
            } else {
                let match = found.first { $0.severity == e.severity && $0.message.contains(e.message) }
                #expect(match != nil, "\(e.file): expected a \(e.severity) saying “\(e.message)”, got \(found.map(\.formatted))")
                if let line = e.line { #expect(match?.location.line == line, "\(e.file): \(match?.formatted ?? "")") }
                #expect(found.allSatisfy { $0.location.line >= 1 })
            }
            if let agency = e.published {
                #expect(index.contains(agency), "\(e.file): \(agency) is not published")
            }
        }
        // The readable ones give the seed's numbers, whatever their encoding.
        let good = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("data/reports.json"))) as? [[String: Any]])
        func json(_ value: Any?) -> Data? { value.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) } }
        let tables = Dictionary(good.compactMap { r in (r["agency"] as? String).map { ($0, json(r["tables"])) } }, uniquingKeysWith: { a, _ in a })
        for agency in ["混合编码局", "国标编码局", "小端局", "大端局", "无标记局", "长表局", "重复局"] {
            #expect(tables[agency] != nil && tables[agency]! != nil && tables[agency] == tables["洛阳市司法局"], "\(agency)'s tables differ from the seed's")
        }
    }

    @Test func tenThousandTinyFiles() throws {
        let root = Scratch.folder("tiny")
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for i in 0..<10_000 {
            try Data("报告\(i)\n".utf8).write(to: content.appendingPathComponent(String(format: "t%05d.txt", i)))
        }
        try SiteBuildTests.seed("luoyang-sifaju-2023.txt").write(to: content.appendingPathComponent("good.txt"), atomically: false, encoding: .utf8)
        setenv("GONGKAI_THEME", SiteBuildTests.repository.appendingPathComponent("theme").path, 1)
        let output = root.appendingPathComponent("public")
        let summary = try SiteBuilder(options: .init(content: content.path, output: output.path, config: root.appendingPathComponent("site.yml").path)).build()
        #expect(summary.reports == 1)
        #expect(summary.errors == 10_000)
        #expect(Set(summary.diagnostics.map(\.location.file)).count == 10_000)
        let quality = try SiteBuildTests.read(output, "quality/index.html")
        #expect(quality.contains("content/t09999.txt"))
    }
}
