import AnnualReports

/// The open data and the machine-read files: `reports.csv`, `sitemap.xml`, `feed.xml`, `robots.txt`.
enum DataFiles {
    // MARK: CSV

    /// UTF-8 with a BOM, so that spreadsheet programs open it as UTF-8; made as bytes, a row at
    /// a time.
    static func csv(_ entries: [Site.Entry]) -> [UInt8] {
        let fixed = ["agency", "agencySlug", "year", "template", "published", "province", "city", "county", "sourcePath", "checksFailed", "checksUnknown", "errors", "warnings"]
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        func row(_ cells: [String]) {
            for (i, cell) in cells.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: cell.utf8)
            }
            out.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        }
        row((fixed + ReportDigest.columns.map(\.header)).map(field))
        for entry in entries {
            let r = entry.digest
            let texts: [String] = [
                r.agency ?? "", entry.agencySlug, String(entry.year), r.template?.rawValue ?? "", r.published ?? "",
                r.region?.province ?? "", r.region?.city ?? "", r.region?.county ?? "", r.sourcePath,
            ]
            let counts: [Int] = [r.failed, r.unknown, r.errors, r.warnings]
            var cells = texts.map(field) + counts.map(String.init)
            for column in ReportDigest.columns.indices {
                switch r.value(column) {
                case .some(.some(let value)): cells.append(value.description)
                default: cells.append("")
                }
            }
            row(cells)
        }
        return out
    }

    /// A text field, quoted where needed; text that a spreadsheet would run as a formula
    /// (`=`, `+`, `-`, `@`, tab, CR at the start) is prefixed with `'`.
    static func field(_ text: String) -> String {
        var t = text
        if let first = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { t = "'" + t }
        // Bytes, not characters: "\r\n" is one character, equal to neither "\r" nor "\n".
        if t.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return t
    }

    // MARK: XML

    static func xmlEscape(_ text: String) -> String { HTML.escape(text) }

    static func sitemap(_ paths: [String], baseURL: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths.sorted() { xml += "<url><loc>\(xmlEscape(baseURL + path))</loc></url>\n" }
        return xml + "</urlset>\n"
    }

    /// Atom feed of the reports, newest first. Dates come from the reports (publication date, else
    /// the end of the reporting year), never from the clock, so the feed is the same on every build.
    static func feed(_ site: Site) -> String {
        func date(_ entry: Site.Entry) -> String { (entry.digest.published ?? "\(entry.year)-12-31") + "T00:00:00Z" }
        // Newest first; the keys are made once, and the entries (large values) are not moved.
        let all = site.entries
        let keys = all.map { (date($0), $0.path) }
        let entries = keys.indices.sorted { keys[$0] > keys[$1] }.map { all[$0] }
        let updated = entries.first.map(date) ?? "2008-01-01T00:00:00Z"
        let base = site.config.baseURL
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(xmlEscape(site.config.language))\">\n"
        xml += "<title>\(xmlEscape(site.config.title))</title>\n<id>\(xmlEscape(base))</id>\n<updated>\(updated)</updated>\n"
        xml += "<link href=\"\(xmlEscape(base))\"/>\n<link rel=\"self\" href=\"\(xmlEscape(base + "feed.xml"))\"/>\n<author><name>\(xmlEscape(site.config.title))</name></author>\n"
        for entry in entries {
            let title = "\(entry.digest.agency ?? "") \(entry.year) 年政府信息公开工作年度报告"
            xml += "<entry><title>\(xmlEscape(title))</title><id>\(xmlEscape(base + entry.path))</id><link href=\"\(xmlEscape(base + entry.path))\"/><updated>\(date(entry))</updated></entry>\n"
        }
        return xml + "</feed>\n"
    }
}
