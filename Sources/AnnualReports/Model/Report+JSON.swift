/// The canonical JSON form of a report, exactly as `report-schema.md` lays it out.
extension Report {
    public var json: JSONValue {
        .object([
            ("schemaVersion", .int(Report.schemaVersion)),
            ("agency", agency.map(JSONValue.string) ?? .null),
            ("agencySlug", agencySlug.map(JSONValue.string) ?? .null),
            ("year", year.map(JSONValue.int) ?? .null),
            ("template", template.map { .string($0.rawValue) } ?? .null),
            ("region", region.map { r in
                .object([
                    ("province", r.province.map(JSONValue.string) ?? .null),
                    ("city", r.city.map(JSONValue.string) ?? .null),
                    ("county", r.county.map(JSONValue.string) ?? .null),
                ])
            } ?? .null),
            ("published", published.map(JSONValue.string) ?? .null),
            ("source", .object([
                ("path", .string(source.path)),
                ("sha256", .string(source.sha256)),
                ("encoding", .string(source.encoding)),
            ])),
            ("sections", .array(sections.map { s in
                .object([
                    ("number", .int(s.number)),
                    ("title", .string(s.title)),
                    ("markdown", s.markdown.map(JSONValue.string) ?? .null),
                ])
            })),
            ("tables", .object([
                ("activeDisclosure", tables.activeDisclosure.map(\.json) ?? .null),
                ("applications", tables.applications.map(\.json) ?? .null),
                ("reviewLitigation", tables.reviewLitigation.map(\.json) ?? .null),
            ])),
            ("checks", .array(checks.map { c in
                .object([
                    ("id", .string(c.id)),
                    ("scope", .string(c.scope)),
                    ("status", .string(c.status.rawValue)),
                    ("message", .string(c.message)),
                    ("expected", c.expected.map(JSONValue.int) ?? .null),
                    ("actual", c.actual.map(JSONValue.int) ?? .null),
                ])
            })),
            ("diagnostics", .array(diagnostics.map { d in
                .object([
                    ("severity", .string(d.severity.rawValue)),
                    ("file", .string(d.location.file)),
                    ("line", .int(d.location.line)),
                    ("column", .int(d.location.column)),
                    ("message", .string(d.message)),
                ])
            })),
        ])
    }
}

extension TableValue {
    var json: JSONValue {
        switch self {
        case .count(let n): .int(n)
        case .amount(let s): .string(s)
        }
    }
}

private func values(_ values: [TableValue?]?) -> [JSONValue] {
    (values ?? []).map { $0?.json ?? .null }
}

extension ActiveDisclosure {
    var json: JSONValue {
        .object(TableSchema.activeDisclosureRows(for: template).map { row in
            let v = rows[row.key] ?? []
            return (row.key, .object(row.values.enumerated().map { i, value in
                (value.key, i < v.count ? (v[i]?.json ?? .null) : .null)
            }))
        })
    }
}

extension Applications {
    var json: JSONValue {
        .object([
            ("columns", .array(Applications.columns.map(JSONValue.string))),
            ("rows", .object(rowKeys.map { ($0, .array(values(rows[$0]))) })),
        ])
    }
}

extension ReviewLitigation {
    var json: JSONValue {
        .object(ReviewLitigation.groups.map { group in
            (group, .object(ReviewLitigation.outcomes.enumerated().map { i, outcome in
                (outcome, (groups[group]?[i]).flatMap { $0?.json } ?? .null)
            }))
        })
    }
}
