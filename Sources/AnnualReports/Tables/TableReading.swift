/// Where the rows a table reader found were labelled, looked up by row key. Only a failed check
/// asks (most tables are read without one), so the lines are looked up then, from the rows as
/// found, not recorded for every row as it is read.
struct RowLocations: Sendable {
    private var found: (schema: [RowSchema], matches: [RowLocator.Match?], tokens: [TableToken], file: String, fallback: SourceLocation)?

    init() {}

    init(schema: [RowSchema], matches: [RowLocator.Match?], in reading: TableReading) {
        found = (schema, matches, reading.tokens, reading.file, reading.fallbackLocation)
    }

    /// Where the row with this key was labelled (the last such row found), if it was found.
    subscript(key: String) -> SourceLocation? {
        guard let found, let row = found.schema.indices.last(where: { found.matches[$0] != nil && found.schema[$0].key == key }) else { return nil }
        return TableReading.location(ofToken: found.matches[row]!.firstToken, in: found.tokens, file: found.file, fallback: found.fallback)
    }
}

/// What the table readers share: the tokens of one table, the rows found in them, and the
/// diagnostics raised while reading them.
struct TableReading {
    let tokens: [TableToken]
    /// The tokens' labels, made once for the template's detection and the rows' search.
    let locator: RowLocator
    let file: String
    /// Where to point a diagnostic about the table as a whole.
    let fallbackLocation: SourceLocation
    var diagnostics: [Diagnostic] = []
    /// Where each row found was labelled, by row key.
    var rowLocations = RowLocations()
    /// Where the table's first value stands.
    var firstValueLocation: SourceLocation?
    /// Why a row has `null` cells, by row key.
    var nullReasons: [String: String] = [:]

    init(tokens: [TableToken], file: String, fallbackLocation: SourceLocation) {
        self.tokens = tokens
        self.locator = RowLocator(tokens: tokens)
        self.file = file
        self.fallbackLocation = fallbackLocation
    }

    func location(ofToken index: Int) -> SourceLocation {
        Self.location(ofToken: index, in: tokens, file: file, fallback: fallbackLocation)
    }

    static func location(ofToken index: Int, in tokens: [TableToken], file: String, fallback: SourceLocation) -> SourceLocation {
        guard tokens.indices.contains(index) else { return fallback }
        return SourceLocation(file: file, line: tokens[index].line, column: tokens[index].column)
    }

    func location(of match: RowLocator.Match) -> SourceLocation { location(ofToken: match.firstToken) }

