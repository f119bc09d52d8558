/// One piece of a table's text: label text, a value, an explicit blank (`/`, `—`, `无`) or an
/// empty cell.
///
/// Whatever the layout (tabs, pipes, one cell per line, PDF text, glued cells), a table is read
/// as a stream of these tokens; rows are then found by their labels in the stream.
struct TableToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Label or header text, in compact form.
        case text(Label)
        case number(NumberToken)
        /// A cell written as blank: `/`, `-`, `—`, `——`, `无`.
        case nullMarker(String)
        /// A cell with nothing in it; only delimited layouts (tabs, pipes, one cell a line) have these.
        case empty
        /// A cell in a value position that holds no number (`1*`, an OCR `O`): it keeps its column
        /// and is read as `null`.
        case unreadable(String)
    }

    var kind: Kind
    /// The 1-based line in the source file.
    var line: Int
    /// The 1-based column (in Unicode scalars) where the token starts.
    var column: Int
    /// Whether the token is a whole cell of a delimited layout, as opposed to a piece of running text
    /// in which cells may be glued together.
    var isCell: Bool

    var isValue: Bool {
        switch kind {
        case .number, .nullMarker, .empty, .unreadable: true
        case .text: false
        }
    }

    var isEmpty: Bool {
        // (A pattern, not `kind == .empty`: the synthesized `==` copies the payload it compares.)
        if case .empty = kind { return true }
        return false
    }

    /// The label text, made into a string (only where one is needed: rows are found by the
    /// labels' scalars).
    var text: String? {
        if case .text(let t) = kind { return t.string }
        return nil
    }

    var label: Label? {
        if case .text(let t) = kind { return t }
        return nil
    }

    var isText: Bool {
        if case .text = kind { return true }
        return false
    }

    var number: NumberToken? {
        if case .number(let n) = kind { return n }
        return nil
    }

    /// A number token's `count`, read without copying the token (the most common cell of a row).
    var countValue: Int? {
        guard case .number(let n) = kind else { return nil }
        return n.count
    }

    /// The token as written, for messages.
    var display: String {
        switch kind {
        case .text(let t): t.string
        case .number(let n): n.written
        case .nullMarker(let m): m
        case .unreadable(let t): t
        case .empty: "（空）"
        }
    }
}

/// The label texts of a table in compact form (`TextNormalization.compact`), scalar after scalar:
/// the tokenizer writes each label here, not into a string of its own, and the rows are found in
/// these scalars. Once the table is tokenized it does not change.
final class LabelScalars: @unchecked Sendable {
    private(set) var scalars: [Unicode.Scalar] = []

    init(capacity: Int) { scalars.reserveCapacity(capacity) }

    /// Appends the compact form of a text's bytes (valid UTF-8): half-width, without whitespace
    /// or quotation marks; returns the label.
    func appendCompact(_ p: UnsafeBufferPointer<UInt8>) -> Label {
        // (Decoded into room on the stack, then appended at once: appending to a class's array
        // a scalar at a time checks access and room for each.)
        withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: p.count) { room in
            var n = 0, i = 0
            while i < p.count {
                // Han characters of U+4000–U+9FFF (lead bytes E4–E9), most of a label, are kept
                // as they are (none is whitespace, a quote or full-width).
                if UTF8Text.startsHan(p, at: i) {
                    room[n] = Unicode.Scalar(UInt32(p[i] & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F))!
                    n += 1
                    i += 3
                } else if let s = TextNormalization.compactScalar(UTF8Text.decode(p, &i)) {
                    room[n] = s
                    n += 1
                }
            }
            return append(UnsafeBufferPointer(rebasing: room[..<n]))
        }
    }

    /// Appends scalars that are compact already, but for quotation marks, which are left out.
    func appendWithoutQuotes(_ s: ArraySlice<Unicode.Scalar>) -> Label {
        guard s.contains(where: TextNormalization.isQuote) else { return s.withUnsafeBufferPointer(append) }
        return append(s.filter { !TextNormalization.isQuote($0) }[...])
    }

    private func append(_ s: some Collection<Unicode.Scalar>) -> Label {
        let start = scalars.count
        scalars.append(contentsOf: s)
        return Label(store: self, range: start..<scalars.count)
    }
}

/// A label's compact text: a range of its table's `LabelScalars`.
struct Label: Sendable, Equatable {
    let store: LabelScalars
    let range: Range<Int>

    var scalars: ArraySlice<Unicode.Scalar> { store.scalars[range] }
    var string: String { TextNormalization.string(scalars) }

    /// Whether the label has a Han character (`TextNormalization.hanCount(string) > 0`).
    var hasHan: Bool { scalars.contains(where: TextNormalization.isHan) }

    /// Labels are equal as their strings are.
    static func == (a: Label, b: Label) -> Bool { a.string == b.string }
}

