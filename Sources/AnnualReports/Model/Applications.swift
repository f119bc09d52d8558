/// Table 2 of the official form, in section 三、收到和处理政府信息公开申请情况.
public struct Applications: Sendable, Equatable {
    /// The applicant columns, in order; `total` is the 总计 column.
    public static let columns = ["naturalPerson", "commercial", "research", "socialWelfare", "legalService", "other", "total"]

    /// Which form the rows follow: 2019 has a single (六) 其他处理 row, 2021 three.
    public var template: Template
    /// Row key → the 7 column values; `nil` where a value is unknown.
    public var rows: [String: [TableValue?]]

    public init(template: Template, rows: [String: [TableValue?]]) {
        self.template = template
        self.rows = rows
    }

    /// The row keys of this table's form, in order.
    public var rowKeys: [String] { TableSchema.applicationRowKeys(for: template) }

    /// A count by row key and column index.
    public func count(_ row: String, _ column: Int) -> Int? {
        guard let values = rows[row], column < values.count else { return nil }
        return values[column]?.count
    }
}
