import AnnualReports

/// The open data and the machine-read files: `reports.csv`, `sitemap.xml`, `feed.xml`, `robots.txt`.
enum DataFiles {
    // MARK: CSV

    /// One column per table value, for both formats (a report fills the columns of its own).
    struct ValueColumn: Sendable {
        enum Source: Sendable {
            case activeDisclosure(row: String, value: String)
            case applications(row: String, column: Int)
            case reviewLitigation(group: String, outcome: Int)
        }

        var header: String
        var source: Source

        /// `nil` when the report has no such cell (another format, a missing table); `.some(nil)`
        /// for a cell the reader could not confirm.
        func value(_ report: Report) -> TableValue?? {
            switch source {
            case .activeDisclosure(let row, let value):
                guard let table = report.tables.activeDisclosure,
                      TableSchema.activeDisclosureRows(for: table.template).contains(where: { $0.key == row && $0.values.contains { $0.key == value } })
                else { return .none }
                return .some(table.value(row, value))
            case .applications(let row, let column):
                guard let values = report.tables.applications?.rows[row], column < values.count else { return .none }
                return .some(values[column])
            case .reviewLitigation(let group, let outcome):
                guard let values = report.tables.reviewLitigation?.groups[group], outcome < values.count else { return .none }
                return .some(values[outcome])
            }
        }
    }

    static let valueColumns: [ValueColumn] = {
        var columns: [ValueColumn] = []
        var seen: Set<String> = []
        for template in [Template.v2021, .v2019] {
            for row in TableSchema.activeDisclosureRows(for: template) {
                for value in row.values where seen.insert("\(row.key).\(value.key)").inserted {
                    columns.append(ValueColumn(header: "activeDisclosure.\(row.key).\(value.key)", source: .activeDisclosure(row: row.key, value: value.key)))
                }
            }
        }
        var rowKeys: [String] = []
        for template in [Template.v2021, .v2019] {
            for row in TableSchema.applicationRows(for: template) where row.valueCount > 0 && !rowKeys.contains(row.key) { rowKeys.append(row.key) }
        }
        for key in rowKeys {
            for (c, column) in Applications.columns.enumerated() {
                columns.append(ValueColumn(header: "applications.\(key).\(column)", source: .applications(row: key, column: c)))
            }
        }
        for group in ReviewLitigation.groups {
            for (i, outcome) in ReviewLitigation.outcomes.enumerated() {
                columns.append(ValueColumn(header: "reviewLitigation.\(group).\(outcome)", source: .reviewLitigation(group: group, outcome: i)))
            }
        }
        return columns
    }()

    /// UTF-8 with a BOM, so that spreadsheet programs open it as UTF-8.
    static func csv(_ entries: [Site.Entry]) -> String {
        let fixed = ["agency", "agencySlug", "year", "template", "published", "province", "city", "county", "sourcePath", "checksFailed", "checksUnknown", "errors", "warnings"]
        var lines = [(fixed + valueColumns.map(\.header)).map(field).joined(separator: ",")]
        for entry in entries {
            let r = entry.report
            let texts: [String] = [
                r.agency ?? "", entry.agencySlug, String(entry.year), r.template?.rawValue ?? "", r.published ?? "",
                r.region?.province ?? "", r.region?.city ?? "", r.region?.county ?? "", r.source.path,
            ]
            let counts: [Int] = [
                r.checks.filter { $0.status == .fail }.count, r.checks.filter { $0.status == .unknown }.count,
                r.diagnostics.filter { $0.severity == .error }.count, r.diagnostics.filter { $0.severity == .warning }.count,
            ]
            var cells = texts.map(field) + counts.map(String.init)
            for column in valueColumns {
                switch column.value(r) {
                case .some(.some(let value)): cells.append(value.description)
                default: cells.append("")
                }
            }
            lines.append(cells.joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
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
        func date(_ entry: Site.Entry) -> String { (entry.report.published ?? "\(entry.year)-12-31") + "T00:00:00Z" }
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
            let title = "\(entry.report.agency ?? "") \(entry.year) 年政府信息公开工作年度报告"
            xml += "<entry><title>\(xmlEscape(title))</title><id>\(xmlEscape(base + entry.path))</id><link href=\"\(xmlEscape(base + entry.path))\"/><updated>\(date(entry))</updated></entry>\n"
        }
        return xml + "</feed>\n"
    }
}
