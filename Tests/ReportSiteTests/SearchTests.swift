import AnnualReports
import Foundation
@testable import ReportSite
import ReportSynth
import Testing

/// The search index: the words it holds for Chinese, the documents Pagefind reads, and searches
/// of a built site run as its search page runs them (its script and Pagefind's, under Node).
@Suite struct SearchTests {
    /// The words, written out by hand from the code points (政 U+653F, 府 U+5E9C, 信 U+4FE1,
    /// 息 U+606F, 年 U+5E74).
    @Test func hanBecomesBigramWordsAndASCIIStaysAWord() {
        #expect(SearchTokens.words("政府信息") == "qgfdpfojm qfojmepob qepobgagp qgagp")
        #expect(SearchTokens.words("GB/T 2260，２０２３年") == "xgb xt x2260 x2023 qfohe")
        // Invisible characters join; a Kangxi radical (⽇ U+2F47) is its ideograph (日 U+65E5);
        // 𠀀 (U+20000) is written with z and five letters.
        #expect(SearchTokens.words("政\u{200B}府") == SearchTokens.words("政府"))
        #expect(SearchTokens.words("⽇") == SearchTokens.words("日") && SearchTokens.words("日") == "qgfof")
        #expect(SearchTokens.words("𠀀政") == "qzcaaaagfdp qgfdp")
        #expect(SearchTokens.words("政府 信息") == "qgfdpfojm qfojm qepobgagp qgagp")
        #expect(SearchTokens.words("—《》、。 ") == "")
        // 〇 (U+3007) is a Han numeral; kana is not Han.
        #expect(SearchTokens.words("二〇二三") == "qeoimdaah qdaaheoim qeoimeoaj qeoaj")
        #expect(SearchTokens.words("かな") == "")
    }

    @Test func filterWordsHaveOneLengthAndDifferByKindAndValue() {
        let words = [
            SearchTokens.filterWord(.year, "2023"), SearchTokens.filterWord(.year, "2024"),
            SearchTokens.filterWord(.agency, "2023"), SearchTokens.filterWord(.region, "河南省"), SearchTokens.filterWord(.region, "河南省/洛阳市"),
        ]
        #expect(Set(words).count == words.count)
        #expect(words.allSatisfy { $0.count == 19 && $0.hasPrefix("zz") && $0.allSatisfy { $0.isASCII && $0.isLowercase } })
        #expect(SearchTokens.regionValues(Region(province: "河南省", city: "洛阳市", county: "伊川县")) == ["河南省", "河南省/洛阳市", "河南省/洛阳市/伊川县"])
        #expect(SearchTokens.regionValues(nil).isEmpty)
    }

    @Test func narrativeHTMLBecomesPlainText() {
        let html = MarkdownRenderer().htmlBytes("第一段 **加粗** &lt;\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n- 一项\n- 二项\n")
        #expect(SearchDocument.plainText(html: html) == "第一段 加粗 <\n甲 乙\n1 2\n一项\n二项")
    }

    /// Text from a report reaches the document only escaped, as it reaches a page.
    @Test func documentsEscapeWhatReportsSay() {
        let document = SearchDocument(
            agency: "<script>alert(1)</script>局", slug: "x", year: 2023, region: Region(province: "\"><img src=x>"),
            sections: [Section(number: 1, title: "总体情况", markdown: "正文 <b onclick=\"x\">粗</b> &lt;i onclick=x&gt; \" & 完")], markdown: MarkdownRenderer())
        let html = String(decoding: document.html, as: UTF8.self)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b ") && !html.contains("<i "))
        // Raw HTML is dropped; a tag the narrative writes as text stays text, escaped again.
        #expect(html.contains("content=\"总体情况：正文 粗 &lt;i onclick=x&gt; &quot; &amp; 完\""), "\(html)")
        #expect(html.contains("content=\"&lt;script&gt;alert(1)&lt;/script&gt;局\""))
        #expect(html.contains("content=\"&quot;&gt;&lt;img src=x&gt;\""))
        #expect(document.path == "agencies/x/2023/")
    }

