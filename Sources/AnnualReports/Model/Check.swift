/// The outcome of one consistency check (勾稽关系) on one scope of a report.
///
/// A check whose operands include a `null` cell is `unknown`, never `fail`. A failed check is
/// reported, never corrected: the published numbers are always the numbers in the report.
public struct Check: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case pass, fail, unknown
    }

    /// The rule, e.g. `applications.balance`.
    public var id: String
    /// The column, row or group the rule was applied to, e.g. `naturalPerson` or `review`.
    public var scope: String
    public var status: Status
    public var message: String
    /// What the rule says the value should be (the computed side), when computable.
    public var expected: Int?
    /// The value as the report states it.
    public var actual: Int?

    public init(id: String, scope: String, status: Status, message: String, expected: Int?, actual: Int?) {
        self.id = id
        self.scope = scope
        self.status = status
        self.message = message
        self.expected = expected
        self.actual = actual
    }
}
