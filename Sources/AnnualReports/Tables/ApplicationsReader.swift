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
        guard let located = reading.locate(schema, tableName: tableName, notFound: "三、收到和处理政府信息公开申请情况：本年新收、予以公开……") else { return nil }
        let (matches, slices, misaligned) = (located.matches, located.slices, located.misaligned)
        var rows: [String: [TableValue?]] = [:]
        rows.reserveCapacity(schema.count)
        var pending: [(index: Int, candidates: [[Int]], written: String)] = []
        for (index, row) in schema.enumerated() where row.valueCount > 0 {
            guard let match = matches[index] else {
                rows[row.key] = Array(repeating: nil, count: row.valueCount)
                continue
            }
            let outcome = misaligned.contains(index)
                ? .failed(TableReading.misalignedReason)
                : reading.resolveRow(row, match: match, slice: slices[index], tableName: tableName, constraints: [rowIdentity])
            if case .ambiguous(let candidates, let written) = outcome {
                pending.append((index, candidates, written))
                rows[row.key] = Array(repeating: nil, count: row.valueCount)
            } else {
                rows[row.key] = reading.values(outcome, schema: row, match: match, tableName: tableName)
            }
        }
        var decided: [Int] = []
        resolveWithColumnIdentities(&pending, decided: &decided, rows: &rows, schema: schema, matches: matches, template: template, reading: &reading)
        // A split chosen by the column identities is only as good as those identities: where the
        // table breaks them elsewhere, the choice is not certain and is withdrawn.
        if !decided.isEmpty, let broken = brokenIdentity(rows: rows, template: template) {
            for index in decided {
                let row = schema[index]
                rows[row.key] = Array(repeating: nil, count: row.valueCount)
                reading.nullReasons[row.key] = "粘连数字的拆分依赖列的勾稽关系，但本表其他数字不满足勾稽关系"
                reading.add(.warning, "\(tableName)“\(row.label)”一行的粘连数字只能借助列的勾稽关系拆分，但本表\(broken)不满足勾稽关系，拆分无法确认，记为空（null）", at: reading.location(of: matches[index]!))
            }
        }
        return Applications(template: template, rows: rows)
    }

    /// An identity between rows, column by column: `sum(coefficient × row[column]) == 0`.
    private typealias ColumnIdentity = [(row: String, coefficient: Int)]

    /// A column where an identity fails with every operand known, named for a message; `nil` if none.
    private static func brokenIdentity(rows: [String: [TableValue?]], template: Template) -> String? {
        for identity in columnIdentities(template) {
            for column in 0..<7 {
                var sum = 0
                var known = true
                for (row, coefficient) in identity {
                    guard let v = rows[row]?[column]?.count else { known = false; break }
                    sum += coefficient * v
                }
                if known && sum != 0 { return "第 \(column + 1) 列" }
            }
        }
        return nil
    }

    private static func columnIdentities(_ template: Template) -> [ColumnIdentity] {
        let outcomeSum: ColumnIdentity = TableSchema.outcomeRows(for: template).map { ($0, 1) } + [("total", -1)]
        let balance: ColumnIdentity = [("received", 1), ("carriedOver", 1), ("total", -1), ("carriedForward", -1)]
        return [outcomeSum, balance]
    }

    /// Several glued rows, each with several splits, may still have only one combination of splits
    /// that satisfies every column identity; the product is tried when it is small.
    private static func resolveJointly(
        _ pending: inout [(index: Int, candidates: [[Int]], written: String)], decided: inout [Int], rows: inout [String: [TableValue?]],
        schema: [RowSchema], matches: [RowLocator.Match?], identities: [ColumnIdentity], reading: inout TableReading
    ) {
        var product = 1
        for p in pending {
            product *= p.candidates.count
            guard product <= 20_000 else { return }
        }
        let keys = pending.map { schema[$0.index].key }
        // Each identity that has a pending row, with each operand's source looked up once: the
        // pending row it is (its candidates vary), or the values of a row already read.
        enum Operand { case pending(Int), read([TableValue?]?) }
        let checked: [[(operand: Operand, coefficient: Int)]] = identities.filter { identity in identity.contains { keys.contains($0.row) } }.map { identity in
            identity.map { (keys.firstIndex(of: $0.row).map(Operand.pending) ?? .read(rows[$0.row]), $0.coefficient) }
        }
        var solution: [Int]?
        var solutions = 0
        var choice = Array(repeating: 0, count: pending.count)
        for combination in 0..<product {
            var rest = combination
            for i in pending.indices {
                choice[i] = rest % pending[i].candidates.count
                rest /= pending[i].candidates.count
            }
            var consistent = true
            check: for identity in checked {
                for column in 0..<7 {
                    var sum = 0
                    for (operand, coefficient) in identity {
                        let v: Int?
                        switch operand {
                        case .pending(let i): v = pending[i].candidates[choice[i]][column]
                        case .read(let values): v = values?[column]?.count
                        }
                        guard let v else { continue check }
                        sum += coefficient * v
                    }
                    if sum != 0 { consistent = false; break check }
                }
            }
            if consistent {
                solutions += 1
                solution = choice
                if solutions > 1 { return }
            }
        }
        guard solutions == 1, let solution else { return }
        for (i, p) in pending.enumerated() {
            let values = p.candidates[solution[i]]
            rows[keys[i]] = values.map { .count($0) }
            decided.append(p.index)
            reading.add(.note, "\(tableName)“\(schema[p.index].label)”一行的数字“\(TextNormalization.excerpt(p.written))”粘连在一起，与其他粘连行一起按列的勾稽关系只有一种拆分：\(values.map(String.init).joined(separator: "、"))", at: reading.location(of: matches[p.index]!))
        }
        pending = []
    }

    private static func resolveWithColumnIdentities(
        _ pending: inout [(index: Int, candidates: [[Int]], written: String)], decided: inout [Int], rows: inout [String: [TableValue?]],
        schema: [RowSchema], matches: [RowLocator.Match?], template: Template, reading: inout TableReading
    ) {
        guard !pending.isEmpty else { return }
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
                    decided.append(pending[p].index)
                    reading.add(.note, "\(tableName)“\(row.label)”一行的数字“\(TextNormalization.excerpt(pending[p].written))”粘连在一起，按行、列勾稽关系只有一种拆分：\(kept[0].map(String.init).joined(separator: "、"))", at: reading.location(of: match))
                    pending.remove(at: p)
                    progress = true
                } else if kept.isEmpty {
                    reading.nullReasons[key] = "粘连数字没有一种拆分符合列的勾稽关系"
                    reading.add(.warning, "\(tableName)“\(row.label)”一行的数字“\(TextNormalization.excerpt(pending[p].written))”粘连在一起，没有一种拆分符合列的勾稽关系，记为空（null）", at: reading.location(of: match))
                    pending.remove(at: p)
                    progress = true
                } else {
                    pending[p].candidates = kept
                    progress = true
                }
            }
        }
        if pending.count >= 2 { resolveJointly(&pending, decided: &decided, rows: &rows, schema: schema, matches: matches, identities: identities, reading: &reading) }
        for p in pending {
            let row = schema[p.index]
            _ = reading.values(.ambiguous(candidates: p.candidates, written: p.written), schema: row, match: matches[p.index]!, tableName: tableName)
        }
    }
}