    /// The search page's script makes the same words from a query as the index holds for the same
    /// text, for random text of every kind of character the rules name.
    @Test(arguments: [1, 2] as [UInt64]) func thePageMakesTheIndexWords(seed: UInt64) throws {
        let node = try #require(Self.node, "Node is not installed (make deps installs it)")
        let pool: [UInt32] = [0x653F, 0x5E9C, 0x4FE1, 0x606F, 0x3007, 0x3400, 0x4DBF, 0x9FFF, 0xF900, 0xFA0E, 0x20000, 0x2A6D6, 0x323AF, 0x2F47, 0x2E8C,
                              0x2F800, 0x41, 0x7A, 0x30, 0xFF21, 0xFF41, 0xFF10, 0x20, 0x3001, 0xFF0C, 0x3042, 0x1F600, 0xAD, 0x200B, 0x202E, 0xFE0F, 0xFEFF,
                              0xE0101, 0x2F, 0x2D, 0x5F, 0x131, 0x130]
        var generator = SplitMix64(seed: seed)
        let texts = (0..<1500).map { _ in
            String(String.UnicodeScalarView((0..<Int.random(in: 0...12, using: &generator)).map { _ in Unicode.Scalar(pool.randomElement(using: &generator)!)! }))
        }
        let script = """
            const page = require(process.argv[1]);
            const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
            console.log(JSON.stringify(texts.map(t => page.parts(t).map(p => p.words.join(' ')).join(' '))));
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["-e", script, SiteBuildTests.repository.appendingPathComponent("theme/assets/search.js").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: texts))
        try input.fileHandleForWriting.close()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let words = try #require(try JSONSerialization.jsonObject(with: answer) as? [String])
        try #require(words.count == texts.count)
        for (text, js) in zip(texts, words) where js != SearchTokens.words(text) {
            Issue.record("\(text.unicodeScalars.map { String($0.value, radix: 16) }): page \(js), index \(SearchTokens.words(text))")
        }
    }

    static let node: String? = ["/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The seeds and the corpus's complete reports as a site, searched as its search page searches:
    /// each query lists exactly the reports whose report.json has every part of it in the agency's
    /// name, the region, a section's title or its narrative, and a filter keeps only its reports
    /// (filters alone list theirs).
    @Test func searchesFindExactlyTheReportsThatContainTheQuery() throws {
        try #require(SiteBuilder.searchEngine != nil, "Pagefind is not installed (make deps installs it)")
        let node = try #require(Self.node, "Node is not installed (make deps installs it)")
        var files: [String: String] = [:]
        let content = SiteBuildTests.repository.appendingPathComponent("content")
        for name in try FileManager.default.contentsOfDirectory(atPath: content.path) where name.hasSuffix(".txt") {
            files[name] = try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)
        }
        let corpus = SiteBuildTests.repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path) where name.hasPrefix("pingtan_") || name == "shuyang_gov_2025.md" {
            files[name] = try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
        }
        let (output, summary) = try SiteBuildTests.build(files)
        #expect(summary.searchNotes.isEmpty, "\(summary.searchNotes)")

        // What each report says, from its published JSON.
        var texts: [String: (year: Int, text: String, region: [String])] = [:]
        let agencies = output.appendingPathComponent("agencies")
        for slug in try FileManager.default.contentsOfDirectory(atPath: agencies.path) where slug != "index.html" {
            for year in try FileManager.default.contentsOfDirectory(atPath: agencies.appendingPathComponent(slug).path) where year != "index.html" {
                let data = try Data(contentsOf: agencies.appendingPathComponent("\(slug)/\(year)/report.json"))
                let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let region = report["region"] as? [String: Any] ?? [:]
                let levels = ["province", "city", "county"].compactMap { region[$0] as? String }
                let sections = (report["sections"] as? [[String: Any]] ?? []).map { "\($0["title"] as? String ?? "") \($0["markdown"] as? String ?? "")" }
                texts["agencies/\(slug)/\(year)/"] = (Int(year)!, ([report["agency"] as? String ?? ""] + levels + sections).joined(separator: " "), levels)
            }
        }
        let agency = "洛阳市司法局"
        let queries: [[String: String]] = [
            ["q": "政府信息公开"], ["q": "行政复议"], ["q": "洛阳"], ["q": agency], ["q": "县"], ["q": "平潭综合实验区"],
            ["q": "依申请公开 行政诉讼"], ["q": "政府信息公开", "year": "2020"], ["q": "公开", "region": "福建省"],
            ["q": "公开", "agency": "luo-yang-shi-si-fa-ju"], ["q": "", "year": "2020"], ["q": "", "region": "河南省/洛阳市"],
            ["q": "这句话不在任何报告里"],
        ]
        func expected(_ query: [String: String]) -> [String] {
            texts.filter { path, report in
                query["q"]!.split(separator: " ").allSatisfy { report.text.contains($0) }
                    && query["year"].map { Int($0) == report.year } ?? true
                    && query["region"].map { $0.split(separator: "/").elementsEqual(report.region.prefix($0.split(separator: "/").count)) { $0 == $1 } } ?? true
                    && query["agency"].map { path.hasPrefix("agencies/\($0)/") } ?? true
            }.keys.sorted()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = [SiteBuildTests.repository.appendingPathComponent("scripts/search-check.mjs").path, output.path,
                             String(decoding: try JSONSerialization.data(withJSONObject: queries), as: UTF8.self)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let answer = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let found = try #require(try JSONSerialization.jsonObject(with: answer) as? [[String]])
        try #require(found.count == queries.count)
        for (query, listed) in zip(queries, found) {
            #expect(listed == expected(query), "\(query)")
        }
        #expect(found[3].count == 2 && found.last!.isEmpty && found[2].count >= 3 && found[7].count == 2 && found[11].count == 3)
    }
}
