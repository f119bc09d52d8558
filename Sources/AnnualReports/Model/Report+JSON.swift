/// The canonical JSON form of a report, exactly as `report-schema.md` lays it out.
extension Report {
    public var json: JSONValue {
        var tree = JSONTree()
        writeJSON(into: &tree)
        return tree.value
    }

    /// The indented JSON, with `terminator` after it, lent to `pretty`; returns the compact JSON.
    /// Written straight from the report, without the `JSONValue` tree of `json` (the same bytes).
    public func prettyAndCompactJSON(terminator: StaticString = "", pretty use: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> [UInt8] {
        try JSONBytes.both(terminator: terminator, write: writeJSON(into:), pretty: use)
    }

    /// Both forms, as arrays.
    public func prettyAndCompactJSON(terminator: StaticString = "") -> (pretty: [UInt8], compact: [UInt8]) {
        var pretty: [UInt8] = []
        let compact = prettyAndCompactJSON(terminator: terminator) { pretty = Array($0) }
        return (pretty, compact)
    }

    public func writeJSON(into j: inout some JSONSink & ~Copyable) {
        j.beginObject()
        j.key("schemaVersion"); j.int(Report.schemaVersion)
        j.key("agency"); j.string(agency)
        j.key("agencySlug"); j.string(agencySlug)
        j.key("year"); j.int(year)
        j.key("template"); j.string(template?.rawValue)
        j.key("region")
        if let r = region {
            j.beginObject()
            j.key("province"); j.string(r.province)
            j.key("city"); j.string(r.city)
            j.key("county"); j.string(r.county)
            j.endObject()
        } else {
            j.null()
        }
        j.key("published"); j.string(published)
        j.key("source")
        j.beginObject()
        j.key("path"); j.string(source.path)
        j.key("sha256"); j.string(source.sha256)
        j.key("encoding"); j.string(source.encoding)
        j.endObject()
        j.key("sections")
        j.beginArray()
        for s in sections {
            j.beginObject()
            j.key("number"); j.int(s.number)
            j.key("title"); j.string(s.title)
            j.key("markdown"); j.string(s.markdown)
            j.endObject()
        }
        j.endArray()
        j.key("tables")
        j.beginObject()
        j.key("activeDisclosure")
        if let table = tables.activeDisclosure { table.writeJSON(into: &j) } else { j.null() }
        j.key("applications")
        if let table = tables.applications { table.writeJSON(into: &j) } else { j.null() }
        j.key("reviewLitigation")
        if let table = tables.reviewLitigation { table.writeJSON(into: &j) } else { j.null() }
        j.endObject()
        j.key("checks")
        j.beginArray()
        for c in checks {
            j.beginObject()
            j.key("id"); j.string(c.id)
            j.key("scope"); j.string(c.scope)
            j.key("status"); j.string(c.status.rawValue)
            j.key("message"); j.string(c.message)
            j.key("expected"); j.int(c.expected)
            j.key("actual"); j.int(c.actual)
            j.endObject()
        }
        j.endArray()
        j.key("diagnostics")
        j.beginArray()
        for d in diagnostics {
            j.beginObject()
            j.key("severity"); j.string(d.severity.rawValue)
            j.key("file"); j.string(d.location.file)
            j.key("line"); j.int(d.location.line)
            j.key("column"); j.int(d.location.column)
            j.key("message"); j.string(d.message)
            j.endObject()
        }
        j.endArray()
        j.endObject()
    }
}

extension TableValue {
    func writeJSON(into j: inout some JSONSink & ~Copyable) {
        switch self {
        case .count(let n): j.int(n)
        case .amount(let s): j.string(s)
        }
    }
}

/// A table value, or `null` where it is unknown or missing.
private func writeJSON(_ value: TableValue??, into j: inout some JSONSink & ~Copyable) {
    if let value = value ?? nil { value.writeJSON(into: &j) } else { j.null() }
}

extension ActiveDisclosure {
    func writeJSON(into j: inout some JSONSink & ~Copyable) {
        j.beginObject()
        for row in TableSchema.activeDisclosureRows(for: template) {
            let v = rows[row.key] ?? []
            j.key(row.key)
            j.beginObject()
            for (i, value) in row.values.enumerated() {
                j.key(value.key)
                AnnualReports.writeJSON(i < v.count ? v[i] : nil, into: &j)
            }
            j.endObject()
        }
        j.endObject()
    }
}

extension Applications {
    func writeJSON(into j: inout some JSONSink & ~Copyable) {
        j.beginObject()
        j.key("columns")
        j.beginArray()
        for column in Applications.columns { j.string(column) }
        j.endArray()
        j.key("rows")
        j.beginObject()
        for key in rowKeys {
            j.key(key)
            j.beginArray()
            for value in rows[key] ?? [] { AnnualReports.writeJSON(value, into: &j) }
            j.endArray()
        }
        j.endObject()
        j.endObject()
    }
}

extension ReviewLitigation {
    func writeJSON(into j: inout some JSONSink & ~Copyable) {
        j.beginObject()
        for group in ReviewLitigation.groups {
            j.key(group)
            j.beginObject()
            for (i, outcome) in ReviewLitigation.outcomes.enumerated() {
                j.key(outcome)
                AnnualReports.writeJSON(groups[group]?[i], into: &j)
            }
            j.endObject()
        }
        j.endObject()
    }
}
