import Dispatch
import ReportSite
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
}
