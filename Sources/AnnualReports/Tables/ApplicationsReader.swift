/// Reads table 2 (三、收到和处理政府信息公开申请情况): 7 columns a row.
///
/// Glued digit runs are split with the row identity (the 总计 column is the sum of the six applicant
/// columns); where a row still has several splits, the column identities (the outcome rows sum to
/// (七) 总计; 本年新收 + 上年结转 = 总计 + 结转下年度) decide, using the rows that are certain.
enum ApplicationsReader {
    static let tableName = "收到和处理政府信息公开申请情况表"

    static let rowIdentity = GluedCellSplitter.SumConstraint(parts: Array(0..<6), total: 6)

    static func read(_ reading: inout TableReading, template: Template) -> Applications? {
        let schema = TableSchema.applicationRows(for: template)
        let matches = RowLocator(tokens: reading.tokens).locate(schema)
        guard matches.contains(where: { $0 != nil && schema[$0!.row].valueCount > 0 }) else {
            reading.add(.error, "找不到\(tableName)（三、收到和处理政府信息公开申请情况）：没有一行标签（本年新收、予以公开……）与官方格式相符", at: reading.fallbackLocation)
            return nil
        }
        reading.reportMissing(schema, matches, tableName: tableName)
        let slices = reading.slices(matches)
        var rows: [String: [TableValue?]] = [:]
        var pending: [(index: Int, candidates: [[Int]], written: String)] = []
        for (index, row) in schema.enumerated() where row.valueCount > 0 {
            guard let match = matches[index] else {
                rows[row.key] = Array(repeating: nil, count: row.valueCount)
                continue
            }
            let outcome = reading.resolveRow(row, match: match, slice: slices[index] ?? [], tableName: tableName, constraints: [rowIdentity])
            if case .ambiguous(let candidates, let written) = outcome {
                pending.append((index, candidates, written))
                rows[row.key] = Array(repeating: nil, count: row.valueCount)
            } else {
                rows[row.key] = reading.values(outcome, schema: row, match: match, tableName: tableName)
            }
        }
        resolveWithColumnIdentities(&pending, rows: &rows, schema: schema, matches: matches, template: template, reading: &reading)
        return Applications(template: template, rows: rows)
    }

    /// An identity between rows, column by column: `sum(coefficient × row[column]) == 0`.
    private typealias ColumnIdentity = [(row: String, coefficient: Int)]

    private static func columnIdentities(_ template: Template) -> [ColumnIdentity] {
        let outcomeSum: ColumnIdentity = TableSchema.outcomeRows(for: template).map { ($0, 1) } + [("total", -1)]
        let balance: ColumnIdentity = [("received", 1), ("carriedOver", 1), ("total", -1), ("carriedForward", -1)]
        return [outcomeSum, balance]
    }

    private static func resolveWithColumnIdentities(
        _ pending: inout [(index: Int, candidates: [[Int]], written: String)], rows: inout [String: [TableValue?]],
        schema: [RowSchema], matches: [RowLocator.Match?], template: Template, reading: inout TableReading
    ) {
        let identities = columnIdentities(template)
        var progress = true
        while progress && !pending.isEmpty {
            progress = false
            for p in pending.indices.reversed() {
                let key = schema[pending[p].index].key
                let kept = pending[p].candidates.filter { candidate in
                    for identity in identities where identity.contains(where: { $0.row == key }) {
                        for column in 0..<7 {
                            var sum = 0
                            var known = true
                            for (row, coefficient) in identity {
                                let v = row == key ? candidate[column] : rows[row]?[column]?.count
                                guard let v else { known = false; break }
                                sum += coefficient * v
                            }
                            if known && sum != 0 { return false }
                        }
                    }
                    return true
                }
                guard kept.count != pending[p].candidates.count || kept.count <= 1 else { continue }
                let row = schema[pending[p].index]
                let match = matches[pending[p].index]!
                if kept.count == 1 {
                    rows[key] = kept[0].map { .count($0) }
                    reading.add(.note, "\(tableName)“\(row.label)”一行的数字“\(pending[p].written)”粘连在一起，按行、列勾稽关系只有一种拆分：\(kept[0].map(String.init).joined(separator: "、"))", at: reading.location(of: match))
                    pending.remove(at: p)
                    progress = true
                } else if kept.isEmpty {
                    reading.add(.warning, "\(tableName)“\(row.label)”一行的数字“\(pending[p].written)”粘连在一起，没有一种拆分符合列的勾稽关系，记为空（null）", at: reading.location(of: match))
                    pending.remove(at: p)
                    progress = true
                } else {
                    pending[p].candidates = kept
                    progress = true
                }
            }
        }
        for p in pending {
            let row = schema[p.index]
            _ = reading.values(.ambiguous(candidates: p.candidates, written: p.written), schema: row, match: matches[p.index]!, tableName: tableName)
        }
    }
}
