/// Reads the values of one table row from the tokens between its label and the next row's label.
///
/// - As many value cells as the row has columns: taken as written, blanks as `null`.
/// - More: empty cells at the ends may be merged-cell debris. They are dropped only where every
///   way of dropping them gives the same values (a blank 总计 cell next to a trailing tab cannot be
///   told from padding); any other surplus means the reader cannot tell which value is which column.
/// - Fewer, in running text: digit runs may be glued cells, split only where the row's identities
///   leave a single possibility (several possibilities are returned for the table to decide).
enum RowValueResolver {
    enum Outcome: Sendable, Equatable {
        /// The values; `splitFrom` is the glued text they were split from; `problems` name cells
        /// that were not read (and are `null`).
        case resolved([TableValue?], splitFrom: String?, problems: [String])
        /// Glued cells with several splits that satisfy the row's own identities.
        case ambiguous(candidates: [[Int]], written: String)
        case failed(String)
    }

    /// `amountUnit` is the unit the table header gives amounts in, for cells written without one.
    static func resolve(
        _ tokens: ArraySlice<TableToken>, kinds: [RowSchema.ValueKind], constraints: [GluedCellSplitter.SumConstraint] = [],
        amountUnit: NumberToken.Unit = .wanYuan
    ) -> Outcome {
        // (Most rows hold values only: the tokens are then shared, not copied token by token.)
        let values = tokens.allSatisfy(\.isValue) ? tokens : ArraySlice(tokens.filter(\.isValue))
        let n = kinds.count
        if values.count == n {
            return convert(values, kinds: kinds, amountUnit: amountUnit)
        }
        // The cells as written, for the messages of rows that cannot be read.
        func written() -> String { TextNormalization.excerpt(values.map(\.display).joined(separator: " ")) }
        if values.count > n {
            let surplus = values.count - n
            let leading = values.prefix { $0.isEmpty }.count
            let trailing = values.reversed().prefix { $0.isEmpty }.count
            // Every way of dropping `surplus` empty cells from the two ends.
            let windows = (0...surplus).filter { $0 <= leading && surplus - $0 <= trailing }.map { values.dropFirst($0).prefix(n) }
            let readings = windows.map { convert($0, kinds: kinds, amountUnit: amountUnit) }
            if let first = readings.first, readings.allSatisfy({ $0 == first }) { return first }
            if readings.count > 1 {
                return .failed("读到的单元格（\(written())）比 \(n) 列多出 \(surplus) 个空格，空格可能是合并单元格留下的，也可能是空白的数值，无法确定各值所在的列")
            }
            return .failed("读到 \(values.filter { !$0.isEmpty }.count) 个值（\(written())），应为 \(n) 个，无法确定各值所在的列")
        }
        let numbers = values.compactMap(\.number)
        // Splitting needs glue that shows: digits wedged between labels, a leading zero, more digits
        // than a cell holds, or the row's numbers running from its label into the next one. A space
        // is a cell boundary, and in PDF text a blank cell is just a missing number (`12 0 0 0 0 3`).
        // One run of digits where a row of cells should be is glue too, when an identity confirms it.
        let rowShowsGlue = numbers.contains(where: \.mayBeSplitWithoutIdentity) || numbers.count == 1
            || (numbers.first?.touchesTextBefore == true && numbers.last?.touchesTextAfter == true)
        let canSplit = !values.isEmpty && numbers.count == values.count && values.allSatisfy { !$0.isCell }
            && numbers.allSatisfy(\.isSplittable) && kinds.allSatisfy { $0 != .amount }
            && (constraints.isEmpty ? numbers.contains(where: \.mayBeSplitWithoutIdentity) : rowShowsGlue)
        guard canSplit else {
            if values.isEmpty { return .failed("没有读到数值") }
            return .failed("只读到 \(values.filter { !$0.isEmpty }.count) 个值（\(written())），应为 \(n) 个，无法确定各值所在的列")
        }
        let gluedWritten = numbers.map(\.written).joined(separator: " ")
        // Without an identity, only runs that show glue may be split; the others are whole cells.
        let whole = constraints.isEmpty ? Set(numbers.indices.filter { !numbers[$0].mayBeSplitWithoutIdentity }) : []
        let result = GluedCellSplitter.split(numbers, into: n, constraints: constraints, allowsNegative: { kinds[$0] == .signedCount }, whole: whole, limit: constraints.isEmpty ? 2 : 64)
        if result.solutions.count == 1 && !result.truncated {
            return .resolved(result.solutions[0].map { .count($0) }, splitFrom: gluedWritten, problems: [])
        }
        if result.solutions.isEmpty && !result.truncated {
            return .failed("数字“\(TextNormalization.excerpt(gluedWritten))”粘连在一起，无法按该行的勾稽关系拆分为 \(n) 个数值")
        }
        if !constraints.isEmpty && !result.truncated {
            return .ambiguous(candidates: result.solutions, written: gluedWritten)
        }
        return .failed("数字“\(TextNormalization.excerpt(gluedWritten))”粘连在一起，可拆分为 \(n) 个数值的方式不止一种")
    }

