/// Reads table 1 (二、主动公开政府信息情况): rows found by label, values taken as written.
///
/// This table has no accounting identities, so glued digit runs are split only where the number of
/// digits leaves no choice (`000` for three cells); anything else is `null` with a diagnostic.
enum ActiveDisclosureReader {
    static let tableName = "主动公开政府信息情况表"

    static func read(_ reading: inout TableReading, template: Template) -> ActiveDisclosure? {
        let schema = TableSchema.activeDisclosureRows(for: template)
        guard let located = reading.locate(schema, tableName: tableName, notFound: "二、主动公开政府信息情况：规章、行政许可……") else { return nil }
        let (matches, slices, misaligned) = (located.matches, located.slices, located.misaligned)
        var rows: [String: [TableValue?]] = [:]
        rows.reserveCapacity(schema.count)
        for (index, row) in schema.enumerated() {
            guard let match = matches[index] else {
                rows[row.key] = Array(repeating: nil, count: row.valueCount)
                continue
            }
            let inYuan = row.values.contains { $0.kind == .amount } && headerSaysYuan(before: match, matches: matches, tokens: reading.tokens)
            if inYuan {
                reading.add(.note, "\(tableName)“\(row.label)”一栏的表头以“元”为单位，金额已换算为万元", at: reading.location(of: match))
            }
            let outcome = misaligned.contains(index)
                ? .failed(TableReading.misalignedReason)
                : reading.resolveRow(row, match: match, slice: slices[index], tableName: tableName, amountUnit: inYuan ? .yuan : .wanYuan)
            rows[row.key] = reading.values(outcome, schema: row, match: match, tableName: tableName)
        }
        return ActiveDisclosure(template: template, rows: rows)
    }

    /// Whether amounts in a row are in 元, where the official form has 万元: the header just above
    /// the row (the text since the previous row) decides when it names a unit; otherwise the
    /// table's caption, such as `（金额单位：元）`, does.
    static func headerSaysYuan(before match: RowLocator.Match, matches: [RowLocator.Match?], tokens: [TableToken]) -> Bool {
        let found = matches.compactMap { $0 }
        let previousEnd = found.filter { $0.range.upperBound <= match.range.lowerBound }.map(\.lastToken).max() ?? -1
        let firstRow = found.map(\.firstToken).min() ?? 0
        func unit(_ range: ClosedRange<Int>?) -> NumberToken.Unit? {
            guard let range else { return nil }
            // (The labels' scalars, joined: what the joined strings would hold.)
            var scalars: [Unicode.Scalar] = []
            for token in tokens[range] { if let label = token.label { scalars.append(contentsOf: label.scalars) } }
            if LabelSearch.contains("万元", in: scalars[...]) { return .wanYuan }
            if LabelSearch.contains("单位:元", in: scalars[...]) || LabelSearch.contains("(元)", in: scalars[...]) { return .yuan }
            return nil
        }
        let local = unit(previousEnd + 1 <= match.firstToken ? (previousEnd + 1)...match.firstToken : nil)
        let caption = unit(firstRow > 0 ? 0...(firstRow - 1) : nil)
        return (local ?? caption) == .yuan
    }
}
