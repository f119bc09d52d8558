/// Table 1 of the official form, in section 二、主动公开政府信息情况.
///
/// Its rows and value keys depend on the template; `TableSchema.activeDisclosureRows(for:)` lists them.
public struct ActiveDisclosure: Sendable, Equatable {
    public var template: Template
    /// Row key → values in the order of the row's value keys; `nil` where a value is unknown.
    public var rows: [String: [TableValue?]]

    public init(template: Template, rows: [String: [TableValue?]]) {
        self.template = template
        self.rows = rows
    }

    /// A value by row key and value key, e.g. `value("fees", "amount")`.
    public func value(_ row: String, _ key: String) -> TableValue? {
        guard let schema = TableSchema.activeDisclosureRows(for: template).first(where: { $0.key == row }),
              let index = schema.values.firstIndex(where: { $0.key == key }),
              let values = rows[row], index < values.count
        else { return nil }
        return values[index]
    }
}
