import AnnualReports

/// A figure derived from a report's tables for comparisons across agencies and years.
struct Metric: Sendable {
    struct Value: Sendable {
        /// For sorting and charts; `nil` where the figure does not apply (a rate of nothing).
        var number: Double?
        /// As the page shows it: the report's own digits for counts and amounts, or why none applies.
        var display: String
    }

    var key: String
    var title: String
    var unit: String
    var value: @Sendable (ReportDigest) -> Value?

    static func count(_ n: Int?) -> Value? { n.map { Value(number: Double($0), display: String($0)) } }

    static func sum(_ values: [Int?]) -> Value? {
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return count(values.reduce(0) { $0 + $1! })
    }

    /// A count of the applications table (`Applications.count(row, column)`), its column found once.
    private static func applications(_ row: String, _ column: Int) -> @Sendable (ReportDigest) -> Int? {
        let c = ReportDigest.column(.applications(row: row, column: column))
        return { $0.count(c) }
    }

    /// A count of the review and litigation table (`ReviewLitigation.count(group, outcome)`).
    private static func reviewLitigation(_ group: String, _ outcome: Int) -> @Sendable (ReportDigest) -> Int? {
        let c = ReportDigest.column(.reviewLitigation(group: group, outcome: outcome))
        return { $0.count(c) }
    }

    /// A value of the active disclosure table (`ActiveDisclosure.value(row, key)`).
    private static func activeDisclosure(_ row: String, _ key: String) -> @Sendable (ReportDigest) -> TableValue? {
        let c = ReportDigest.column(.activeDisclosure(row: row, value: key))
        return { $0.tableValue(c) }
    }

    static let received: Metric = {
        let received = applications("received", 6)
        return Metric(key: "received", title: "本年新收申请", unit: "件") { count(received($0)) }
    }()
    static let granted: Metric = {
        let granted = applications("granted", 6)
        return Metric(key: "granted", title: "予以公开", unit: "件") { count(granted($0)) }
    }()
    /// (予以公开 + 部分公开) / 办理结果总计; undefined when nothing was handled.
    static let disclosureRate: Metric = {
        let (granted, partially, total) = (applications("granted", 6), applications("partiallyGranted", 6), applications("total", 6))
        return Metric(key: "disclosure-rate", title: "公开率", unit: "") { report in
            guard let g = granted(report), let p = partially(report), let t = total(report) else { return nil }
            guard t > 0 else { return Value(number: nil, display: "不适用（无办理结果）") }
            let rate = Double(g + p) / Double(t) * 100
            let tenths = Int((rate * 10).rounded())
            return Value(number: rate, display: "\(tenths / 10).\(tenths % 10)%")
        }
    }()
    static let denied: Metric = {
        // The refusal rows of each format (a report without a known format is read as 2021).
        func refusals(_ template: Template) -> [@Sendable (ReportDigest) -> Int?] {
            TableSchema.applicationRowKeys(for: template).filter { $0.hasPrefix("denied.") }.map { applications($0, 6) }
        }
        let (v2021, v2019) = (refusals(.v2021), refusals(.v2019))
        return Metric(key: "denied", title: "不予公开", unit: "件") { report in
            sum((report.applicationsTemplate == .v2019 ? v2019 : v2021).map { $0(report) })
        }
    }()
    static let reviews: Metric = {
        let reviews = reviewLitigation("review", 4)
        return Metric(key: "reviews", title: "行政复议", unit: "件") { count(reviews($0)) }
    }()
    static let reviewsCorrected: Metric = {
        let corrected = reviewLitigation("review", 1)
        return Metric(key: "reviews-corrected", title: "行政复议结果纠正", unit: "件") { count(corrected($0)) }
    }()
    static let lawsuits: Metric = {
        let (direct, afterReview) = (reviewLitigation("litigationDirect", 4), reviewLitigation("litigationAfterReview", 4))
        return Metric(key: "lawsuits", title: "行政诉讼", unit: "件") { sum([direct($0), afterReview($0)]) }
    }()
    static let lawsuitsCorrected: Metric = {
        let (direct, afterReview) = (reviewLitigation("litigationDirect", 1), reviewLitigation("litigationAfterReview", 1))
        return Metric(key: "lawsuits-corrected", title: "行政诉讼结果纠正", unit: "件") { sum([direct($0), afterReview($0)]) }
    }()
    static let fees: Metric = {
        let fees = activeDisclosure("fees", "amount")
        return Metric(key: "fees", title: "行政事业性收费", unit: "万元") { report in
            guard case .amount(let text)? = fees(report), let number = Double(text) else { return nil }
            return Value(number: number, display: text)
        }
    }()
    static let licensing: Metric = {
        let decisions = activeDisclosure("licensing", "decisions")
        return Metric(key: "licensing", title: "行政许可处理决定", unit: "件") { count(decisions($0)?.count) }
    }()
    static let penalties: Metric = {
        let decisions = activeDisclosure("penalties", "decisions")
        return Metric(key: "penalties", title: "行政处罚处理决定", unit: "件") { count(decisions($0)?.count) }
    }()

    /// One metric per refusal reason (不予公开 1–8).
    static let refusalReasons: [Metric] = TableSchema.applicationRows(for: .v2021).filter { $0.key.hasPrefix("denied.") }.map { row in
        let label = row.label.drop { $0.isNumber || $0 == "." }
        let refused = applications(row.key, 6)
        return Metric(key: row.key, title: String(label), unit: "件") { count(refused($0)) }
    }

    /// The columns of the year pages.
    static let yearColumns: [Metric] = [received, granted, disclosureRate, denied, reviews, reviewsCorrected, lawsuits, lawsuitsCorrected, fees]

    /// The comparison pages: a slug, a title, and the metrics each compares.
    static let comparisons: [(slug: String, title: String, metrics: [Metric])] = [
        ("received", "收到的政府信息公开申请", [received]),
        ("disclosure-rate", "公开率", [disclosureRate]),
        ("refusals", "不予公开的理由", refusalReasons + [denied]),
        ("reviews-lawsuits", "行政复议、行政诉讼及纠正", [reviews, reviewsCorrected, lawsuits, lawsuitsCorrected]),
        ("fees", "行政事业性收费", [fees]),
        ("licensing-penalties", "行政许可和行政处罚决定", [licensing, penalties]),
    ]
}
