/// Turns the text of a table, in any of the layouts reports come in, into `TableToken`s.
///
/// - A line with `|` is split into cells at the pipes (Markdown tables, pipe-terminated cells).
/// - A line with a tab after its first cell is split into cells at the tabs (tables copied from Word).
/// - A line indented by tabs holding one cell is that cell (one cell per line); `\t` alone is an empty cell.
/// - Any other line is running text (PDF text, glued cells): numbers are cut out of the text, and
///   a bare digit run may hide several cells, which the row readers split only where certain.
enum TableTokenizer {
    static func tokenize(_ fragments: [TextFragment]) -> [TableToken] {
        var tokens: [TableToken] = []
        // A table line holds a label and its values: room for them all at once, not regrown.
        tokens.reserveCapacity(fragments.count * 8)
        // The labels' scalars, in one array for the table (room for a scalar a byte: never regrown).
        let labels = LabelScalars(capacity: fragments.reduce(0) { $0 + $1.text.utf8.count })
        // One buffer for the scalars of every line of running text, and one for the cells of
        // every delimited line, reused.
        var scalars: [Unicode.Scalar] = []
        var lineCells: [Cell] = []
        lineCells.reserveCapacity(16)
        for (index, fragment) in fragments.enumerated() {
            let text = fragment.text
            if isNoise(text) || isPageNumber(fragments, index) { continue }
            // Delimited lines are cut into cells on their bytes: `|` and tab are ASCII, so every
            // cell is whole UTF-8, and a cell's text is made only if it is more than digits.
            let hasPipe = UTF8Text.contains(byte: UInt8(ascii: "|"), in: text)
            let delimited = UTF8Text.withBytes(text) { p -> Bool in
                if hasPipe {
                    pipeCells(text, p, line: fragment.line, column: fragment.column, lineCells: &lineCells, labels: labels, into: &tokens)
                } else if hasTabCells(p) {
                    cells(p, at: UInt8(ascii: "\t"), into: &lineCells)
                    for cell in lineCells {
                        appendCell(text, p, cell.bytes, line: fragment.line, column: fragment.column + cell.offset, labels: labels, into: &tokens)
                    }
                } else if p.first == UInt8(ascii: "\t") {
                    var leading = 0, i = 0
                    while i < p.count, TextNormalization.isWhitespace(UTF8Text.decode(p, &i)) { leading += 1 }
                    appendCell(text, p, 0..<p.count, line: fragment.line, column: fragment.column + leading, labels: labels, into: &tokens)
                } else {
                    return false
                }
                return true
            }
            if !delimited { runningText(fragment, scalars: &scalars, labels: labels, into: &tokens) }
        }
        return tokens
    }

