import AnnualReports
import Foundation
import ReportSite
import Testing

/// End-to-end builds from inline content into a temporary folder.
@Suite struct SiteBuildTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A site folder with the given files, built; returns the output folder.
    static func build(_ files: [String: String], siteYML: String? = nil, strict: Bool = false) throws -> (output: URL, summary: SiteBuilder.Summary) {
        let root = Scratch.folder("test")
        for (path, text) in files {
            let url = root.appendingPathComponent("content/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        if let siteYML { try siteYML.write(to: root.appendingPathComponent("site.yml"), atomically: false, encoding: .utf8) }
        setenv("GONGKAI_THEME", repository.appendingPathComponent("theme").path, 1)
        let options = SiteBuilder.Options(
            content: root.appendingPathComponent("content").path, output: root.appendingPathComponent("public").path,
            config: root.appendingPathComponent("site.yml").path, strict: strict)
        let summary = try SiteBuilder(options: options).build()
        return (root.appendingPathComponent("public"), summary)
    }

    static func seed(_ name: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent("content/" + name), encoding: .utf8)
    }

    /// The one agency folder whose slug starts with `prefix` (names the slug cannot spell out
    /// whole get a suffix from their bytes).
    static func agencyFolder(_ output: URL, _ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("agencies").path).filter { $0.hasPrefix(prefix) }
        try #require(names.count == 1, "agency folders starting with \(prefix): \(names)")
        return "agencies/" + names[0]
    }

    static func read(_ output: URL, _ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func seedSiteHasEveryPage() throws {
        let (output, summary) = try Self.build([
            "a.txt": try Self.seed("luoyang-sifaju-2023.txt"),
            "b.txt": try Self.seed("luoyang-sifaju-2020.txt"),
        ], siteYML: "title: 测试门户\nbaseURL: https://example.gov.cn/nb/\n")
        #expect(summary.reports == 2 && summary.errors == 0)
        for path in ["index.html", "agencies/index.html", "quality/index.html", "404.html", "sitemap.xml", "feed.xml", "robots.txt",
                     "data/reports.json", "data/reports.csv", "assets/style.css",
                     "agencies/luo-yang-shi-si-fa-ju/index.html", "agencies/luo-yang-shi-si-fa-ju/2023/index.html",
                     "agencies/luo-yang-shi-si-fa-ju/2023/report.json", "agencies/luo-yang-shi-si-fa-ju/2020/source.txt"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path), "\(path)")
        }
        let page = try Self.read(output, "agencies/luo-yang-shi-si-fa-ju/2023/index.html")
        #expect(page.contains("<html lang=\"zh-CN\">"))
        #expect(page.contains("<title>洛阳市司法局 2023 年报告 - 测试门户</title>"))
        #expect(page.contains("<caption>收到和处理政府信息公开申请情况（2021 年版格式）</caption>"))
        #expect(page.contains("<td>1351.6101</td>"))
        #expect(page.contains("href=\"../2020/index.html\""))
        #expect(try Self.read(output, "sitemap.xml").contains("<loc>https://example.gov.cn/nb/agencies/luo-yang-shi-si-fa-ju/2023/</loc>"))
        let csv = try #require(FileManager.default.contents(atPath: output.appendingPathComponent("data/reports.csv").path))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: csv.dropFirst(3).prefix(22), as: UTF8.self) == "agency,agencySlug,year")
        // 2020 and 2023 are not consecutive years: no series check between them.
        let json = try Self.read(output, "agencies/luo-yang-shi-si-fa-ju/2023/report.json")
        #expect(!json.contains("series.carriedOver"))
        // data/reports.json: one array, a report a line, each line the report's report.json byte
        // for byte (compact JSON, no newline of its own).
        let lines = try Self.read(output, "data/reports.json").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines[0] == "[" && lines[3] == "]" && lines[4] == "")
        #expect(!json.contains("\n") && json.hasPrefix("{\"schemaVersion\":1,\"agency\":\"洛阳市司法局\","))
        #expect(lines[1...2].contains { $0 == json || $0 == json + "," })
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is NSDictionary)
    }

    @Test func yearAndComparisonPages() throws {
        let (output, _) = try Self.build([
            "a.txt": try Self.seed("luoyang-sifaju-2023.txt"), "b.txt": try Self.seed("yichuan-sifaju-2024.txt"),
            "c.txt": try Self.seed("luoyang-sifaju-2020.txt"),
        ])
        let year = try Self.read(output, "years/2024/index.html")
        #expect(year.contains("<table class=\"list sortable\" id=\"year-table\">"))
        #expect(year.contains("<script src=\"../../assets/sort.js\"></script>"))
        // 伊川县司法局 2024: 2 received, 0 granted, 0 partial, total 2 → 0.0%.
        #expect(year.contains("<td class=\"num\" data-sort=\"2\">2</td>"))
        #expect(year.contains(">0.0%</td>"))
        #expect(year.contains("role=\"img\" aria-labelledby=\"chart-received-2024-title chart-received-2024-desc\""))
        for slug in ["received", "disclosure-rate", "refusals", "reviews-lawsuits", "fees", "licensing-penalties"] {
            let page = try Self.read(output, "compare/\(slug)/index.html")
            #expect(page.contains("id=\"compare-table\""), "\(slug)")
        }
        let fees = try Self.read(output, "compare/fees/index.html")
        #expect(fees.contains(">1351.6101</td>") && fees.contains(">45.0553</td>"))
        // 2020 has no fee amount in the 2019 format: a gap, never a zero.
        #expect(fees.contains("未能从原文确认"))
        let agency = try Self.read(output, "agencies/luo-yang-shi-si-fa-ju/index.html")
        #expect(agency.contains("<svg class=\"chart\" id=\"chart-received\""))
    }

    /// One seed's report page, byte for byte; re-recorded only with `GONGKAI_RECORD=1`.
    @Test func reportPageMatchesGoldenHTML() throws {
        let (output, _) = try Self.build(["luoyang-sifaju-2023.txt": try Self.seed("luoyang-sifaju-2023.txt")])
        let page = try Self.read(output, "agencies/luo-yang-shi-si-fa-ju/2023/index.html")
        let golden = Self.repository.appendingPathComponent("Tests/ReportSiteTests/Golden/luo-yang-shi-si-fa-ju-2023.html")
        if ProcessInfo.processInfo.environment["GONGKAI_RECORD"] == "1" {
            try page.write(to: golden, atomically: false, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(page == expected, "the report page differs from Tests/ReportSiteTests/Golden; run with GONGKAI_RECORD=1 to re-record on purpose")
    }

    /// series.carriedOver compares consecutive years: pingtan 2021's 上年结转 (0) with 2020's
    /// 结转下年度 (0), 2022's (1) with 2021's (1); every column passes.
    @Test func seriesCheckAcrossConsecutiveYears() throws {
        var files: [String: String] = [:]
        for year in 2020...2022 {
            files["p\(year).txt"] = try String(contentsOf: URL(fileURLWithPath: Self.repository.path + "/../shared/corpus/pingtan_\(year).page.txt"), encoding: .utf8)
        }
        let (output, _) = try Self.build(files)
        let data = try #require(FileManager.default.contents(atPath: output.appendingPathComponent("agencies/ping-tan-zong-he-shi-yan-qu/2022/report.json").path))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let series = (report["checks"] as? [[String: Any]] ?? []).filter { $0["id"] as? String == "series.carriedOver" }
        #expect(series.count == 7)
        #expect(series.allSatisfy { $0["status"] as? String == "pass" })
        #expect(series.first { $0["scope"] as? String == "total" }?["actual"] as? Int == 1)
        let first = try #require(FileManager.default.contents(atPath: output.appendingPathComponent("agencies/ping-tan-zong-he-shi-yan-qu/2020/report.json").path))
        #expect(!String(decoding: first, as: UTF8.self).contains("series.carriedOver"))
    }

    @Test func gapsSayWhy() throws {
        let (output, _) = try Self.build(["p.txt": try String(contentsOf: URL(fileURLWithPath: Self.repository.path + "/../shared/corpus/pingtan_2024.page.txt"), encoding: .utf8)])
        let page = try Self.read(output, "agencies/ping-tan-zong-he-shi-yan-qu/2024/index.html")
        #expect(page.contains("<a href=\"#active-note-1\" aria-label=\"原因见注 1\">[1]</a>"))
        #expect(page.contains("<li id=\"active-note-1\">数字“6233440”粘连在一起，可拆分为 3 个数值的方式不止一种</li>"))
    }

    @Test func aSitesOwnThemeOverridesAndFallsBack() throws {
        let (output, _) = try Self.build(["a.txt": try Self.seed("luoyang-sifaju-2023.txt")])
        let root = output.deletingLastPathComponent()
        let theme = root.appendingPathComponent("mytheme")
        try FileManager.default.createDirectory(at: theme.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: theme.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try "<h1>自定义首页 {{reportCount}}</h1>\n  {{>intro}}\n".write(to: theme.appendingPathComponent("templates/index.mustache"), atomically: false, encoding: .utf8)
        try "<p>{{agencyCount}} 个机关</p>\n".write(to: theme.appendingPathComponent("templates/intro.mustache"), atomically: false, encoding: .utf8)
        try "body { color: black; }".write(to: theme.appendingPathComponent("assets/style.css"), atomically: false, encoding: .utf8)
        let options = SiteBuilder.Options(content: root.appendingPathComponent("content").path, theme: theme.path, output: output.path, config: root.appendingPathComponent("site.yml").path, baseURL: "https://portal.example.cn/gk")
        _ = try SiteBuilder(options: options).build()
        #expect(try Self.read(output, "index.html").contains("<h1>自定义首页 1</h1>\n  <p>1 个机关</p>\n"))
        #expect(try Self.read(output, "assets/style.css") == "body { color: black; }")
        // Everything else comes from the default theme.
        #expect(try Self.read(output, "agencies/luo-yang-shi-si-fa-ju/2023/index.html").contains("<table class=\"form\" id=\"table-applications\">"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/sort.js").path))
        // --base-url wins over site.yml, and appears only in absolute places.
        #expect(try Self.read(output, "sitemap.xml").contains("<loc>https://portal.example.cn/gk/agencies/</loc>"))
        #expect(try Self.read(output, "feed.xml").contains("<id>https://portal.example.cn/gk/agencies/luo-yang-shi-si-fa-ju/2023/</id>"))
        #expect(!(try Self.read(output, "agencies/index.html")).contains("<a href=\"https://portal.example.cn"))
        #expect(try Self.read(output, "agencies/index.html").contains("<link rel=\"canonical\" href=\"https://portal.example.cn/gk/agencies/\">"))
        // A template with a syntax error stops the build with its file, line and column, and the
        // last site stays as it was.
        try "<h1>{{name}}</h1>\n{{#reports}}\n<p>{{year}}</p>\n".write(to: theme.appendingPathComponent("templates/agency.mustache"), atomically: false, encoding: .utf8)
        let error = #expect(throws: (any Error).self) { try SiteBuilder(options: options).build() }
        let message = (error as? LocalizedError)?.errorDescription ?? ""
        #expect(message == theme.path + "/templates/agency.mustache:2:1: 模板有语法错误：区块 {{#reports}} 没有结束标签 {{/reports}}", "\(message)")
        #expect(try Self.read(output, "index.html").contains("<h1>自定义首页 1</h1>"))
    }

    /// The default theme shows a table's checks and the diagnostics as finished HTML, so their
    /// lists are made only for a theme that names them; one that does so in a partial gets them all.
    @Test func aThemeThatLoopsOverChecksAndDiagnosticsGetsThem() throws {
        // A year in front matter that the title contradicts gives the report a diagnostic.
        let (output, _) = try Self.build(["a.txt": "---\nyear: 2022\n---\n" + (try Self.seed("luoyang-sifaju-2023.txt"))])
        let root = output.deletingLastPathComponent()
        let theme = root.appendingPathComponent("checkstheme")
        try FileManager.default.createDirectory(at: theme.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try "{{#sections}}{{#table}}{{>checklist}}{{/table}}{{/sections}}{{#diagnostics}}<{{line}} {{severity}} {{message}}>{{/diagnostics}}".write(to: theme.appendingPathComponent("templates/report.mustache"), atomically: false, encoding: .utf8)
        try "{{#checks}}[{{id}} {{scope}} {{status}} {{statusLabel}}]{{/checks}}".write(to: theme.appendingPathComponent("templates/checklist.mustache"), atomically: false, encoding: .utf8)
        let options = SiteBuilder.Options(content: root.appendingPathComponent("content").path, theme: theme.path, output: output.path, config: root.appendingPathComponent("site.yml").path)
        _ = try SiteBuilder(options: options).build()
        let page = try Self.read(output, "agencies/luo-yang-shi-si-fa-ju/2022/index.html")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("agencies/luo-yang-shi-si-fa-ju/2022/report.json"))) as! [String: Any]
        let checks = (report["checks"] as! [[String: Any]]).filter { ($0["id"] as! String).hasPrefix("applications.") || ($0["id"] as! String).hasPrefix("reviewLitigation.") }
        #expect(checks.count > 10)
        for check in checks {
            let status = check["status"] as! String
            let label = ["pass": "相符", "fail": "不符", "unknown": "无法核对"][status]!
            #expect(page.contains("[\(check["id"] as! String) \(check["scope"] as! String) \(status) \(label)]"), "\(check)")
        }
        let diagnostics = report["diagnostics"] as! [[String: Any]]
        #expect(!diagnostics.isEmpty)
        var rest = Substring(page)
        for d in diagnostics {
            // In order, each with its line and severity.
            let item = "<\(d["line"] as! Int) \(d["severity"] as! String) "
            let found = try #require(rest.range(of: item), "\(d)")
            rest = rest[found.upperBound...]
        }
    }

    @Test func everyInternalLinkResolves() throws {
        let (output, _) = try Self.build([
            "a.txt": try Self.seed("luoyang-sifaju-2023.txt"), "b.txt": try Self.seed("yichuan-sifaju-2024.txt"),
            "c.txt": try Self.seed("ruicheng-sifaju-2023.txt"),
        ])
        var checked = 0
        let enumerator = FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil)!
        let pattern = try NSRegularExpression(pattern: "(?:href|src)=\"([^\"]+)\"")
        while let url = enumerator.nextObject() as? URL {
            guard url.pathExtension == "html", url.lastPathComponent != "404.html" else { continue }
            let html = try String(contentsOf: url, encoding: .utf8)
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let link = String(html[Range(match.range(at: 1), in: html)!])
                if link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("#") { continue }
                let target = url.deletingLastPathComponent().appendingPathComponent(link).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: target.path), "\(url.path): \(link)")
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test func sameContentGivesByteIdenticalSites() throws {
        let files = ["a.txt": try Self.seed("luoyang-sifaju-2023.txt"), "b.txt": try Self.seed("muye-sifaju-2023.txt")]
        let (one, _) = try Self.build(files)
        let (two, _) = try Self.build(files)
        let paths = FileManager.default.enumerator(atPath: one.path)!.allObjects.compactMap { $0 as? String }.sorted()
        #expect(paths == FileManager.default.enumerator(atPath: two.path)!.allObjects.compactMap { $0 as? String }.sorted())
        for path in paths {
            let a = FileManager.default.contents(atPath: one.appendingPathComponent(path).path)
            let b = FileManager.default.contents(atPath: two.appendingPathComponent(path).path)
            #expect(a == b, "\(path)")
        }
    }

    @Test func contentNeverScriptsAPage() throws {
        var text = try Self.seed("luoyang-sifaju-2023.txt")
        text = text.replacingOccurrences(of: "一、总体情况\n", with: "一、总体情况\n\n<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))\n")
        let (output, _) = try Self.build(["evil.txt": "---\nagency: 某局<script>alert(4)</script>\nyear: 2023\n---\n" + text])
        let page = try Self.read(output, Self.agencyFolder(output, "mou-ju-script-alert-4-script-") + "/2023/index.html")
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("javascript:"))
        #expect(page.contains("某局&lt;script&gt;"))
    }

    @Test func twoFilesForOneAgencyAndYearAreBothNamed() throws {
        let seed = try Self.seed("luoyang-sifaju-2023.txt")
        let (output, summary) = try Self.build(["a.txt": seed, "b.txt": seed])
        #expect(summary.reports == 1 && summary.errors == 1)
        let quality = try Self.read(output, "quality/index.html")
        #expect(quality.contains("b.txt") && quality.contains("a.txt"))
    }

    @Test func failedBuildKeepsThePreviousSite() throws {
        let (output, _) = try Self.build(["a.txt": try Self.seed("luoyang-sifaju-2023.txt")])
        let before = try Self.read(output, "index.html")
        let root = output.deletingLastPathComponent()
        try "无标题".write(to: root.appendingPathComponent("content/bad.txt"), atomically: false, encoding: .utf8)
        let options = SiteBuilder.Options(content: root.appendingPathComponent("content").path, output: output.path, config: root.appendingPathComponent("site.yml").path, strict: true)
        #expect(throws: SiteBuilder.BuildError.self) { try SiteBuilder(options: options).build() }
        #expect(try Self.read(output, "index.html") == before)
    }

    @Test func refusesDangerousOutputFolders() throws {
        for output in ["/", FileManager.default.currentDirectoryPath] {
            let options = SiteBuilder.Options(content: "content", output: output)
            #expect(throws: SiteBuilder.BuildError.self) { try SiteBuilder(options: options).build() }
        }
    }
}
