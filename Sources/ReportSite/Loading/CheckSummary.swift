import AnnualReports

/// Counts what `gongkai check` found, for its one-line summary.
public struct CheckSummary: Sendable {
    public private(set) var reports = 0
    public private(set) var reportsWithErrors = 0
    public private(set) var errors = 0
    public private(set) var warnings = 0
    public private(set) var failedChecks = 0
    public private(set) var unknownChecks = 0

    public init() {}

    public mutating func add(_ report: Report) {
        reports += 1
        let e = report.diagnostics.filter { $0.severity == .error }.count
        errors += e
        if e > 0 { reportsWithErrors += 1 }
        warnings += report.diagnostics.filter { $0.severity == .warning }.count
        failedChecks += report.checks.filter { $0.status == .fail }.count
        unknownChecks += report.checks.filter { $0.status == .unknown }.count
    }

    public var line: String {
        "检查了 \(reports) 份报告：\(errors) 个错误，\(warnings) 个警告；勾稽关系 \(failedChecks) 项不符，\(unknownChecks) 项无法核对"
    }
}

/// A few lines about one report, for `gongkai parse` without `--json`.
public struct ReportSummary: Sendable {
    public var text: String

    public init(_ report: Report) {
        let found = [
            ("主动公开", report.tables.activeDisclosure != nil),
            ("申请情况", report.tables.applications != nil),
            ("复议诉讼", report.tables.reviewLitigation != nil),
        ].map { "\($0.0)\($0.1 ? "✓" : "✗")" }.joined(separator: " ")
        let pass = report.checks.filter { $0.status == .pass }.count
        text = """
        \(report.source.path): \(report.agency ?? "（机关不明）") \(report.year.map(String.init) ?? "（年度不明）") 年，\(report.template.map { "\($0.rawValue) 年版" } ?? "格式不明")
          表格：\(found)；勾稽关系 \(pass)/\(report.checks.count) 项相符；诊断 \(report.diagnostics.count) 条
        """
    }
}
