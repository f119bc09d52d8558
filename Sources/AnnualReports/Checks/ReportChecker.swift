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

    static func checks(for report: Report, narrativeStatement: NarrativeCount.Statement?, locations: Locations, diagnostics: inout [Diagnostic]) -> [Check] {
        var checks: [Check] = []
        let columnLabels = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
        let applications = report.tables.applications
        let template = applications?.template ?? report.template ?? .v2021

        for (c, column) in Applications.columns.enumerated() {
            let operands = ["received", "carriedOver", "total", "carriedForward"].map { applications?.count($0, c) }
            checks.append(make(
                id: "applications.balance", scope: column,
                left: [operands[0], operands[1]], right: [operands[2], operands[3]],
                rule: "\(columnLabels[c])列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度"))
        }
        for row in TableSchema.applicationRows(for: template) where row.valueCount > 0 {
            let parts = (0..<6).map { applications?.count(row.key, $0) }
            checks.append(make(
                id: "applications.rowTotals", scope: row.key,
                left: parts, right: [applications?.count(row.key, 6)],
                rule: "“\(row.label)”一行：六类申请人之和 = 总计"))
        }
        let outcomes = TableSchema.outcomeRows(for: template)
        for (c, column) in Applications.columns.enumerated() {
            checks.append(make(
                id: "applications.outcomeSum", scope: column,
                left: outcomes.map { applications?.count($0, c) }, right: [applications?.count("total", c)],
                rule: "\(columnLabels[c])列：各项办理结果之和 = （七）总计"))
        }
        let groupLabels = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
        for (g, group) in ReviewLitigation.groups.enumerated() {
            let values = (0..<5).map { report.tables.reviewLitigation?.count(group, $0) }
            checks.append(make(
                id: "reviewLitigation.totals", scope: group,
                left: Array(values[0..<4]), right: [values[4]],
                rule: "\(groupLabels[g])：维持 + 纠正 + 其他结果 + 尚未审结 = 总计"))
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

    /// A check of `sum(left) == sum(right)`: expected is the computed side, actual the stated one.
    private static func make(id: String, scope: String, left: [Int?], right: [Int?], rule: String) -> Check {
        let l = left.allSatisfy { $0 != nil } ? left.reduce(0) { $0 + $1! } : nil
        let r = right.allSatisfy { $0 != nil } ? right.reduce(0) { $0 + $1! } : nil
        func show(_ values: [Int?]) -> String { values.map { $0.map(String.init) ?? "空" }.joined(separator: " + ") }
        guard let expected = l, let actual = r else {
            return Check(id: id, scope: scope, status: .unknown, message: "\(rule)；有空值，无法核对（\(show(left)) 与 \(show(right))）", expected: l, actual: r)
        }
        let status: Check.Status = expected == actual ? .pass : .fail
        let verdict = status == .pass ? "相符" : "不符"
        let sides = right.count == 1
            ? "\(show(left)) = \(expected)，与 \(actual) \(verdict)"
            : "\(show(left)) = \(expected)，\(show(right)) = \(actual)，\(verdict)"
        return Check(id: id, scope: scope, status: status, message: "\(rule)：\(sides)", expected: expected, actual: actual)
    }
}
