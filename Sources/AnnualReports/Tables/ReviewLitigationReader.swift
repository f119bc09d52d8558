import Foundation

/// Reads table 3 (四、政府信息公开行政复议、行政诉讼情况): 15 values in a fixed order.
///
/// The table has only column headers, so its values are the value cells after the headers, in
/// order: 行政复议, 未经复议直接起诉, 复议后起诉, five each. Empty cells on header lines are layout,
/// not values. Glued digits are split with the three group identities (总计 = the other four).
enum ReviewLitigationReader {
    static let tableName = "行政复议、行政诉讼情况表"

    static let groupIdentities = (0..<3).map { g in GluedCellSplitter.SumConstraint(parts: Array((g * 5)..<(g * 5 + 4)), total: g * 5 + 4) }

    private static let headerWords = LabelWords([
        "未经复议直接起诉", "复议后起诉", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
        "结果", "维持", "纠正", "其他", "尚未", "审结", "总计", "合计", "表三", "表四", "情况",
    ])

    /// Headings that show the table has its header.
    private static let headerLabels = RowLocator.Patterns(["行政复议", "行政诉讼", "结果维持", "维持", "总计"])

    /// Whether a text is made only of this table's header words (and punctuation).
    static func isHeader(_ label: Label) -> Bool {
        LabelSearch.hanCount(removing: headerWords, from: label.scalars) < 2
    }

    private static let outcomes = LabelWords(["维持", "纠正", "其他结果", "审结", "总计"])

    /// Where the table has been turned, outcomes as rows and 复议/诉讼 as columns: the line of the
    /// first outcome label that is followed by three values (one per group) rather than by the
    /// next outcome label or by five values; `nil` for the official orientation.
    static func transposedLine(_ tokens: [TableToken]) -> Int? {
        // Segments: an outcome label and the values after it, up to the next text.
        var segments: [(line: Int, mentions: Int, values: Int)] = []
        segments.reserveCapacity(tokens.count)
        for token in tokens {
            if let label = token.label {
                let mentions = LabelSearch.count(outcomes, in: label.scalars)
                segments.append((token.line, mentions, 0))
            } else if token.isValue && !token.isEmpty, !segments.isEmpty {
                segments[segments.count - 1].values += 1
            }
        }
        let rows = segments.filter { $0.mentions == 1 && $0.values > 0 }
        guard rows.count >= 3, rows.allSatisfy({ $0.values == 3 }) else { return nil }
        return rows.first?.line
    }

    static func read(_ reading: inout TableReading) -> ReviewLitigation? {
        let tokens = reading.tokens
        guard let first = tokens.firstIndex(where: { $0.isValue && !$0.isEmpty }) else {
            reading.add(.error, "找不到\(tableName)（四、政府信息公开行政复议、行政诉讼情况）的数值", at: reading.fallbackLocation)
            return nil
        }
        if let line = transposedLine(tokens) {
            reading.nullReasons["all"] = "该表的排列与官方格式不同，无法确定各值所在的列"
            reading.add(.warning, "\(tableName)的排列与官方格式不同（第 \(line) 行以一种结果为行、以复议和诉讼为列），无法确定各值所在的列，记为空（null）。请按官方格式整理该表", at: SourceLocation(file: reading.file, line: line))
            return ReviewLitigation(groups: Dictionary(uniqueKeysWithValues: ReviewLitigation.groups.map { ($0, Array(repeating: nil, count: 5)) }))
        }
        let hasHeader = reading.locator.contains(any: Self.headerLabels)
        if !hasHeader {
            reading.add(.warning, "\(tableName)没有表头（行政复议、行政诉讼、结果维持……），按官方格式的列序读取数值", at: reading.location(ofToken: first))
        }
        // The values end where text other than this table's headers begins (a note, the next part).
        let end = tokens[first...].firstIndex { token in
            guard let label = token.label else { return false }
            return !isHeader(label)
        } ?? tokens.endIndex
        // The lines with text, by line number: an empty cell on one is no value.
        var lastLine = 0
        for i in tokens.indices { lastLine = max(lastLine, tokens[i].line) }
        var linesWithText = [Bool](repeating: false, count: lastLine + 1)
        for i in tokens.indices where tokens[i].isText { linesWithText[tokens[i].line] = true }
        let values = tokens[first..<end].filter { $0.isValue && !($0.isEmpty && linesWithText[$0.line]) }
        let kinds = [RowSchema.ValueKind](repeating: .count, count: 15)
        let outcome = RowValueResolver.resolve(values[...], kinds: kinds, constraints: groupIdentities)
        let location = reading.location(ofToken: first)
        reading.firstValueLocation = location
        var result: [TableValue?]
        switch outcome {
        case .resolved(let v, let splitFrom, let problems):
            result = v
            if let splitFrom, UTF8Text.digitCount(splitFrom) > 15 {
                reading.add(.note, "\(tableName)的数字“\(TextNormalization.excerpt(splitFrom))”粘连在一起，按勾稽关系只有一种拆分：\(v.map { $0?.description ?? "null" }.joined(separator: "、"))", at: location)
            }
            for problem in problems { reading.add(.warning, "\(tableName)：\(problem)，该值记为空（null）", at: location) }
            if result.contains(where: { $0 == nil }) { reading.nullReasons["all"] = problems.isEmpty ? "原文此格空白或标为“/”“—”" : problems.joined(separator: "；") }
        case .ambiguous(let candidates, let written):
            result = Array(repeating: nil, count: 15)
            reading.nullReasons["all"] = "原文数字“\(TextNormalization.excerpt(written))”粘连在一起，有 \(candidates.count) 种拆分，无法确定"
            reading.add(.warning, "\(tableName)的数字“\(TextNormalization.excerpt(written))”粘连在一起，有 \(candidates.count) 种拆分都符合勾稽关系，无法确定，记为空（null）", at: location)
        case .failed(let reason):
            result = Array(repeating: nil, count: 15)
            reading.nullReasons["all"] = reason
            reading.add(.warning, "\(tableName)：\(reason)，记为空（null）。请对照原表检查", at: location)
        }
        var groups: [String: [TableValue?]] = [:]
        for (g, key) in ReviewLitigation.groups.enumerated() { groups[key] = Array(result[(g * 5)..<(g * 5 + 5)]) }
        return ReviewLitigation(groups: groups)
    }
}
