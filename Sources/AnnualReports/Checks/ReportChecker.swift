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
    private static let balanceRules = columnLabels.map { "\($0)列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度" }
    private static let outcomeSumRules = columnLabels.map { "\($0)列：各项办理结果之和 = （七）总计" }
    private static let reviewLitigationRules = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"].map { "\($0)：维持 + 纠正 + 其他结果 + 尚未审结 = 总计" }
    /// Each format's rows with values, by their place in `TableSchema.applicationRowKeys`: the
    /// rule of each row's total, the outcome rows, and the four rows of the balance (made once).
    private struct Layout {
        var rowTotals: [(row: Int, key: String, rule: String)]
        var outcomes: [Int]
        var received: Int, carriedOver: Int, total: Int, carriedForward: Int

        init(_ template: Template) {
            let keys = TableSchema.applicationRowKeys(for: template)
            func place(_ key: String) -> Int { keys.firstIndex(of: key)! }
            // (The rows with values are the rows of `keys`, in the same order.)
            rowTotals = TableSchema.applicationRows(for: template).filter { $0.valueCount > 0 }.enumerated().map { place, row in
                (place, row.key, "“\(row.label)”一行：六类申请人之和 = 总计")
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
        // One buffer for every check's message.
        var m = ByteBuffer(capacity: 512)
        func check(id: String, scope: String, left: [Int?], right: [Int?], rule: String) -> Check {
            make(id: id, scope: scope, left: left, right: right, rule: rule, into: &m)
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
                left: [value(layout.received, c), value(layout.carriedOver, c)], right: [value(layout.total, c), value(layout.carriedForward, c)], rule: balanceRules[c]))
        }
        for (row, key, rule) in layout.rowTotals {
            checks.append(check(id: "applications.rowTotals", scope: key, left: Array(counts[(7 * row)..<(7 * row + 6)]), right: [value(row, 6)], rule: rule))
        }
        for (c, column) in Applications.columns.enumerated() {
            checks.append(check(
                id: "applications.outcomeSum", scope: column,
                left: layout.outcomes.map { value($0, c) }, right: [value(layout.total, c)], rule: outcomeSumRules[c]))
        }
        for (g, group) in ReviewLitigation.groups.enumerated() {
            let values = (0..<5).map { report.tables.reviewLitigation?.count(group, $0) }
            checks.append(check(
                id: "reviewLitigation.totals", scope: group,
                left: Array(values[0..<4]), right: [values[4]], rule: reviewLitigationRules[g]))
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
    /// The message is written into `m` (emptied first) as UTF-8 and made a string once: appending
    /// to a `String` costs hundreds of instructions each time.
    private static func make(id: String, scope: String, left: [Int?], right: [Int?], rule: String, into m: inout ByteBuffer) -> Check {
        let l = left.allSatisfy { $0 != nil } ? left.reduce(0) { $0 + $1! } : nil
        let r = right.allSatisfy { $0 != nil } ? right.reduce(0) { $0 + $1! } : nil
        m.removeAll()
        UTF8Text.withBytes(rule) { m.append($0) }
        func show(_ values: [Int?]) {
            for (i, value) in values.enumerated() {
                if i > 0 { m.append(" + ") }
                if let value { m.appendDecimal(value) } else { m.append("空") }
            }
        }
        guard let expected = l, let actual = r else {
            m.append("；有空值，无法核对（")
            show(left)
            m.append(" 与 ")
            show(right)
            m.append("）")
            return Check(id: id, scope: scope, status: .unknown, message: m.string, expected: l, actual: r)
        }
        let status: Check.Status = expected == actual ? .pass : .fail
        m.append("：")
        show(left)
        m.append(" = ")
        m.appendDecimal(expected)
        m.append("，")
        if right.count == 1 {
            m.append("与 ")
            m.appendDecimal(actual)
            m.append(" ")
        } else {
            show(right)
            m.append(" = ")
            m.appendDecimal(actual)
            m.append("，")
        }
        m.append(status == .pass ? "相符" : "不符")
        return Check(id: id, scope: scope, status: status, message: m.string, expected: expected, actual: actual)
    }
}