/// Words looked for in labels, as strings and as scalars.
struct LabelWords: Sendable {
    let strings: [String]
    let scalars: [[Unicode.Scalar]]
    let hasCompatibilityIdeograph: Bool

    init(_ strings: [String]) {
        self.strings = strings
        scalars = strings.map(\.scalarArray)
        hasCompatibilityIdeograph = strings.contains(where: UTF8Text.hasCompatibilityIdeograph)
    }
}

/// Searches in label scalars that answer as `ByteSearch` answers for the labels' strings. Text
/// with a CJK compatibility ideograph is searched as a string (Foundation's search equals it to
/// the ideograph it stands for); any other scalars are found where their bytes would be.
enum LabelSearch {
    /// `ByteSearch.count(words.strings, in: String(s))`.
    static func count(_ words: LabelWords, in s: ArraySlice<Unicode.Scalar>) -> Int {
        if words.hasCompatibilityIdeograph || UTF8Text.hasCompatibilityIdeograph(scalars: s) { return ByteSearch.count(words.strings, in: TextNormalization.string(s)) }
        return s.withUnsafeBufferPointer { s in
            words.scalars.reduce(0) { total, word in total + word.withUnsafeBufferPointer { ByteSearch.occurrences(of: $0, in: s, index: ScalarSearch.index) } }
        }
    }

    /// `TextNormalization.hanCount(ByteSearch.removing(words.strings, from: String(s)))`.
    static func hanCount(removing words: LabelWords, from s: ArraySlice<Unicode.Scalar>) -> Int {
        if words.hasCompatibilityIdeograph || UTF8Text.hasCompatibilityIdeograph(scalars: s) {
            return TextNormalization.hanCount(ByteSearch.removing(words.strings, from: TextNormalization.string(s)))
        }
        var kept = Array(s)
        for word in words.scalars {
            guard let cut = kept.withUnsafeBufferPointer({ h in word.withUnsafeBufferPointer { ByteSearch.cutting($0, from: h, index: ScalarSearch.index) } }) else { continue }
            kept = cut
        }
        return kept.count(where: TextNormalization.isHan)
    }

    /// `String(s).contains(word)` (`ByteSearch.contains`).
    static func contains(_ word: String, in s: ArraySlice<Unicode.Scalar>) -> Bool {
        if UTF8Text.hasCompatibilityIdeograph(word) || UTF8Text.hasCompatibilityIdeograph(scalars: s) { return TextNormalization.string(s).contains(word) }
        let word = word.scalarArray
        return s.withUnsafeBufferPointer { s in word.withUnsafeBufferPointer { ScalarSearch.index(of: $0, in: s, from: 0) != nil } }
    }
}

/// A number as written in a table cell, normalised: `１,２３４.５` → digits `1234.5`.
struct NumberToken: Sendable, Equatable {
    enum Unit: String, Sendable {
        case yuan = "元"
        case wanYuan = "万元"
        case yiYuan = "亿元"
        case item = "件"

        /// The unit these scalars spell; with `countWords`, as a cell may end: also 万 (万元) and
        /// the counting words 个, 项, 条, 次 (件). Compared scalar by scalar, as `String`'s `==`
        /// would compare them (a compatibility ideograph, U+2F8EF for 次, as the ideograph it
        /// stands for), without the normalisation check that costs more than reading the word.
        init?(_ s: ArraySlice<Unicode.Scalar>, countWords: Bool = false) {
            // (A unit is one or two scalars: anything longer is passed over at once.)
            guard s.count <= 2 else { return nil }
            var i = s.lazy.map(TextNormalization.canonical).makeIterator()
            switch (i.next(), i.next(), i.next()) {
            case ("元", nil, nil): self = .yuan
            case ("万", "元", nil): self = .wanYuan
            case ("亿", "元", nil): self = .yiYuan
            case ("件", nil, nil): self = .item
            case ("万", nil, nil) where countWords: self = .wanYuan
            case ("个", nil, nil) where countWords, ("项", nil, nil) where countWords, ("条", nil, nil) where countWords, ("次", nil, nil) where countWords:
                self = .item
            default: return nil
            }
        }
    }

    /// The text as it stood in the source (half-width folded).
    var written: String
    let negative: Bool
    /// Integer digits, without sign or separators.
    let integerDigits: String
    /// Fraction digits after the decimal point, if there was one.
    let fractionDigits: String?
    var unit: Unit?
    /// The value of an integer of at most 15 digits (with its sign); `nil` for any other number.
    /// Worked out once, when the token is made: a row's values are read from it.
    let intValue: Int?
    /// In running text: whether label text stands right before or after the digits, with no space.
    var touchesTextBefore = false
    var touchesTextAfter = false

