/// Table 3 of the official form, in section 四、政府信息公开行政复议、行政诉讼情况.
public struct ReviewLitigation: Sendable, Equatable {
    /// 行政复议, 未经复议直接起诉, 复议后起诉.
    public static let groups = ["review", "litigationDirect", "litigationAfterReview"]
    /// 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    public static let outcomes = ["upheld", "corrected", "other", "pending", "total"]

    /// Group key → the 5 outcome values; `nil` where a value is unknown.
    public var groups: [String: [TableValue?]]

    public init(groups: [String: [TableValue?]]) {
        self.groups = groups
    }

    public func count(_ group: String, _ outcome: Int) -> Int? {
        Self.count(groups[group], outcome)
    }

    /// A group's counts, one for each outcome (the group looked up once).
    public func counts(_ group: String) -> [Int?] {
        let values = groups[group]
        return Self.outcomes.indices.map { Self.count(values, $0) }
    }

    private static func count(_ values: [TableValue?]?, _ outcome: Int) -> Int? {
        guard let values, outcome < values.count else { return nil }
        return values[outcome]?.count
    }
}
