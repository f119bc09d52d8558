/// The canonical JSON form of a report, exactly as `report-schema.md` lays it out.
extension Report {
    public var json: JSONValue {
        var tree = JSONTree()
        writeJSON(into: &tree)
        return tree.value
    }

    /// The compact JSON, on one line with no newline after it, written straight from the report
    /// (the same bytes as `json.compact`, without the `JSONValue` tree): a report's `report.json`
    /// and its line of `data/reports.json`.
    public var compactJSONBytes: [UInt8] { JSONBytes.make(indented: false, write: writeJSON(into:)) }

    /// `compactJSONBytes` as a string.
    public var compactJSON: String { String(decoding: compactJSONBytes, as: UTF8.self) }

    public func writeJSON(into j: inout some JSONSink & ~Copyable) {
        j.object { j in
            j.key("schemaVersion"); j.int(Report.schemaVersion)
            j.key("agency"); j.string(agency)
            j.key("agencySlug"); j.string(agencySlug)
            j.key("year"); j.int(year)
            j.key("template"); j.string(template?.rawValue)
            j.key("region")
            if let r = region {
                j.object { j in
                    j.key("province"); j.string(r.province)
                    j.key("city"); j.string(r.city)
                    j.key("county"); j.string(r.county)
                }
            } else {
                j.null()
            }
            j.key("published"); j.string(published)
            j.key("source")
            j.object { j in
                j.key("path"); j.string(source.path)
                j.key("sha256"); j.string(source.sha256)
                j.key("encoding"); j.string(source.encoding)
            }
            j.key("sections")
            j.array(sections) { j, s in
                j.object { j in
                    j.key("number"); j.int(s.number)
                    j.key("title"); j.string(s.title)
                    j.key("markdown"); j.string(s.markdown)
                }
            }
            j.key("tables")
            j.object { j in
                j.key("activeDisclosure")
                if let table = tables.activeDisclosure { table.writeJSON(into: &j) } else { j.null() }
                j.key("applications")
                if let table = tables.applications { table.writeJSON(into: &j) } else { j.null() }
                j.key("reviewLitigation")
                if let table = tables.reviewLitigation { table.writeJSON(into: &j) } else { j.null() }
            }
            j.key("checks")
            j.array(checks) { j, c in
                j.object { j in
                    j.key("id"); j.string(c.id)
                    j.key("scope"); j.string(c.scope)
                    j.key("status"); j.string(c.status.rawValue)
                    j.key("message")
                    if c.messageIsPlain { j.string { c.writeMessage(into: &$0) } } else { j.string(c.message) }
                    j.key("expected"); j.int(c.expected)
                    j.key("actual"); j.int(c.actual)
                }
            }
            j.key("diagnostics")
            j.array(diagnostics) { j, d in
                j.object { j in
                    j.key("severity"); j.string(d.severity.rawValue)
                    j.key("file"); j.string(d.location.file)
                    j.key("line"); j.int(d.location.line)
                    j.key("column"); j.int(d.location.column)
                    j.key("message"); j.string(d.message)
                }
            }
        }
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
        j.object { j in
            for row in TableSchema.activeDisclosureRows(for: template) {
                let v = rows[row.key] ?? []
                j.key(row.key)
                j.object { j in
                    for (i, value) in row.values.enumerated() {
                        j.key(value.key)
                        AnnualReports.writeJSON(i < v.count ? v[i] : nil, into: &j)
                    }
                }
            }
        }
    }
}

extension Applications {
    func writeJSON(into j: inout some JSONSink & ~Copyable) {
        j.object { j in
            j.key("columns")
            j.array(Applications.columns) { j, column in j.string(column) }
            j.key("rows")
            j.object { j in
                for key in rowKeys {
                    j.key(key)
                    j.array(rows[key] ?? []) { j, value in AnnualReports.writeJSON(value, into: &j) }
                }
            }
        }
    }
}

extension ReviewLitigation {
    func writeJSON(into j: inout some JSONSink & ~Copyable) {
        j.object { j in
            for group in ReviewLitigation.groups {
                j.key(group)
                j.object { j in
                    for (i, outcome) in ReviewLitigation.outcomes.enumerated() {
                        j.key(outcome)
                        AnnualReports.writeJSON(groups[group]?[i], into: &j)
                    }
                }
            }
        }
    }
}
