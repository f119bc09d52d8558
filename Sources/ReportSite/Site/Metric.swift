import AnnualReports

/// A figure derived from a report's tables for comparisons across agencies and years.
struct Metric: Sendable {
    struct Value: Sendable {
        /// For sorting and charts; `nil` where the figure does not apply (a rate of nothing).
        let number: Double?
        /// As the page shows it: the report's own digits for counts and amounts, or why none applies.
        let display: String
        /// The count, for a value that is one: then `display` is its decimal digits.
        let count: Int?

        init(number: Double?, display: String) {
            self.number = number
            self.display = display
            count = nil
        }

        init(count: Int) {
            number = Double(count)
            display = String(count)
            self.count = count
        }
    }

    var key: String
    var title: String
    var unit: String
    var value: @Sendable (ReportDigest) -> Value?

    static func count(_ n: Int?) -> Value? { n.map(Value.init(count:)) }

    /// The sum of the counts `reads` find in a report; unknown if any is. (Added as they are
    /// read: the comparison pages ask for thousands of these.)
    static func sum(_ reads: [@Sendable (ReportDigest) -> Int?], of report: ReportDigest) -> Value? {
        var total = 0
        for read in reads {
            guard let n = read(report) else { return nil }
            total += n
        }
        return count(total)
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

    /// A count read from the digest, in 件.
    private static func counting(_ key: String, _ title: String, _ read: @escaping @Sendable (ReportDigest) -> Int?) -> Metric {
        Metric(key: key, title: title, unit: "件") { count(read($0)) }
    }

    /// The sum of counts read from the digest, in 件; unknown if any is.
    private static func summing(_ key: String, _ title: String, _ reads: [@Sendable (ReportDigest) -> Int?]) -> Metric {
        Metric(key: key, title: title, unit: "件") { report in sum(reads, of: report) }
    }

    static let received = counting("received", "本年新收申请", applications("received", 6))
    static let granted = counting("granted", "予以公开", applications("granted", 6))
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
        let (v2019, v2021) = (refusals(.v2019), refusals(.v2021))
        return Metric(key: "denied", title: "不予公开", unit: "件") { report in
            switch report.applicationsTemplate ?? .v2021 {
            case .v2019: sum(v2019, of: report)
            case .v2021: sum(v2021, of: report)
            }
        }
    }()
    static let reviews = counting("reviews", "行政复议", reviewLitigation("review", 4))
    static let reviewsCorrected = counting("reviews-corrected", "行政复议结果纠正", reviewLitigation("review", 1))
    static let lawsuits = summing("lawsuits", "行政诉讼", [reviewLitigation("litigationDirect", 4), reviewLitigation("litigationAfterReview", 4)])
    static let lawsuitsCorrected = summing("lawsuits-corrected", "行政诉讼结果纠正", [reviewLitigation("litigationDirect", 1), reviewLitigation("litigationAfterReview", 1)])
    static let fees: Metric = {
        let fees = activeDisclosure("fees", "amount")
        return Metric(key: "fees", title: "行政事业性收费", unit: "万元") { report in
            guard case .amount(let text)? = fees(report), let number = Double(text) else { return nil }
            return Value(number: number, display: text)
        }
    }()
    static let licensing = counting("licensing", "行政许可处理决定") { [decisions = activeDisclosure("licensing", "decisions")] in decisions($0)?.count }
    static let penalties = counting("penalties", "行政处罚处理决定") { [decisions = activeDisclosure("penalties", "decisions")] in decisions($0)?.count }

    /// One metric per refusal reason (不予公开 1–8).
    static let refusalReasons: [Metric] = TableSchema.applicationRows(for: .v2021).filter { $0.key.hasPrefix("denied.") }.map { row in
        counting(row.key, String(row.label.drop { $0.isNumber || $0 == "." }), applications(row.key, 6))
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
