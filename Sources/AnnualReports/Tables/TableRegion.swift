/// Separates a table section's prose (kept as narrative) from its table (read as cells).
///
/// Prose is a line of running text with a full stop, or a long line with commas; the table runs from
/// the first line that is not prose to the next prose line. The table's caption
/// (`本列数据的勾稽关系为…`) is part of the table.
enum TableRegion {
    static func split(_ fragments: [TextFragment]) -> (table: [TextFragment], prose: [TextFragment]) {
        guard let start = fragments.firstIndex(where: { !isProse($0.text) && !TextNormalization.trimmed($0.text).isEmpty }) else {
            return ([], fragments)
        }
        let end = fragments[start...].firstIndex(where: { isProse($0.text) }) ?? fragments.count
        return (Array(fragments[start..<end]), Array(fragments[..<start]) + Array(fragments[end...]))
    }

    static func isProse(_ text: String) -> Bool {
        // (Characters found by their bytes, in one pass: a scalar is in valid UTF-8 text exactly
        // where its bytes are. Most table lines have neither a full stop nor a comma.)
        let marks = UTF8Text.withBytes(text, punctuation)
        guard marks.fullStop || marks.comma else { return false }
        if marks.delimiter { return false }
        if startsWithHash(text) || ByteSearch.containsAny(Self.tableWords, in: text) { return false }
        if marks.fullStop { return true }
        guard TextNormalization.hanCount(text) >= 20 else { return false }
        // Long row labels have commas too (`（二）部分公开（区分处理的，只计这一情形，不计其他情形）`).
        let compact = TextNormalization.compact(text)
        return !rowLabelPatterns.contains { compact.contains($0) }
    }

    /// Whether the bytes hold a full stop `。`, a comma (`，` or `,`), and a tab or `|` (cell
    /// delimiters), found in one pass: eight bytes at a time past words with none of their bytes
    /// (E3 starts `。`, EF starts `，`), most words of a line.
    static func punctuation(_ p: UnsafeBufferPointer<UInt8>) -> (fullStop: Bool, comma: Bool, delimiter: Bool) {
        var fullStop = false, comma = false, delimiter = false
        func look(_ i: Int) {
            switch p[i] {
            case 0xE3: if i + 2 < p.count && p[i + 1] == 0x80 && p[i + 2] == 0x82 { fullStop = true }
            case 0xEF: if i + 2 < p.count && p[i + 1] == 0xBC && p[i + 2] == 0x8C { comma = true }
            case UInt8(ascii: ","): comma = true
            case UInt8(ascii: "\t"), UInt8(ascii: "|"): delimiter = true
            default: break
            }
        }
        var i = 0
        while i + 8 <= p.count {
            let x = SWAR.load(p, at: i)
            var candidates = SWAR.zeroBytes(x ^ SWAR.repeating(0xE3)) | SWAR.zeroBytes(x ^ SWAR.repeating(0xEF))
                | SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: ","))) | SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: "\t")))
                | SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: "|")))
            while candidates != 0 {
                look(i + candidates.trailingZeroBitCount / 8)
                candidates &= candidates &- 1
            }
            i += 8
        }
        while i < p.count { look(i); i += 1 }
        return (fullStop, comma, delimiter)
    }

    /// Words only a table's note has.
    private static let tableWords = ["勾稽", "之和"]

    /// Whether the text, trimmed, starts with the character `#` (a Markdown heading): decided on
    /// the bytes unless a non-ASCII scalar follows the `#`, which might combine with it into
    /// another character.
    private static func startsWithHash(_ text: String) -> Bool {
        UTF8Text.withBytes(text) { p in
            let kept = UTF8Text.trimmedRange(p, 0..<p.count, where: TextNormalization.isWhitespace)
            guard !kept.isEmpty, p[kept.lowerBound] == UInt8(ascii: "#") else { return false }
            if kept.count == 1 || p[kept.lowerBound + 1] < 0x80 { return true }
            return UTF8Text.piece(text, kept).hasPrefix("#")
        }
    }

    /// Every distinctive row label of the three tables.
    private static let rowLabelPatterns: [String] = {
        let rows = TableSchema.applications2021 + TableSchema.applications2019 + TableSchema.activeDisclosure2021 + TableSchema.activeDisclosure2019
        return Array(Set(rows.flatMap(\.patterns))).sorted()
    }()
}