    /// The value where the number is a count as written: an integer with no amount unit (`12`,
    /// `12件`).
    var count: Int? { unit == nil || unit == .item ? intValue : nil }

    /// Whether the digits may be several cells run together: a bare digit run.
    var isSplittable: Bool { fractionDigits == nil && unit == nil }

    /// Whether a split is justified without an identity to confirm it. In PDF text a row with a
    /// blank cell (`规章12 30` for three columns) looks like a glued row; only visible glue tells them
    /// apart: digits wedged between two labels (`规章000行政…`), or a leading zero that no single
    /// number has (`000`).
    var mayBeSplitWithoutIdentity: Bool {
        // (The digits are ASCII: counted and tested as bytes, not as characters.)
        isSplittable && ((touchesTextBefore && touchesTextAfter) || (integerDigits.utf8.count > 1 && integerDigits.utf8.first == UInt8(ascii: "0"))
            || integerDigits.utf8.count > GluedCellSplitter.maxDigitsPerCell)
    }

    init(written: String, negative: Bool, integerDigits: String, fractionDigits: String?, unit: Unit?) {
        self.written = written
        self.negative = negative
        self.integerDigits = integerDigits
        self.fractionDigits = fractionDigits
        self.unit = unit
        intValue = fractionDigits == nil ? UTF8Text.withBytes(integerDigits) { p -> Int? in
            guard p.count <= 15 else { return nil }
            // (ASCII digits only, at most 15 of them: the value is summed up without overflow.)
            var v = 0
            for d in p { v = v * 10 + Int(d &- UInt8(ascii: "0")) }
            return negative ? -v : v
        } : nil
    }
}