    private static func convert(_ values: ArraySlice<TableToken>, kinds: [RowSchema.ValueKind], amountUnit: NumberToken.Unit) -> Outcome {
        var out: [TableValue?] = []
        out.reserveCapacity(kinds.count)
        var problems: [String] = []
        for (i, kind) in zip(values.indices, kinds) {
            // A count, the most common cell, read without copying the token.
            if let v = count(values[i].countValue, as: kind) {
                out.append(.count(v))
                continue
            }
            switch values[i].kind {
            case .empty, .nullMarker, .text:
                out.append(nil)
            case .unreadable(let text):
                out.append(nil)
                problems.append("单元格“\(TextNormalization.excerpt(text))”不是数字")
            case .number(let number):
                switch value(number, kind: kind, amountUnit: amountUnit) {
                case .success(let v): out.append(v)
                case .failure(let problem):
                    out.append(nil)
                    problems.append(problem.message)
                }
            }
        }
        if !problems.isEmpty && out.allSatisfy({ $0 == nil }) {
            return .failed(problems.joined(separator: "；"))
        }
        return .resolved(out, splitFrom: nil, problems: problems)
    }

    struct Problem: Error { var message: String }

    /// A number's count (`NumberToken.count`) as a column of this kind takes it: not in an amount
    /// column, and negative only in a signed one.
    static func count(_ value: Int?, as kind: RowSchema.ValueKind) -> Int? {
        guard let value, kind != .amount, value >= 0 || kind == .signedCount else { return nil }
        return value
    }

    /// A number as a value of the given kind, or why it cannot be one.
    static func value(_ number: NumberToken, kind: RowSchema.ValueKind, amountUnit: NumberToken.Unit = .wanYuan) -> Result<TableValue, Problem> {
        switch kind {
        case .count, .signedCount:
            if let v = count(number.count, as: kind) { return .success(.count(v)) }
            if let unit = number.unit, unit != .item {
                return .failure(Problem(message: "“\(TextNormalization.excerpt(number.written))”带有金额单位，而该列是件数"))
            }
            guard number.intValue != nil else {
                return .failure(Problem(message: "“\(TextNormalization.excerpt(number.written))”不是整数，而该列是件数"))
            }
            // (An integer without an amount unit that is not a count: a negative one.)
            return .failure(Problem(message: "“\(TextNormalization.excerpt(number.written))”是负数，而该列是件数"))
        case .amount:
            if number.unit == .item { return .failure(Problem(message: "“\(TextNormalization.excerpt(number.written))”的单位不是金额")) }
            // No report states a fee of 10¹² 万元 or a fraction of a millionth; such digits are an error.
            if number.integerDigits.utf8.count > 12 || (number.fractionDigits?.utf8.count ?? 0) > 6 {
                return .failure(Problem(message: "金额“\(TextNormalization.excerpt(number.written))”的位数过多，不像真实的金额"))
            }
            var inUnit = number
            if inUnit.unit == nil { inUnit.unit = amountUnit }
            return .success(.amount(amountInWanYuan(inUnit)))
        }
    }

    /// The exact decimal string of an amount in 万元; `251000元` becomes `25.1`.
    static func amountInWanYuan(_ number: NumberToken) -> String {
        var integer = number.integerDigits
        var fraction = number.fractionDigits ?? ""
        let shift: Int
        switch number.unit {
        case .yuan: shift = -4
        case .yiYuan: shift = 4
        default: shift = 0
        }
        if shift < 0 {
            let k = -shift
            if integer.count < k + 1 { integer = String(repeating: "0", count: k + 1 - integer.count) + integer }
            fraction = String(integer.suffix(k)) + fraction
            integer = String(integer.dropLast(k))
            while fraction.hasSuffix("0") { fraction.removeLast() }
        } else if shift > 0 {
            let padded = fraction + String(repeating: "0", count: max(0, shift - fraction.count))
            integer += padded.prefix(shift)
            fraction = String(padded.dropFirst(shift))
        }
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        if integer.isEmpty { integer = "0" }
        var text = integer
        if number.fractionDigits != nil || !fraction.isEmpty {
            if !fraction.isEmpty { text += "." + fraction }
        }
        if number.negative && text.contains(where: { $0 != "0" && $0 != "." }) { text = "-" + text }
        return text
    }
}
