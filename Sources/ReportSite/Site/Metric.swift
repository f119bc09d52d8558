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

    static let received = Metric(key: "received", title: "本年新收申请", unit: "件") { count($0.applications("received", 6)) }
    static let granted = Metric(key: "granted", title: "予以公开", unit: "件") { count($0.applications("granted", 6)) }
    /// (予以公开 + 部分公开) / 办理结果总计; undefined when nothing was handled.
    static let disclosureRate = Metric(key: "disclosure-rate", title: "公开率", unit: "") { report in
        guard let g = report.applications("granted", 6), let p = report.applications("partiallyGranted", 6), let t = report.applications("total", 6) else { return nil }
        guard t > 0 else { return Value(number: nil, display: "不适用（无办理结果）") }
        let rate = Double(g + p) / Double(t) * 100
        let tenths = Int((rate * 10).rounded())
        return Value(number: rate, display: "\(tenths / 10).\(tenths % 10)%")
    }
    static let denied = Metric(key: "denied", title: "不予公开", unit: "件") { report in
        sum(TableSchema.applicationRowKeys(for: report.applicationsTemplate ?? .v2021).filter { $0.hasPrefix("denied.") }.map { report.applications($0, 6) })
    }
    static let reviews = Metric(key: "reviews", title: "行政复议", unit: "件") { count($0.reviewLitigation("review", 4)) }
    static let reviewsCorrected = Metric(key: "reviews-corrected", title: "行政复议结果纠正", unit: "件") { count($0.reviewLitigation("review", 1)) }
    static let lawsuits = Metric(key: "lawsuits", title: "行政诉讼", unit: "件") { report in
        sum([report.reviewLitigation("litigationDirect", 4), report.reviewLitigation("litigationAfterReview", 4)])
    }
    static let lawsuitsCorrected = Metric(key: "lawsuits-corrected", title: "行政诉讼结果纠正", unit: "件") { report in
        sum([report.reviewLitigation("litigationDirect", 1), report.reviewLitigation("litigationAfterReview", 1)])
    }
    static let fees = Metric(key: "fees", title: "行政事业性收费", unit: "万元") { report in
        guard case .amount(let text)? = report.activeDisclosure("fees", "amount"), let number = Double(text) else { return nil }
        return Value(number: number, display: text)
    }
    static let licensing = Metric(key: "licensing", title: "行政许可处理决定", unit: "件") { count($0.activeDisclosure("licensing", "decisions")?.count) }
    static let penalties = Metric(key: "penalties", title: "行政处罚处理决定", unit: "件") { count($0.activeDisclosure("penalties", "decisions")?.count) }

    /// One metric per refusal reason (不予公开 1–8).
    static let refusalReasons: [Metric] = TableSchema.applicationRows(for: .v2021).filter { $0.key.hasPrefix("denied.") }.map { row in
        let key = row.key
        let label = row.label.drop { $0.isNumber || $0 == "." }
        return Metric(key: key, title: String(label), unit: "件") { count($0.applications(key, 6)) }
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
