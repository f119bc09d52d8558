import AnnualReports
import Foundation
import ReportSite
import Testing

/// Broken and hostile files in content/: each gets a clear diagnostic, nothing escapes its place,
/// and the other reports are still built.
@Suite struct HostileContentTests {
    static var seed: String { try! SiteBuildTests.seed("luoyang-sifaju-2023.txt") }

    @Test func linksOutOfTheContentFolderAreNotRead() throws {
        let root = Scratch.folder("link")
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Self.seed.write(to: content.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        let secret = root.appendingPathComponent("secret.txt")
        try "机密 2023 年政府信息公开工作年度报告".write(to: secret, atomically: false, encoding: .utf8)
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
        let page = try SiteBuildTests.read(output, SiteBuildTests.agencyFolder(output, "a-b-ju-") + "/2022/index.html")
        #expect(!page.unicodeScalars.contains("\u{202E}"))
        #expect(page.contains("a/../b局"))
    }

    /// A quote followed by a combining mark (one character, but a quote to the HTML parser) once
    /// ended the `href` of the original's address, and the rest of the front matter value became
    /// attributes of the link.
    @Test func aQuoteBeforeACombiningMarkStaysInsideItsAttribute() throws {
        let url = "https://example.org/a\"\u{301} onmouseover=alert(1) data-x=\""
        let files = ["a.txt": "---\nagency: \"引号\\\"\u{301}局\"\nyear: 2023\nsourceURL: '\(url)'\n---\n" + Self.seed]
        let (output, summary) = try SiteBuildTests.build(files)
        #expect(summary.reports == 1)
        let page = try SiteBuildTests.read(output, SiteBuildTests.agencyFolder(output, "yin-hao") + "/2023/index.html")
        #expect(page.contains("href=\"https://example.org/a&quot;\u{301} onmouseover=alert(1) data-x=&quot;\""))
        #expect(page.contains("引号&quot;\u{301}局"))
        #expect(!page.unicodeScalars.indices.contains { i in
            page.unicodeScalars[i] == "\"" && page.unicodeScalars.index(after: i) < page.unicodeScalars.endIndex && page.unicodeScalars[page.unicodeScalars.index(after: i)] == "\u{301}"
        })
    }

    // Regressions from the third adversarial review (issue 4).

    @Test func frontMatterAloneCannotPlaceAPageAnywhere() throws {
        var files = ["real.txt": Self.seed]
        for (i, slug) in ["../../../../tmp/pwned", "luo-yang-shi-si-fa-ju/2023", "javascript:alert(1)", ".", "/", "index.html", "a\\u0000b", "ABC"].enumerated() {
            files["evil\(i).txt"] = "---\nagency: 假冒机关\(i)\nyear: \(i == 1 ? 1 : 2023)\nslug: \"\(slug)\"\n---\n"
        }
        let (output, summary) = try SiteBuildTests.build(files)
        let agencies = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("agencies").path)
        #expect(agencies.allSatisfy { $0 == "index.html" || Slug.isValid($0) }, "\(agencies)")
        #expect(try SiteBuildTests.read(output, "agencies/luo-yang-shi-si-fa-ju/2023/index.html").contains("洛阳市司法局"))
        #expect(!(try SiteBuildTests.read(output, "agencies/index.html")).contains("javascript:"))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("years/1").path))
        let slugWarnings = summary.diagnostics.filter { $0.message.contains("slug") && $0.location.file.contains("evil") }
        #expect(slugWarnings.count == 8, "\(slugWarnings.map(\.formatted))")
    }

    @Test func aGivenSlugCannotTakeAnotherAgencysAddress() throws {
        let impostor = "---\nagency: 假冒机关\nyear: 2023\nslug: luo-yang-shi-si-fa-ju\n---\n" + Self.seed
        let (output, summary) = try SiteBuildTests.build(["real.txt": Self.seed, "impostor.txt": impostor])
        #expect(try SiteBuildTests.read(output, "agencies/luo-yang-shi-si-fa-ju/2023/index.html").contains("<h1>洛阳市司法局"))
        #expect(try SiteBuildTests.read(output, "agencies/luo-yang-shi-si-fa-ju-2/2023/index.html").contains("假冒机关"))
        #expect(summary.diagnostics.contains { $0.location.file.hasSuffix("impostor.txt") && $0.severity == .warning && $0.message.contains("已属于") })
    }

    @Test func aHugeAmountIsNullNotACrash() throws {
        let big = Self.seed.replacingOccurrences(of: "1351.6101", with: "1000000000000000000.5")
        #expect(big != Self.seed)
        let (output, summary) = try SiteBuildTests.build(["big.txt": "---\nagency: 大额局\n---\n" + big, "real.txt": Self.seed])
        #expect(summary.reports == 2)
        #expect(summary.diagnostics.contains { $0.message.contains("位数过多") })
        #expect(!(try SiteBuildTests.read(output, "data/reports.csv")).contains("1000000000000000000"))
    }

    @Test func reportTextCannotDriveTheTerminal() {
        let diagnostic = Diagnostic(.warning, "值“\u{1B}]0;HACKED\u{07}\u{1B}[2J”\u{202E}", at: SourceLocation(file: "new\nline.txt", line: 1))
        #expect(!diagnostic.formatted.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
        #expect(diagnostic.formatted.contains("\\u{1B}]0;HACKED"))
    }

    @Test func hiddenCharactersLeaveAgencyNames() throws {
        let (output, summary) = try SiteBuildTests.build(["a.txt": "---\nagency: \"控制\\u0001\\uFFFE\\u202E局\"\nyear: 2023\n---\n" + Self.seed])
        let csv = try SiteBuildTests.read(output, "data/reports.csv")
        let json = try SiteBuildTests.read(output, "data/reports.json")
        #expect(csv.contains("控制局") && json.contains("控制局"))
        for text in [csv, json] { #expect(!text.unicodeScalars.contains { $0 == "\u{1}" || $0 == "\u{FFFE}" || $0 == "\u{202E}" }) }
        #expect(summary.diagnostics.contains { $0.message.contains("控制字符") })
    }

    @Test func aKeyWrittenTwiceIsAnError() {
        let report = ReportReader().read(text: "---\nyear: 2023\nyear: 2019\nagency: 另一个局\n---\n" + Self.seed, path: "twice.txt")
        #expect(report.year == 2023)
        #expect(report.diagnostics.contains { $0.severity == .error && $0.location.line == 3 && $0.message.contains("写了两次") })
        #expect(report.diagnostics.contains { $0.severity == .note && $0.message.contains("另一个局") })
    }

    @Test func outputThatWouldDestroySomethingIsRefused() throws {
        let root = Scratch.folder("guard")
        let content = root.appendingPathComponent("content"), theme = root.appendingPathComponent("mytheme")
        for folder in [content, theme.appendingPathComponent("templates"), root.appendingPathComponent("h/a/b")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Self.seed.write(to: content.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        let config = root.appendingPathComponent("site.yml")
        try "title: 测试\n".write(to: config, atomically: false, encoding: .utf8)
        setenv("GONGKAI_THEME", SiteBuildTests.repository.appendingPathComponent("theme").path, 1)
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(root.appendingPathComponent("h/a/b").path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let outputs = [
            SiteBuildTests.repository.appendingPathComponent("theme").path,  // the default theme
            theme.appendingPathComponent("templates").path,  // inside --theme
            config.path,  // the config file
            root.appendingPathComponent("h/a").path, "..",  // a parent of the current folder
            content.appendingPathComponent("public").path,  // inside the content
        ]
        for output in outputs {
            let options = SiteBuilder.Options(content: content.path, theme: theme.path, output: output, config: config.path)
            #expect(throws: SiteBuilder.BuildError.self, "\(output)") { try SiteBuilder(options: options).build() }
        }
        #expect(FileManager.default.fileExists(atPath: SiteBuildTests.repository.appendingPathComponent("theme/templates/base.mustache").path))
        #expect(try String(contentsOf: config, encoding: .utf8) == "title: 测试\n")
        // No report files, a file for --content, a missing --theme, a script base URL: refused too.
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let out = root.appendingPathComponent("public").path
        for options in [
            SiteBuilder.Options(content: empty.path, output: out, config: config.path),
            SiteBuilder.Options(content: content.appendingPathComponent("a.txt").path, output: out, config: config.path),
            SiteBuilder.Options(content: content.path, theme: root.appendingPathComponent("missing").path, output: out, config: config.path),
            SiteBuilder.Options(content: content.path, output: out, config: config.path, baseURL: "javascript:alert(1)//"),
        ] {
            #expect(throws: SiteBuilder.BuildError.self) { try SiteBuilder(options: options).build() }
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aliasBombInSiteConfigIsRefusedAtOnce() throws {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        yaml += "title: *i\n"
        let start = Date()
        #expect(throws: SiteConfig.ConfigError.self) { try SiteBuildTests.build(["a.txt": Self.seed], siteYML: yaml) }
        #expect(Date().timeIntervalSince(start) < 30, "a 9⁹-element alias bomb must not be expanded")
    }

    @Test func aSentenceListingTheSectionsIsNotASecondReport() {
        let text = Self.seed + "\n本报告依照规定格式编写，分为一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况，四、政府信息公开行政复议、行政诉讼情况。\n"
        let report = ReportReader().read(text: text, path: "quote.txt")
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.formatted))")
        #expect(report.sections[5].markdown?.contains("四、政府信息公开行政复议") == true)
    }
}
