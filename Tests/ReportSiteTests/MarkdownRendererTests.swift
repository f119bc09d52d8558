import ReportSite
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
}