extension NumberToken {
    /// A cell of ASCII digits alone, the most common cell, without the work of `parse(cell:)`,
    /// which gives the same token for it; `nil` for anything else.
    static func plainDigits(_ text: String) -> NumberToken? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return NumberToken(digits: text)
    }

    /// The token of a cell that is ASCII digits alone (`digits`, not checked here).
    init(digits: String) {
        self.init(written: digits, negative: false, integerDigits: digits, fractionDigits: nil, unit: nil)
    }

    /// Parses a whole cell as a number, e.g. `12`, `-3`, `1,351.6101`, `251000元`, `１２件`.
    static func parse(cell: String) -> NumberToken? {
        // Most cells that reach here are labels without a digit, ruled out by their bytes.
        UTF8Text.withBytes(cell, mayHoldDigit) ? parse(holdingDigit: cell) : nil
    }

    /// `parse(cell:)` of a cell whose bytes hold a digit (`mayHoldDigit`).
    static func parse(holdingDigit cell: String) -> NumberToken? {
        if cell.utf8.allSatisfy({ $0 < 0x80 }) { return parse(asciiCell: cell) }
        let folded = TextNormalization.folded(cell)
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(folded.utf8.count)
        UTF8Text.forEachScalar(folded) { if !TextNormalization.isWhitespace($0) { scalars.append($0) } }
        guard !scalars.isEmpty else { return nil }
        var i = 0
        var negative = false
        if let sign = NumberToken.sign(scalars[i]), scalars.count > 1, TextNormalization.isDigit(scalars[1]) {
            negative = sign < 0
            i += 1
        }
        // Digits, in groups between commas (counted as `parse(asciiCell:)` counts them).
        var integer: [Unicode.Scalar] = []
        integer.reserveCapacity(scalars.count)
        var groups = 1, firstGroup = 0, group = 0, allThree = true
        while i < scalars.count, TextNormalization.isDigit(scalars[i]) || scalars[i] == "," {
            if scalars[i] == "," {
                if groups == 1 { firstGroup = group } else if group != 3 { allThree = false }
                groups += 1
                group = 0
            } else {
                integer.append(scalars[i])
                group += 1
            }
            i += 1
        }
        if groups > 1 {
            // Commas are accepted only as thousands separators: 1,351 or 12,345,678.
            guard (1...3).contains(firstGroup), allThree, group == 3 else { return nil }
        }
        guard !integer.isEmpty else { return nil }
        var fraction: String?
        if i < scalars.count, scalars[i] == "." {
            i += 1
            let start = i
            while i < scalars.count, TextNormalization.isDigit(scalars[i]) { i += 1 }
            guard i > start else { return nil }
            fraction = TextNormalization.string(scalars[start..<i])
        }
        let unit: Unit?
        if i == scalars.count {
            unit = nil
        } else if let written = Unit(scalars[i...], countWords: true) {
            unit = written
        } else {
            return nil
        }
        return NumberToken(written: TextNormalization.trimmed(folded), negative: negative, integerDigits: TextNormalization.string(integer), fractionDigits: fraction, unit: unit)
    }

    /// Whether a cell's bytes hold a digit, ASCII or full-width (U+FF10–U+FF19: EF BC 90–99): a
    /// number has one.
    static func mayHoldDigit(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in p.indices {
            let b = p[i]
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { return true }
            if b == 0xEF, i + 2 < p.count, p[i + 1] == 0xBC, (0x90...0x99).contains(p[i + 2]) { return true }
        }
        return false
    }

    /// `parse(cell:)` of a cell that is all ASCII, on its bytes: folding leaves it as it is, and no
    /// unit is ASCII, so the number must run to the cell's end.
    private static func parse(asciiCell cell: String) -> NumberToken? {
        UTF8Text.withBytes(cell) { p -> NumberToken? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: p.count) { b -> NumberToken? in
                // The bytes without whitespace (ASCII whitespace is what `isWhitespace` says of it).
                var count = 0
                for byte in p where !TextNormalization.isWhitespace(Unicode.Scalar(byte)) {
                    b[count] = byte
                    count += 1
                }
                guard count > 0 else { return nil }
                func isDigit(_ byte: UInt8) -> Bool { TextNormalization.isDigit(Unicode.Scalar(byte)) }
                var i = 0
                var negative = false
                if let sign = NumberToken.sign(Unicode.Scalar(b[0])), count > 1, isDigit(b[1]) {
                    negative = sign < 0
                    i = 1
                }
                // Digits, in groups between commas, moved down over the commas as they are read.
                let integerStart = i
                var integerEnd = i
                var groups = 1, firstGroup = 0, group = 0, allThree = true
                while i < count, isDigit(b[i]) || b[i] == UInt8(ascii: ",") {
                    if b[i] == UInt8(ascii: ",") {
                        if groups == 1 { firstGroup = group } else if group != 3 { allThree = false }
                        groups += 1
                        group = 0
                    } else {
                        b[integerEnd] = b[i]
                        integerEnd += 1
                        group += 1
                    }
                    i += 1
                }
                if groups > 1 {
                    // Commas are accepted only as thousands separators: 1,351 or 12,345,678.
                    guard (1...3).contains(firstGroup), allThree, group == 3 else { return nil }
                }
                guard integerEnd > integerStart else { return nil }
                var fraction: String?
                if i < count, b[i] == UInt8(ascii: ".") {
                    i += 1
                    let start = i
                    while i < count, isDigit(b[i]) { i += 1 }
                    guard i > start else { return nil }
                    fraction = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                }
                guard i == count else { return nil }
                let integer = String(decoding: UnsafeBufferPointer(rebasing: b[integerStart..<integerEnd]), as: UTF8.self)
                return NumberToken(written: TextNormalization.trimmed(cell), negative: negative, integerDigits: integer, fractionDigits: fraction, unit: nil)
            }
        }
    }

    /// The sign a character gives the number right after it: `-`, `–`, `—` and 减 make it negative,
    /// `+` and 增 positive (本年增/减 is often written `减3`).
    static func sign(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "-", "–", "—", "减": -1
        case "+", "增": 1
        default: nil
        }
    }

    /// Whether a cell stands for a blank value: `/`, `-`, `—`, `——`, `无`.
    static func isNullMarker(_ cell: String) -> Bool {
        UTF8Text.withBytes(cell, mayBeNullMarker) && isNullMarker(mayBe: cell)
    }

    /// `isNullMarker` of a cell whose bytes may stand for a blank (`mayBeNullMarker`).
    static func isNullMarker(mayBe cell: String) -> Bool {
        isNullMarker(folded: TextNormalization.trimmed(TextNormalization.folded(cell)).unicodeScalars)
    }

    /// Whether a cell's bytes may stand for a blank value: letters, digits and Han characters
    /// (U+4000–U+9FFF, lead bytes E4–E9) other than 无 and 空 stay what they are when folded and
    /// trimmed, so no cell with one is blank.
    static func mayBeNullMarker(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in p.indices {
            let b = p[i]
            if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) { return false }
            if UTF8Text.startsHan(p, at: i), !(b == 0xE6 && p[i + 1] == 0x97 && p[i + 2] == 0xA0), !(b == 0xE7 && p[i + 1] == 0xA9 && p[i + 2] == 0xBA) {
                return false
            }
        }
        return true
    }

    /// Whether a cell's scalars, folded and trimmed, stand for a blank value: 无, 空, or one to four
    /// dashes, slashes, backslashes and underscores. (No compatibility ideograph is 无 or 空, so
    /// the scalars compare as the strings would.)
    static func isNullMarker(folded s: some Collection<Unicode.Scalar>) -> Bool {
        if s.count == 1, s.first == "无" || s.first == "空" { return true }
        guard (1...4).contains(s.count) else { return false }
        return s.allSatisfy { c in
            switch c {
            case "/", "-", "—", "–", "―", "_", "\\": true
            default: false
            }
        }
    }
}
