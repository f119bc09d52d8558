/// The consistency checks (勾稽关系) of `report-schema.md`, run on a report's tables and prose.
///
/// Checks are data: each is `pass`, `fail` or `unknown` (an operand is `null`). A failed check also
/// raises a warning diagnostic at the table; the numbers themselves are never changed.
enum ReportChecker {
    /// Where to point the warning of a failed check: the row a rule is about (by row key), the
    /// first value of table 3, and the sentence of the prose; each falls back to its section.
    struct Locations {
        var applications: SourceLocation
        var applicationRows: [String: SourceLocation] = [:]
        var reviewLitigation: SourceLocation
        var narrative: SourceLocation
    }

    private static let columnLabels = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    /// The rules of the sum checks (`Check.sumRules`): a column's balance, a column's outcomes, a
    /// group of table 3, and each row's total of either format, each once.
    static let sumRules: [String] = {
        var rules = columnLabels.map { "\($0)列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度" }
        rules += columnLabels.map { "\($0)列：各项办理结果之和 = （七）总计" }
        rules += ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"].map { "\($0)：维持 + 纠正 + 其他结果 + 尚未审结 = 总计" }
        for template in Template.allCases {
            rules += TableSchema.applicationRows(for: template).filter { $0.valueCount > 0 }.map(rowTotalRule)
        }
        var seen = Set<String>()
        return rules.filter { seen.insert($0).inserted }
    }()

    private static func rowTotalRule(_ row: RowSchema) -> String { "“\(row.label)”一行：六类申请人之和 = 总计" }
    private static func balanceRule(_ column: Int) -> Int { column }
    private static func outcomeSumRule(_ column: Int) -> Int { 7 + column }
    private static func reviewLitigationRule(_ group: Int) -> Int { 14 + group }

    /// Each format's rows with values, by their place in `TableSchema.applicationRowKeys`: the
    /// rule of each row's total, the outcome rows, and the four rows of the balance (made once).
    private struct Layout {
        var rowTotals: [(row: Int, key: String, rule: Int)]
        var outcomes: [Int]
        var received: Int, carriedOver: Int, total: Int, carriedForward: Int

        init(_ template: Template) {
            let keys = TableSchema.applicationRowKeys(for: template)
            func place(_ key: String) -> Int { keys.firstIndex(of: key)! }
            // (The rows with values are the rows of `keys`, in the same order.)
            rowTotals = TableSchema.applicationRows(for: template).filter { $0.valueCount > 0 }.enumerated().map { place, row in
                (place, row.key, ReportChecker.sumRules.firstIndex(of: ReportChecker.rowTotalRule(row))!)
            }
            precondition(rowTotals.map(\.key) == keys, "the rows with values are the row keys")
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
        func check(id: String, scope: String, left: [Int?], right: [Int?], rule: Int) -> Check {
            Check(id: id, scope: scope, rule: rule, left: left, right: right)
        }
        let applications = report.tables.applications
        let template = applications?.template ?? report.template ?? .v2021
        let layout = layouts[template]!
        // Every row's seven counts, each row looked up once, row after row (nil for each where the
        // table or the row is missing).
        var counts = [Int?](repeating: nil, count: 7 * TableSchema.applicationRowKeys(for: template).count)
        if let rows = applications?.rows {
            for (r, key) in TableSchema.applicationRowKeys(for: template).enumerated() {
                guard let values = rows[key] else { continue }
                for c in 0..<Swift.min(7, values.count) { counts[7 * r + c] = values[c]?.count }
            }
        }
        func value(_ row: Int, _ column: Int) -> Int? { counts[7 * row + column] }

        for (c, column) in Applications.columns.enumerated() {
            checks.append(check(
                id: "applications.balance", scope: column,
                left: [value(layout.received, c), value(layout.carriedOver, c)], right: [value(layout.total, c), value(layout.carriedForward, c)], rule: balanceRule(c)))
        }
        for (row, key, rule) in layout.rowTotals {
            checks.append(check(id: "applications.rowTotals", scope: key, left: Array(counts[(7 * row)..<(7 * row + 6)]), right: [value(row, 6)], rule: rule))
        }
        for (c, column) in Applications.columns.enumerated() {
            checks.append(check(
                id: "applications.outcomeSum", scope: column,
                left: layout.outcomes.map { value($0, c) }, right: [value(layout.total, c)], rule: outcomeSumRule(c)))
        }
        for (g, group) in ReviewLitigation.groups.enumerated() {
            let values = (0..<5).map { report.tables.reviewLitigation?.count(group, $0) }
            checks.append(check(
                id: "reviewLitigation.totals", scope: group,
                left: Array(values[0..<4]), right: [values[4]], rule: reviewLitigationRule(g)))
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
        for check in checks where check.status == .fail {
            let location: SourceLocation
            switch check.id {
            case "reviewLitigation.totals": location = locations.reviewLitigation
            case "narrative.received": location = locations.narrative
            case "applications.rowTotals": location = locations.applicationRows[check.scope] ?? locations.applications
            default: location = locations.applicationRows["total"] ?? locations.applications
            }
            diagnostics.append(Diagnostic(.warning, "勾稽关系不符（\(check.id)，\(check.scope)）：\(check.message)", at: location))
        }
        return checks
    }
}
