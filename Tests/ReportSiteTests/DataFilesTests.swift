@testable import ReportSite
import Testing

@Suite struct DataFilesTests {
    /// Quoted where a spreadsheet would split the field; a formula start is defused. A CR LF inside
    /// a field (a file name can hold one) is one Swift character, equal to neither CR nor LF, and
    /// was once left unquoted, which split the row.
    @Test func csvFieldsAreQuotedWhereNeeded() {
        #expect(DataFiles.field("洛阳市司法局") == "洛阳市司法局")
        #expect(DataFiles.field("a,b") == "\"a,b\"")
        #expect(DataFiles.field("说\"明\"") == "\"说\"\"明\"\"\"")
        #expect(DataFiles.field("content/a\r\nb.txt") == "\"content/a\r\nb.txt\"")
        #expect(DataFiles.field("a\nb") == "\"a\nb\"")
        #expect(DataFiles.field("=1+1") == "'=1+1")
        #expect(DataFiles.field("-x,y") == "\"'-x,y\"")
        // A quotation mark is doubled also where a combining mark makes one character of it
        // (Foundation's replacingOccurrences, which compares characters, once left it single).
        #expect(Array(DataFiles.field("a\"\u{301}b").utf8) == Array("\"a\"\"\u{301}b\"".utf8))
    }
}

@Suite struct OutputPathTests {
    /// The writer refuses (by precondition) any path that could leave the staged site.
    @Test func onlyPathsInsideTheSiteAreWritten() {
        for path in ["index.html", "agencies/a/2023/index.html", "a..b/c", "..a/b", "a/b.."] { #expect(OutputWriter.staysInside(path), "\(path)") }
        for path in ["/etc/passwd", "../x", "a/../../x", "a/..", ".."] { #expect(!OutputWriter.staysInside(path), "\(path)") }
    }
}