    /// Page footers (`— 5 —`, `- 4 -`, `第 3 页`) and Markdown table separator rows carry no cells.
    static func isNoise(_ text: String) -> Bool {
        // A line of ASCII without `-` or `|` is neither (a footer starts with a dash or 第, a
        // separator row has dashes or pipes): the cells of a row of figures, `\t12`.
        let plain = UTF8Text.withBytes(text) { p in !p.contains { $0 >= 0x80 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "|") } }
        if plain { return false }
        // A line with Han characters other than those of 第 3 页 is neither (most table lines).
        let han = UTF8Text.withBytes(text) { p -> Bool in
            var i = 0
            while i < p.count {
                if p[i] < 0x80 { i += 1; continue }
                let s = UTF8Text.decode(p, &i)
                if TextNormalization.isHan(s), s != "第", s != "页", s != "共" { return true }
            }
            return false
        }
        if han { return false }
        let t = TextNormalization.compact(text)
        if t.isEmpty { return false }
        return isPageFooter(t) || isTableSeparator(t)
    }

    /// A bare page number: 1–3 digits alone on a line after a form feed, or between blank lines.
    static func isPageNumber(_ fragments: [TextFragment], _ index: Int) -> Bool {
        enum Digits { case other, afterFormFeed, alone }
        // On the bytes: one to three ASCII digits, and no other ASCII than whitespace, no Han.
        let digits = UTF8Text.withBytes(fragments[index].text) { p -> Digits in
            var digitBytes = 0
            for b in p {
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    digitBytes += 1
                    if digitBytes > 3 { return .other }
                } else if b < 0x80 ? !(b == 0x20 || (0x09...0x0D).contains(b)) : (0xE4...0xE9).contains(b) {
                    return .other
                }
            }
            // (A tab is a character of its own, so a line starts with one where its first byte is
            // one; and the bytes above had no `|`. One cell a line, `\t12`, is no page number.)
            guard digitBytes > 0, p.first != UInt8(ascii: "\t") else { return .other }
            // Trimmed of whitespace (other characters than ASCII ones too), the line is the digits.
            let kept = UTF8Text.trimmedRange(p, 0..<p.count, where: TextNormalization.isWhitespace)
            guard (1...3).contains(kept.count), p[kept].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return .other }
            return p.first == 0x0C ? .afterFormFeed : .alone
        }
        // After a form feed; or between blank lines.
        switch digits {
        case .other: return false
        case .afterFormFeed: return true
        case .alone: break
        }
        func blank(_ i: Int) -> Bool {
            !fragments.indices.contains(i) || UTF8Text.withBytes(fragments[i].text) { UTF8Text.trimmedRange($0, 0..<$0.count, where: TextNormalization.isWhitespace).isEmpty }
        }
        return blank(index - 1) && blank(index + 1) && index > 0 && index + 1 < fragments.count
    }

    private static func isDash(_ c: Unicode.Scalar) -> Bool { c == "-" || c == "—" || c == "–" || c == "―" || c == "－" }

    /// Whether compact text that starts so may be a page footer: both forms start with a dash or 第.
    static func mayBePageFooter(_ compactStart: String) -> Bool {
        guard let start = compactStart.unicodeScalars.first else { return false }
        return isDash(start) || start == "第"
    }

    static func isPageFooter(_ compactText: String) -> Bool {
        // Most lines are rejected without more work.
        guard mayBePageFooter(compactText) else { return false }
        let s = compactText.scalarArray
        var i = 0
        var lead = 0
        while i < s.count, isDash(s[i]) { i += 1; lead += 1 }
        var digits = 0
        while i < s.count, TextNormalization.isDigit(s[i]) { i += 1; digits += 1 }
        var trail = 0
        while i < s.count, isDash(s[i]) { i += 1; trail += 1 }
        if i == s.count, lead > 0, trail > 0, (1...4).contains(digits) { return true }
        // 第 3 页, 第3页共12页
        if compactText.hasPrefix("第"), compactText.hasSuffix("页"), compactText.scalarCount <= 12,
           compactText.unicodeScalars.allSatisfy({ TextNormalization.isDigit($0) || "第页共/".unicodeScalars.contains($0) }) {
            return true
        }
        return false
    }

    /// A Markdown delimiter row (`|---|:---:|`), or a line of bare pipes (`||`, `|||`) that web
    /// scrapes leave where merged cells were. A single `-` or `- |` is a blank cell, not a separator.
    static func isTableSeparator(_ compactText: String) -> Bool {
        var dashes = 0
        var pipes = 0
        for s in compactText.unicodeScalars {
            switch s {
            case "-": dashes += 1
            case "|": pipes += 1
            case ":": continue
            default: return false
            }
        }
        return dashes >= 3 || (dashes == 0 && pipes >= 2)
    }

    private static func pipeCells(
        _ text: String, _ p: UnsafeBufferPointer<UInt8>, line: Int, column: Int, lineCells: inout [Cell], labels: LabelScalars, into tokens: inout [TableToken]
    ) {
        let split = cells(p, at: UInt8(ascii: "|"), into: &lineCells)
        let pipeCount = lineCells.count - 1
        // What lies after a closing pipe, and before an opening pipe of a Markdown row, is no cell.
        var used = lineCells.indices
        if split.closes { used = used.dropLast() }
        if split.opens && pipeCount >= 2 && !used.isEmpty { used = used.dropFirst() }
        for cell in lineCells[used] {
            appendCell(text, p, cell.bytes, line: line, column: column + cell.offset + cell.leading, labels: labels, into: &tokens)
        }
    }

    /// Whether a line has a tab after its first cell: a tab-separated row.
    private static func hasTabCells(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let tab = UInt8(ascii: "\t")
        guard let firstContent = p.firstIndex(where: { $0 != tab }) else { return false }
        return p[firstContent...].contains(tab)
    }

    /// One cell of a delimited line: the scalar offset it starts at, how many whitespace scalars
    /// it starts with, and its bytes in the line.
    struct Cell: Equatable {
        var offset: Int
        var leading: Int
        var bytes: Range<Int>
    }

    /// The cells between `separator`s (an ASCII byte), into `cells` (emptied first), and whether
    /// the first and last scalars other than whitespace are separators. One pass over the bytes:
    /// splitting at an ASCII byte keeps every cell whole UTF-8.
    @discardableResult
    static func cells(_ p: UnsafeBufferPointer<UInt8>, at separator: UInt8, into cells: inout [Cell]) -> (opens: Bool, closes: Bool) {
        cells.removeAll(keepingCapacity: true)
        var cellByte = 0, cellScalar = 0, leading = 0, inLeading = true
        var firstContent: UInt32?, lastContent: UInt32?
        var scalar = 0
        var i = 0
        while i < p.count {
            let start = i
            // Han characters of U+4000–U+9FFF, most of a label, are content, neither whitespace
            // nor a separator: passed over without being decoded. (The first and last content
            // are only compared with the separator, an ASCII byte: any Han value stands for them.)
            if UTF8Text.startsHan(p, at: i) {
                i += 3
                inLeading = false
                if firstContent == nil { firstContent = 0x4000 }
                lastContent = 0x4000
                scalar += 1
                continue
            }
            let s = UTF8Text.decode(p, &i)
            let isWhitespace = TextNormalization.isWhitespace(s)
            if p[start] == separator {
                cells.append(Cell(offset: cellScalar, leading: leading, bytes: cellByte..<start))
                cellByte = i
                cellScalar = scalar + 1
                leading = 0
                inLeading = true
            } else if isWhitespace {
                if inLeading { leading += 1 }
            } else {
                inLeading = false
            }
            if !isWhitespace {
                if firstContent == nil { firstContent = s.value }
                lastContent = s.value
            }
            scalar += 1
        }
        cells.append(Cell(offset: cellScalar, leading: leading, bytes: cellByte..<p.count))
        let sep = UInt32(separator)
        return (firstContent == sep, lastContent == sep)
    }

    /// A cell, from its bytes in the line: trimmed of whitespace, then empty, a number, a blank
    /// marker or label text. The two most common cells are read without a string of the cell
    /// being made first: ASCII digits alone become their number, and a cell that can be no number
    /// and no blank (by its bytes) is label text, written into `labels`.
    private static func appendCell(
        _ text: String, _ p: UnsafeBufferPointer<UInt8>, _ bytes: Range<Int>, line: Int, column: Int, labels: LabelScalars, into tokens: inout [TableToken]
    ) {
        let trimmedBytes = UTF8Text.trimmedRange(p, bytes, where: TextNormalization.isWhitespace)
        let cell = UnsafeBufferPointer(rebasing: p[trimmedBytes])
        let kind: TableToken.Kind
        if trimmedBytes.isEmpty {
            kind = .empty
        } else if cell.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            kind = .number(NumberToken(digits: String(decoding: cell, as: UTF8.self)))
        } else {
            // What the cell's bytes allow it to be, found once (each test looks at every byte).
            let mayBeBlank = NumberToken.mayBeNullMarker(cell), holdsDigit = NumberToken.mayHoldDigit(cell)
            let trimmed = mayBeBlank || holdsDigit ? UTF8Text.piece(text, trimmedBytes) : ""
            if mayBeBlank && NumberToken.isNullMarker(mayBe: trimmed) {
                kind = .nullMarker(trimmed)
            } else if holdsDigit, let number = NumberToken.parse(holdingDigit: trimmed) {
                kind = .number(number)
            } else {
                kind = .text(labels.appendCompact(cell))
            }
        }
        tokens.append(TableToken(kind: kind, line: line, column: column, isCell: true))
    }

    /// Running text: split at whitespace, then cut numbers out of each chunk.
    private static func runningText(_ fragment: TextFragment, scalars: inout [Unicode.Scalar], labels: LabelScalars, into tokens: inout [TableToken]) {
        // Folded as they are decoded (`folded` maps each scalar to one scalar), into the reused buffer.
        scalars.removeAll(keepingCapacity: true)
        UTF8Text.forEachScalar(fragment.text) { scalars.append(TextNormalization.halfWidth($0)) }
        var i = 0
        while i < scalars.count {
            while i < scalars.count, TextNormalization.isWhitespace(scalars[i]) { i += 1 }
            let start = i
            while i < scalars.count, !TextNormalization.isWhitespace(scalars[i]) { i += 1 }
            guard start < i else { continue }
            let nextChunkStartsWithText: Bool = {
                var j = i
                while j < scalars.count, TextNormalization.isWhitespace(scalars[j]) { j += 1 }
                return j < scalars.count && !TextNormalization.isDigit(scalars[j])
            }()
            // `3000 元`: a unit standing apart still belongs to the number before it.
            if let unit = NumberToken.Unit(scalars[start..<i]), unit != .item, let last = tokens.last, last.line == fragment.line,
               case .number(var number) = last.kind, number.unit == nil {
                number.unit = unit
                number.written += unit.rawValue
                tokens[tokens.count - 1].kind = .number(number)
                continue
            }
            chunk(scalars[start..<i], line: fragment.line, column: fragment.column + start, nextIsText: nextChunkStartsWithText, labels: labels, into: &tokens)
        }
    }

    @inline(__always)
    private static func isListPunctuation(_ s: Unicode.Scalar) -> Bool { s == "." || s == "、" || s == "．" }

    @inline(__always)
    private static func isDateUnit(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "年", "月", "日", "号", "时": true
        default: false
        }
    }

    /// A chunk of running text, into tokens. Its label text is compact but for quotation marks
    /// (the scalars are folded and hold no whitespace), which `labels` leaves out.
    private static func chunk(_ s: ArraySlice<Unicode.Scalar>, line: Int, column: Int, nextIsText: Bool, labels: LabelScalars, into tokens: inout [TableToken]) {
        let base = s.startIndex
        // (A chunk is folded and has no whitespace: it is tested as it is, as its text would be.)
        if NumberToken.isNullMarker(folded: s) {
            tokens.append(TableToken(kind: .nullMarker(TextNormalization.string(s)), line: line, column: column, isCell: false))
            return
        }
        // The two most common chunks, without the walk below: digits alone are one number that
        // touches no text; a chunk without a digit is label text (a number starts with a digit).
        var digits = 0
        for c in s where TextNormalization.isDigit(c) { digits += 1 }
        if digits == s.count {
            emitNumber(s, before: false, after: false, line: line, column: column, labels: labels, into: &tokens)
            return
        }
        if digits == 0 {
            tokens.append(TableToken(kind: .text(labels.appendWithoutQuotes(s)), line: line, column: column, isCell: false))
            return
        }
        // The label text between numbers, as scalars (a string is made once, when it ends).
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(s.count)
        var textStart = base
        func flushText() {
            if !text.isEmpty {
                tokens.append(TableToken(kind: .text(labels.appendWithoutQuotes(text[...])), line: line, column: column + (textStart - base), isCell: false))
                text.removeAll(keepingCapacity: true)
            }
        }
        func startsNumber(at k: Int) -> Bool {
            TextNormalization.isDigit(s[k]) || (NumberToken.sign(s[k]) != nil && k + 1 < s.endIndex && TextNormalization.isDigit(s[k + 1]))
        }
        // Where the last number read ended: a number right after it touches a number, not text.
        var lastNumberEnd = -1
        var i = base
        while i < s.endIndex {
            let c = s[i]
            let beginsNumber = startsNumber(at: i)
            // `第20条`, `表4`, `附件1`: numbers in references are text.
            let isReference = i > base && (s[i - 1] == "第" || s[i - 1] == "表" || (i - 1 > base && s[i - 2] == "附" && s[i - 1] == "件"))
            guard beginsNumber, !isReference else {
                if text.isEmpty { textStart = i }
                text.append(c)
                i += 1
                continue
            }
            // Read sign, digits, optional fraction.
            let numberStart = i
            var j = i
            if !TextNormalization.isDigit(c) { j += 1 }
            while j < s.endIndex, TextNormalization.isDigit(s[j]) { j += 1 }
            // Thousands separators: 1,351 or 12,345,678 (a comma then exactly three digits).
            while j < s.endIndex, s[j] == ",", j > numberStart,
                  (1...3).allSatisfy({ j + $0 < s.endIndex && TextNormalization.isDigit(s[j + $0]) }),
                  j + 4 >= s.endIndex || !TextNormalization.isDigit(s[j + 4]) {
                j += 4
            }
            let digitsEnd = j
            // A list marker: `2.其他…`, `3、`, `1.` before text. The last digit belongs to the label.
            if j < s.endIndex, isListPunctuation(s[j]), (j + 1 == s.endIndex ? nextIsText : !TextNormalization.isDigit(s[j + 1])) {
                let markerStart = digitsEnd - 1
                if s[numberStart..<markerStart].contains(where: TextNormalization.isDigit) {
                    flushText()
                    emitNumber(s[numberStart..<markerStart], before: numberStart > base && numberStart != lastNumberEnd, after: true, line: line, column: column + (numberStart - base), labels: labels, into: &tokens)
                }
                if text.isEmpty { textStart = markerStart }
                text.append(contentsOf: s[markerStart...j])
                i = j + 1
                continue
            }
            if j + 1 < s.endIndex, s[j] == ".", TextNormalization.isDigit(s[j + 1]) {
                j += 1
                while j < s.endIndex, TextNormalization.isDigit(s[j]) { j += 1 }
            }
            // Dates and counts of time (`2023年`, `12月`) are text, not cells.
            if j < s.endIndex, isDateUnit(s[j]) {
                if text.isEmpty { textStart = numberStart }
                text.append(contentsOf: s[numberStart...j])
                i = j + 1
                continue
            }
            var unitEnd = j
            // Only 万, 亿 or 元 (or a compatibility ideograph equal to one as a string) can start a
            // unit; the strings are compared only then.
            if j < s.endIndex, mayStartUnit(s[j]) {
                let after = TextNormalization.string(s[j..<min(s.endIndex, j + 2)])
                if after.hasPrefix("万元") || after.hasPrefix("亿元") { unitEnd = j + 2 } else if after.hasPrefix("元") { unitEnd = j + 1 }
            }
            flushText()
            emitNumber(
                s[numberStart..<unitEnd], before: numberStart > base && numberStart != lastNumberEnd,
                after: unitEnd < s.endIndex && !startsNumber(at: unitEnd), line: line, column: column + (numberStart - base), labels: labels, into: &tokens)
            lastNumberEnd = unitEnd
            i = unitEnd
        }
        flushText()
    }

    private static func mayStartUnit(_ s: Unicode.Scalar) -> Bool {
        switch TextNormalization.canonical(s) {
        case "万", "亿", "元": true
        default: false
        }
    }

    private static func emitNumber(
        _ s: ArraySlice<Unicode.Scalar>, before: Bool, after: Bool, line: Int, column: Int, labels: LabelScalars, into tokens: inout [TableToken]
    ) {
        let written = TextNormalization.string(s)
        if var number = NumberToken.plainDigits(written) ?? NumberToken.parse(cell: written) {
            number.touchesTextBefore = before
            number.touchesTextAfter = after
            tokens.append(TableToken(kind: .number(number), line: line, column: column, isCell: false))
        } else {
            tokens.append(TableToken(kind: .text(labels.appendWithoutQuotes(s)), line: line, column: column, isCell: false))
        }
    }
}
