import Foundation
@testable import ReportSite
import Testing

@Suite struct ContentLoaderTests {
    /// The folder search tells report text by its extension; its byte-level reading of the
    /// extension must agree with Foundation's `pathExtension` on every kind of name.
    @Test func extensionsAreFoundationsPathExtension() {
        let names = [
            "r.txt", "r.TXT", "报告.md", "a/b/报告.Markdown", "a.b.c.txt", "noextension", "a/b/c", "trailing.", "a/.hidden",
            ".txt", "a..txt", "a/b.c/d", "a/b.c/d.txt", "dir/", "dir.txt/", "a/b/", "x.报告", "x.tx t", "", "/", ".", "..", "a/..",
            "年报 2023 .txt", "r.txt.pdf", "r.pdf.txt", "a/b/.x.txt", "a.b/", "a.b//", "é.É", "r.t\u{301}xt",
        ]
        for name in names {
            #expect(ContentLoader.fileExtension(name) == (name as NSString).pathExtension, "\(name)")
        }
    }
}
