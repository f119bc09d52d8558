import AnnualReports

/// A report as the search index reads it: a small HTML page, never published, that Pagefind
/// indexes in place of the report's own page. Its body holds the words (`SearchTokens`) of the
/// agency's name (`h1`, which Pagefind weighs most), of its region (so that a place name finds
/// the reports of the agencies there), of each section's title (`h2`) and of its
/// narrative, and the filter words; its head holds what a result shows, as Pagefind metadata:
/// the agency, the year, the region and the narrative's plain text (from which the search page
/// cuts the snippet around the words found).
///
/// Its path in the index's input folder is the report's path in the site, so Pagefind gives each
/// result the report page's URL.
struct SearchDocument: Sendable {
    /// `agencies/<slug>/<year>/`.
    var path: String
    var html: [UInt8]
    /// Of `html`: a rebuild indexes a part of the site again only when one of its documents changed.
    var fingerprint: Fingerprint

    init(agency: String, slug: String, year: Int, region: Region?, sections: [Section], markdown: MarkdownRenderer) {
        path = Site.Entry.path(slug, year)
        let plain = sections.map { section -> (title: String, text: String) in
            (section.title, section.markdown.map { SearchDocument.plainText(html: markdown.htmlBytes($0)) } ?? "")
        }
        var out: [UInt8] = []
        out.reserveCapacity(4096 + 16 * plain.reduce(0) { $0 + $1.text.utf8.count })
        func raw(_ s: String) { out += Array(s.utf8) }
        func text(_ s: String) { HTML.appendEscaped(s, to: &out) }
        func meta(_ name: String, _ value: String) {
            raw("<meta data-pagefind-meta=\"\(name)[content]\" content=\"")
            text(SearchTokens.normalized(value))
            raw("\">\n")
        }
        raw("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        text("\(agency) \(year)")
        raw("</title>\n")
        meta("title", "\(agency) \(year) 年报告")
        meta("agency", agency)
        meta("year", String(year))
        let regionName = [region?.province, region?.city, region?.county].compactMap { $0 }.joined(separator: " ")
        if !regionName.isEmpty { meta("region", regionName) }
        meta("text", plain.filter { !$0.text.isEmpty }.map { "\($0.title)：\($0.text)" }.joined(separator: "\n"))
        raw("</head>\n<body>\n<main data-pagefind-body>\n<h1>")
        SearchTokens.append(agency, to: &out)
        raw("</h1>\n<p>")
        SearchTokens.append(regionName, to: &out)
        raw("</p>\n")
        for section in plain {
            raw("<h2>")
            SearchTokens.append(section.title, to: &out)
            raw("</h2>\n<p>")
            SearchTokens.append(section.text, to: &out)
            raw("</p>\n")
        }
        raw("<p>")
        var filters = [SearchTokens.filterWord(.year, String(year)), SearchTokens.filterWord(.agency, slug)]
        filters += SearchTokens.regionValues(region).map { SearchTokens.filterWord(.region, $0) }
        raw(filters.joined(separator: " "))
        raw("</p>\n</main>\n</body>\n</html>\n")
        // What a page must not hold (bidirectional overrides and the like) is not shown in results either.
        HTML.clean(&out)
        html = out
        fingerprint = Fingerprint.of(out)
    }

    /// What ends each closing tag's element in the text: a line break after a block, a space
    /// after a table cell.
    private static let closingSeparators: [[UInt8]: UInt8] = Dictionary(uniqueKeysWithValues:
        ["p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"].map { (Array($0.utf8), 0x0A) } + ["td", "th"].map { (Array($0.utf8), 0x20) })
    private static let lineBreak = Array("br".utf8)
    /// The escapes cmark writes.
    private static let entities: [([UInt8], UInt8)] = [("&amp;", 0x26), ("&lt;", 0x3C), ("&gt;", 0x3E), ("&quot;", 0x22)].map { (Array($0.0.utf8), $0.1) }

    /// The text of narrative HTML (as `MarkdownRenderer` makes it): tags dropped, a line break
    /// after each block, a space between table cells, cmark's escapes undone, runs of spaces one.
    static func plainText(html: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(html.count)
        var i = 0
        let n = html.count
        func breakWith(_ b: UInt8) {
            while let last = out.last, last == 0x20 || (b == 0x0A && last == 0x0A) { out.removeLast() }
            if !out.isEmpty { out.append(b) }
        }
        while i < n {
            let b = html[i]
            if b == UInt8(ascii: "<") {
                var j = i + 1
                while j < n, html[j] != UInt8(ascii: ">") { j += 1 }
                let tag = html[(i + 1)..<min(j, n)]
                let closing = tag.first == UInt8(ascii: "/")
                let name = Array((closing ? tag.dropFirst() : tag).prefix { $0 != 0x20 && $0 != UInt8(ascii: "/") })
                if let separator = closing ? Self.closingSeparators[name] : (name == Self.lineBreak ? 0x0A : nil) { breakWith(separator) }
                i = j + 1
                continue
            }
            if b == UInt8(ascii: "&") {
                if let (entity, byte) = Self.entities.first(where: { html[i...].starts(with: $0.0) }) {
                    out.append(byte)
                    i += entity.count
                    continue
                }
            }
            if b == 0x0A || b == 0x20 || b == 0x09 || b == 0x0D {
                if let last = out.last, last != 0x20, last != 0x0A { out.append(0x20) }
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        while let last = out.last, last == 0x20 || last == 0x0A { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
