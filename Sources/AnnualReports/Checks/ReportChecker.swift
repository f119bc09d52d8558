/// The consistency checks (勾稽关系) of `report-schema.md`, run on a report's tables and prose.
///
/// Checks are data: each is `pass`, `fail` or `unknown` (an operand is `null`). A failed check also
/// raises a warning diagnostic at the table; the numbers themselves are never changed.
enum ReportChecker {
    /// Where to point the warning of a failed check: the row a rule is about (by row key), the
    /// first value of table 3, and the sentence of the prose; each falls back to its section.
    struct Locations {
        var applications: SourceLocation
        var applicationRows = RowLocations()
        var reviewLitigation: SourceLocation
        var narrative: NarrativeLocation
    }

    /// Where the prose's statement of requests received starts: its line, looked for among the
    /// report's lines only when its check fails (the search compares every line); else
    /// `fallback`, the first section's heading.
    struct NarrativeLocation {
        var fallback: SourceLocation
        var lines: [SourceLine]

        func location(of statement: NarrativeCount.Statement) -> SourceLocation {
            ReportReader.lineContaining(statement.text, in: lines).map { SourceLocation(file: fallback.file, line: $0) } ?? fallback
        }
    }

    /// Each format's rows with values (by their places among the rows of table 3): the
    /// rule of each row's total, the outcome rows, and the four rows of the balance (made once).
    private struct Layout {
        /// The rows with values, and the rule of each one's total.
        var keys: [String]
        var rowTotalRules: [Int]
        var outcomes: [Int]
        var received: Int, carriedOver: Int, total: Int, carriedForward: Int

        init(_ template: Template) {
            let rows = TableSchema.applicationRows(for: template).filter { $0.valueCount > 0 }
            let keys = rows.map(\.key)
            self.keys = keys
            func place(_ key: String) -> Int { keys.firstIndex(of: key)! }
            rowTotalRules = rows.map { Check.sumRules.firstIndex(of: Check.rowTotalRule($0))! }
            outcomes = TableSchema.outcomeRows(for: template).map(place)
            received = place("received")
            carriedOver = place("carriedOver")
            total = place("total")
            carriedForward = place("carriedForward")
        }
    }

    private static let layouts: [Template: Layout] = Dictionary(uniqueKeysWithValues: Template.allCases.map { ($0, Layout($0)) })

    static func checks(for report: Report, narrativeStatement: NarrativeCount.Statement?, locations: Locations, diagnostics: inout [Diagnostic]) -> [Check] {
        var checks: [Check] = []
        checks.reserveCapacity(64)
        let applications = report.tables.applications
        let template = applications?.template ?? report.template ?? .v2021
        let layout = layouts[template]!
        // Every row's seven counts, each row looked up once, row after row (nil for each where the
        // table or the row is missing).
        var counts = [Int?](repeating: nil, count: 7 * layout.keys.count)
        if let rows = applications?.rows {
            for (r, key) in layout.keys.enumerated() {
                guard let values = rows[key] else { continue }
                for c in 0..<Swift.min(7, values.count) { counts[7 * r + c] = values[c]?.count }
            }
        }
        func value(_ row: Int, _ column: Int) -> Int? { counts[7 * row + column] }

        for (c, column) in Applications.columns.enumerated() {
            checks.append(Check(
                id: "applications.balance", scope: column, rule: Check.balanceRule(c),
                operands: [value(layout.received, c), value(layout.carriedOver, c), value(layout.total, c), value(layout.carriedForward, c)], split: 2))
        }
        for (row, key) in layout.keys.enumerated() {
            checks.append(Check(id: "applications.rowTotals", scope: key, rule: layout.rowTotalRules[row], operands: Array(counts[(7 * row)..<(7 * row + 7)]), split: 6))
        }
        for (c, column) in Applications.columns.enumerated() {
            var operands = [Int?]()
            operands.reserveCapacity(layout.outcomes.count + 1)
            for row in layout.outcomes { operands.append(value(row, c)) }
            operands.append(value(layout.total, c))
            checks.append(Check(id: "applications.outcomeSum", scope: column, rule: Check.outcomeSumRule(c), operands: operands, split: layout.outcomes.count))
        }
        for (g, group) in ReviewLitigation.groups.enumerated() {
            let values = report.tables.reviewLitigation?.counts(group) ?? Array(repeating: nil, count: ReviewLitigation.outcomes.count)
            checks.append(Check(id: "reviewLitigation.totals", scope: group, rule: Check.reviewLitigationRule(g), operands: values, split: 4))
        }
        if let statement = narrativeStatement {
            let actual = applications?.count("received", 6)
            let status: Check.Status = actual == nil ? .unknown : (actual == statement.count ? .pass : .fail)
            let detail = actual.map { "表中本年新收总计为 \($0)" } ?? "表中本年新收总计为空"
            checks.append(Check(
                id: "narrative.received", scope: "received.total", status: status,
                message: "正文称“\(TextNormalization.excerpt(statement.text))”（\(statement.count) 件），\(detail)",
                expected: statement.count, actual: actual))
        }
        // (By index: most checks pass, and are not copied to be looked at.)
        for index in checks.indices where checks[index].status == .fail {
            let check = checks[index]
            let location: SourceLocation
            switch check.id {
            case "reviewLitigation.totals": location = locations.reviewLitigation
            case "narrative.received": location = narrativeStatement.map(locations.narrative.location(of:)) ?? locations.narrative.fallback
            case "applications.rowTotals": location = locations.applicationRows[check.scope] ?? locations.applications
            default: location = locations.applicationRows["total"] ?? locations.applications
            }
            diagnostics.append(Diagnostic(.warning, "勾稽关系不符（\(check.id)，\(check.scope)）：\(check.message)", at: location))
        }
        return checks
    }
}