    mutating func add(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(severity, message, at: location))
    }

    /// The rows of a schema found in the tokens, each with its tokens and whether its values may be
    /// another row's; `nil`, with an error, when no row with values is there at all.
    struct LocatedRows {
        var matches: [RowLocator.Match?]
        /// By row: the tokens after its label (empty for a row not found).
        var slices: [ArraySlice<TableToken>]
        var misaligned: Set<Int>
    }

    mutating func locate(_ schema: [RowSchema], tableName: String, notFound: String) -> LocatedRows? {
        let matches = locator.locate(schema)
        guard matches.contains(where: { $0 != nil && schema[$0!.row].valueCount > 0 }) else {
            add(.error, "找不到\(tableName)（\(notFound)）：没有一行标签与官方格式相符", at: fallbackLocation)
            return nil
        }
        reportMissing(schema, matches, tableName: tableName)
        rowLocations = RowLocations(schema: schema, matches: matches, in: self)
        let ordered = Self.ordered(matches)
        let slices = slices(ordered, rows: matches.count)
        return LocatedRows(matches: matches, slices: slices, misaligned: misalignedRows(schema, ordered, slices))
    }

    /// The rows found, in the order of their labels in the text.
    static func ordered(_ matches: [RowLocator.Match?]) -> [RowLocator.Match] {
        // (Room for every row at once: `compactMap` grows its array as it goes.)
        var ordered: [RowLocator.Match] = []
        ordered.reserveCapacity(matches.count)
        for case let match? in matches { ordered.append(match) }
        ordered.sort { $0.range.lowerBound < $1.range.lowerBound }
        return ordered
    }

    /// By row (of `rows`): the tokens after the row's label up to the next label found (`ordered`
    /// is the rows found, in the order of their labels).
    func slices(_ ordered: [RowLocator.Match], rows: Int) -> [ArraySlice<TableToken>] {
        var result = [ArraySlice<TableToken>](repeating: [], count: rows)
        for (i, match) in ordered.enumerated() {
            let start = match.lastToken + 1
            let end = i + 1 < ordered.count ? ordered[i + 1].firstToken : tokens.count
            if start < end { result[match.row] = tokens[start..<end] }
        }
        return result
    }

    /// Rows whose values cannot be told from the row before: when a row's label is followed directly
    /// by the next row's label and only then by one block of values on later lines, the layout has
    /// separated labels from values and the block may belong to either row (PDF text converted
    /// cell by cell). Such a row is not read.
    func misalignedRows(_ schema: [RowSchema], _ found: [RowLocator.Match], _ slices: [ArraySlice<TableToken>]) -> Set<Int> {
        let ordered = found.filter { schema[$0.row].valueCount > 0 }
        var result = Set<Int>()
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            guard !slices[a.row].contains(where: { $0.isValue && !$0.isEmpty }) else { continue }
            let labelLine = tokens[b.lastToken].line
            let bValues = slices[b.row].lazy.filter { $0.isValue && !$0.isEmpty }
            if !bValues.isEmpty && bValues.allSatisfy({ $0.line != labelLine }) { result.insert(b.row) }
        }
        return result
    }

    /// Whether a label fragment starts with a row number: `1.`, `2、`, `(三)`, `四、`.
    static func startsNumberedLabel(_ label: Label) -> Bool {
        label.scalars.withUnsafeBufferPointer { s in
            guard s.count >= 2 else { return false }
            if TextNormalization.isDigit(s[0]), s[1] == "." || s[1] == "、" { return true }
            if TextNormalization.isChineseNumeral(s[0]), s[1] == "、" { return true }
            return NarrativeFormatter.isNumberedSubheading(scalars: s)
        }
    }

    static let misalignedReason = "该行标签紧跟在上一行（没有数值）的标签之后，其后的数值可能属于上一行，无法确定"

    /// Reads one row's values.
    ///
    /// A label that is a cell with cells after it on its line is a row of cells: its values are
    /// those cells, blanks included, never numbers from later lines (they belong to other rows, or
    /// to a note under the table). Otherwise (one cell per line, PDF text, glued text) the values
    /// are what follows the label up to the next one, except numbers stuck to other text (`共12件`,
    /// `第(5)项`), which belong to that text.
    mutating func resolveRow(
        _ schema: RowSchema, match: RowLocator.Match, slice: ArraySlice<TableToken>, tableName: String,
        constraints: [GluedCellSplitter.SumConstraint] = [], amountUnit: NumberToken.Unit = .wanYuan
    ) -> RowValueResolver.Outcome {
        let kinds = schema.kinds
        let label = tokens[match.lastToken]
        // Numbers stuck to the text before them are that text's; the other tokens are the row's
        // (most rows have none such: the slice itself, not a copy).
        func stuck(_ index: Int) -> Bool {
            guard index > slice.startIndex, !slice[index].isCell, case .number(let number) = slice[index].kind else { return false }
            return number.touchesTextBefore
        }
        let candidates = slice.indices.contains(where: stuck) ? ArraySlice(slice.indices.filter { !stuck($0) }.map { slice[$0] }) : slice
        let sameLine = candidates.prefix { $0.line == label.line }
        if label.isCell, sameLine.contains(where: { $0.isCell && $0.isValue }) {
            let later = candidates.dropFirst(sameLine.count).lazy.filter { $0.isValue && !$0.isEmpty }
            if let orphan = later.first {
                add(.warning, "\(tableName)：第 \(orphan.line) 行的数值（\(TextNormalization.excerpt(later.map(\.display).joined(separator: " ")))）没有行标签，无法确定属于哪一行，未采用", at: SourceLocation(file: file, line: orphan.line, column: orphan.column))
            }
            // A cell that is neither a number nor a blank still holds its column (`1*`, OCR `O`);
            // a cell with Chinese text before the first value is the rest of the label.
            guard sameLine.contains(where: \.isText) else {
                return RowValueResolver.resolve(sameLine, kinds: kinds, constraints: constraints, amountUnit: amountUnit)
            }
            var sawValue = false
            let cells: [TableToken] = sameLine.compactMap { token in
                guard let label = token.label else {
                    if token.isValue && !token.isEmpty { sawValue = true }
                    return token
                }
                guard sawValue || !label.hasHan else { return nil }
                var unreadable = token
                unreadable.kind = .unreadable(label.string)
                return unreadable
            }
            return RowValueResolver.resolve(cells[...], kinds: kinds, constraints: constraints, amountUnit: amountUnit)
        }
        // In PDF text with top-aligned cells, a wrapped label's numbers stand on its first line, next
        // to the start of the label (`1.申请人无正当理    1 0 0 0 0 0 1`): numbers on a line that
        // another numbered label starts are that label's, not this row's.
        if let foreign = candidates.firstIndex(where: { token in
            guard let label = token.label else { return false }
            return TableReading.startsNumberedLabel(label) && candidates.contains { $0.line == token.line && $0.isValue && !$0.isEmpty }
        }) {
            return .failed("数值与行标签错位（第 \(candidates[foreign].line) 行的数值前是另一行的标签“\(TextNormalization.excerpt(candidates[foreign].display))”），无法确定属于哪一行")
        }
        return RowValueResolver.resolve(candidates, kinds: kinds, constraints: constraints, amountUnit: amountUnit)
    }

    /// Turns an outcome into values, raising the diagnostics it calls for.
    mutating func values(_ outcome: RowValueResolver.Outcome, schema: RowSchema, match: RowLocator.Match, tableName: String) -> [TableValue?] {
        // (Made only for a row that is not read: most are.)
        var nulls: [TableValue?] { [TableValue?](repeating: nil, count: schema.valueCount) }
        switch outcome {
        case .resolved(let values, let splitFrom, let problems):
            if let splitFrom, UTF8Text.digitCount(splitFrom) > schema.valueCount {
                add(.note, "\(tableName)“\(schema.label)”一行的数字“\(TextNormalization.excerpt(splitFrom))”粘连在一起，按勾稽关系只有一种拆分：\(values.map { $0?.description ?? "null" }.joined(separator: "、"))", at: location(of: match))
            }
            for problem in problems {
                add(.warning, "\(tableName)“\(schema.label)”一行：\(problem)，该值记为空（null）", at: location(of: match))
            }
            if !problems.isEmpty { nullReasons[schema.key] = problems.joined(separator: "；") }
            if values.contains(where: { $0 == nil }) && nullReasons[schema.key] == nil { nullReasons[schema.key] = "原文此格空白或标为“/”“—”" }
            return values
        case .ambiguous(let candidates, let written):
            add(.warning, "\(tableName)“\(schema.label)”一行的数字“\(TextNormalization.excerpt(written))”粘连在一起，有 \(candidates.count) 种拆分都符合勾稽关系，无法确定，记为空（null）。请在原文中用空格或制表符分隔各单元格", at: location(of: match))
            nullReasons[schema.key] = "原文数字“\(TextNormalization.excerpt(written))”粘连在一起，有 \(candidates.count) 种拆分，无法确定"
            return nulls
        case .failed(let reason):
            add(.warning, "\(tableName)“\(schema.label)”一行：\(reason)，记为空（null）。请对照原表检查该行", at: location(of: match))
            nullReasons[schema.key] = reason
            return nulls
        }
    }

    mutating func reportMissing(_ rows: [RowSchema], _ matches: [RowLocator.Match?], tableName: String) {
        for (row, match) in zip(rows, matches) where match == nil && row.valueCount > 0 {
            add(.warning, "\(tableName)中找不到“\(row.label)”一行，该行的值记为空（null）。请检查该行标签是否与官方格式一致", at: fallbackLocation)
            nullReasons[row.key] = "原文中找不到这一行"
        }
    }
}
