import AnnualReports

/// The open data and the machine-read files: `reports.csv`, `sitemap.xml`, `feed.xml`, `robots.txt`.
enum DataFiles {
    // MARK: CSV

    /// UTF-8 with a BOM, so that spreadsheet programs open it as UTF-8; written as bytes, a field
    /// at a time (no string is made for a cell).
    static func csv(_ entries: [Site.Entry]) -> [UInt8] {
        let fixed = ["agency", "agencySlug", "year", "template", "published", "province", "city", "county", "sourcePath", "checksFailed", "checksUnknown", "errors", "warnings"]
        var out = ByteBuffer(capacity: 512 * (entries.count + 1))
        for b: UInt8 in [0xEF, 0xBB, 0xBF] { out.append(b) }
        func separator() { out.append(UInt8(ascii: ",")) }
        func endRow() { out.append("\r\n") }
        for (i, header) in (fixed + ReportDigest.columns.map(\.header)).enumerated() {
            if i > 0 { separator() }
            appendField(header, to: &out)
        }
        endRow()
        func text(_ value: String?) {
            separator()
            appendField(value ?? "", to: &out)
        }
        func number(_ n: Int) {
            separator()
            out.appendDecimal(n)
        }
        for entry in entries {
            let r = entry.digest
            appendField(r.agency ?? "", to: &out)
            text(entry.agencySlug)
            number(entry.year)
            text(r.template?.rawValue)
            text(r.published)
            text(r.region?.province)
            text(r.region?.city)
            text(r.region?.county)
            text(r.sourcePath)
            number(r.failed)
            number(r.unknown)
            number(r.errors)
            number(r.warnings)
            r.appendValueFields(to: &out)
            endRow()
        }
        return out.array
    }

    /// A text field, quoted where needed; text that a spreadsheet would run as a formula
    /// (`=`, `+`, `-`, `@`, tab, CR at the start) is prefixed with `'`.
    static func field(_ text: String) -> String {
        var out = ByteBuffer(capacity: 64)
        appendField(text, to: &out)
        return out.string
    }

    /// Appends a text field as `field` returns it. Bytes, not characters: "\r\n" is one character,
    /// equal to neither "\r" nor "\n"; and a quotation mark is doubled even where a combining mark
    /// follows it.
    static func appendField(_ text: String, to out: inout ByteBuffer) {
        var text = text
        text.withUTF8 { utf8 in
            let formula = utf8.first.map { "=+-@\t\r".utf8.contains($0) } ?? false
            let quoted = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            if quoted { out.append(UInt8(ascii: "\"")) }
            if formula { out.append(UInt8(ascii: "'")) }
            if quoted {
                for b in utf8 {
                    if b == UInt8(ascii: "\"") { out.append(b) }
                    out.append(b)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(utf8)
            }
        }
    }

    // MARK: XML

    static func sitemap(_ paths: [String], baseURL: String) -> [UInt8] {
        var xml = Markup(capacity: 256 + 128 * paths.count)
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
        for path in paths.sorted() {
            xml.raw("<url><loc>")
            xml.text(baseURL + path)
            xml.raw("</loc></url>\n")
        }
        xml.raw("</urlset>\n")
        return xml.bytes
    }

    /// Atom feed of the reports, newest first. Dates come from the reports (publication date, else
    /// the end of the reporting year), never from the clock, so the feed is the same on every build.
    static func feed(_ site: Site) -> [UInt8] {
        func date(_ entry: Site.Entry) -> String { (entry.digest.published ?? "\(entry.year)-12-31") + "T00:00:00Z" }
        // Newest first; the keys are made once, and the entries (large values) are not moved.
        let all = site.entries
        let keys = all.map { (date($0), $0.path) }
        let order = keys.indices.sorted { keys[$0] > keys[$1] }
        let updated = order.first.map { keys[$0].0 } ?? "2008-01-01T00:00:00Z"
        let base = site.config.baseURL
        var xml = Markup(capacity: 1024 + 320 * all.count)
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
        xml.text(site.config.language)
        xml.raw("\">\n<title>")
        xml.text(site.config.title)
        xml.raw("</title>\n<id>")
        xml.text(base)
        xml.raw("</id>\n<updated>")
        xml.raw(updated)
        xml.raw("</updated>\n<link href=\"")
        xml.text(base)
        xml.raw("\"/>\n<link rel=\"self\" href=\"")
        xml.text(base + "feed.xml")
        xml.raw("\"/>\n<author><name>")
        xml.text(site.config.title)
        xml.raw("</name></author>\n")
        for i in order {
            let entry = all[i]
            xml.raw("<entry><title>")
            xml.text(entry.digest.agency ?? "")
            xml.raw(" ")
            xml.int(entry.year)
            xml.raw(" 年政府信息公开工作年度报告</title><id>")
            // (Escaped in two parts, as it would be whole: neither part ends inside a character.)
            xml.text(base)
            xml.text(entry.path)
            xml.raw("</id><link href=\"")
            xml.text(base)
            xml.text(entry.path)
            xml.raw("\"/><updated>")
            xml.raw(keys[i].0)
            xml.raw("</updated></entry>\n")
        }
        xml.raw("</feed>\n")
        return xml.bytes
    }
}
