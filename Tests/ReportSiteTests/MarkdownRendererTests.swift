import AnnualReports
import Dispatch
import Foundation
@testable import ReportSite
import ReportSynth
import Synchronization
import Testing

@Suite struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    @Test func paragraphsHeadingsAndTables() {
        let html = renderer.html("### （一）主动公开\n\n正文。\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n")
        #expect(html.contains("<h3>（一）主动公开</h3>"))
        #expect(html.contains("<table>") && html.contains("<td>1</td>"))
    }

    @Test func rawHTMLNeverReachesThePage() {
        let html = renderer.html("<script>alert(1)</script>\n\n文字<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("javascript:"))
    }

    @Test func autolinksAndEntities() {
        let html = renderer.html("网站（<https://sf.ly.gov.cn/>）与 www.example.cn，A &amp; B &lt;")
        #expect(html.contains("<a href=\"https://sf.ly.gov.cn/\">"))
        #expect(html.contains("&amp;") && html.contains("&lt;"))
    }

    /// Pages are rendered on every core. cmark-gfm's table of special inline characters is shared
    /// by the process, and a parse that ends removes the characters another still needs: without
    /// parses taking turns, some of these come out without their links or strikethrough.
    @Test func parsesOnSeveralThreadsGiveTheSameHTML() {
        let markdown = "见 www.example.cn 与 ~~旧~~ 文字。\n\n| 网址 | 说明 |\n|---|---|\n| www.gov.cn | ~~删~~ |\n| https://a.gov.cn/ | 是 |\n"
        let expected = renderer.html(markdown)
        #expect(expected.contains("<a href=\"http://www.example.cn\">") && expected.contains("<del>删</del>"))
        let differing = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: 2_000) { _ in
            if renderer.html(markdown) != expected { differing.add(1, ordering: .relaxed) }
        }
        #expect(differing.load(ordering: .relaxed) == 0)
    }
    /// Narrative written without cmark (`plainHTML`) must be byte for byte what cmark writes.
    static func plainHTMLDiffers(_ markdown: String, _ renderer: MarkdownRenderer) -> (taken: Bool, differs: Bool) {
        var text = markdown
        guard let plain = text.withUTF8(MarkdownRenderer.plainHTML) else { return (false, false) }
        return (true, plain != renderer.cmarkHTML(markdown))
    }

    @Test func plainNarrativeIsWrittenAsCmarkWritesIt() throws {
        var sections = try ReportDigestTests.reports().flatMap { $0.sections.compactMap(\.markdown) }
        let synth = SyntheticReports()
        for index in stride(from: 0, to: 700, by: 7) {
            let report = synth.report(index)
            sections += ReportReader().read(bytes: Array(report.text.utf8), path: report.path).sections.compactMap(\.markdown)
        }
        var taken = 0
        for markdown in sections {
            let (plain, differs) = Self.plainHTMLDiffers(markdown, renderer)
            #expect(!differs, "\(markdown.prefix(200))")
            if plain { taken += 1 }
        }
        // Most narrative is plain prose; the seeds' and corpus's lists and tables go to cmark.
        #expect(taken > sections.count / 2 && taken < sections.count)
    }

    /// Random text from pieces that are markup, or nearly: whatever `plainHTML` takes, it writes
    /// as cmark does. (Seeded, so that a failure replays.)
    @Test(arguments: [1, 2] as [UInt64]) func plainNarrativeOfRandomTextIsWrittenAsCmarkWritesIt(seed: UInt64) {
        let pieces = [
            "中", "文字", "。", "，", "（一）", "“", "”", "　", "é", "\u{2028}", "\u{FEFF}", "\u{0301}", "2021", "年", "7",
            "1.", "1)", "2021.5", "www.", "WwW.", "w", "x", "A", " ", "  ", "\t", "\r", "\n", "\n\n", "#", "### ", "###", "####### ",
            "-", "+", "*", "_", "`", "~", "[", "]", "!", "<", ">", "&", "\"", "'", ":", "@", "|", "\\", ".", "(", ")", "%", "=", "/",
            ";", "?", "^", "{", "}", "$", "a@b.cn", "http://a.cn", "&amp;", "\u{0}",
        ]
        var generator = SplitMix64(seed: seed)
        var taken = 0
        var differing: [String] = []
        for _ in 0..<20_000 {
            var markdown = ""
            // Mostly prose, so that many pass: a plain piece most of the time, any piece sometimes.
            for _ in 0..<Int.random(in: 1...14, using: &generator) {
                markdown += Int.random(in: 0..<4, using: &generator) == 0 ? pieces.randomElement(using: &generator)! : pieces[Int.random(in: 0..<15, using: &generator)]
            }
            let (plain, differs) = Self.plainHTMLDiffers(markdown, renderer)
            if plain { taken += 1 }
            if differs { differing.append(markdown) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5).map { $0.debugDescription })")
        #expect(taken > 2_000)
    }
}
