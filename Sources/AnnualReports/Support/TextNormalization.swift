/// Character classes and normalisations shared by every stage of the reader.
///
/// Report text mixes full-width and half-width forms freely (`（一）` and `(一)`, `１２` and `12`),
/// so all matching is done on a normalised form.
enum TextNormalization {
    /// Maps full-width ASCII variants (U+FF01–U+FF5E) to ASCII and the ideographic space to a space.
    @inline(__always)
    static func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        if v == 0x3000 || v == 0x00A0 { return " " }
        switch v {
        case 0x2212, 0x2010, 0x2011: return "-"  // minus sign and hyphens written for a negative number
        default: return scalar
        }
    }

    @inline(__always)
    /// Han characters and the punctuation Chinese text uses (CJK, full-width and general).
    static func isChinese(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return isHan(s) || (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v) || (0x2000...0x206F).contains(v)
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x2FA1F)
    }

    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x3000, 0x2002...0x200B, 0xFEFF: true
        default: false
        }
    }

    @inline(__always)
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    /// Quotation marks that reports use inconsistently around terms such as “三安全一稳定”.
    @inline(__always)
    static func isQuote(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x22, 0x27, 0x201C, 0x201D, 0x2018, 0x2019, 0x300C, 0x300D, 0x300E, 0x300F: true
        default: false
        }
    }

    /// The compact form used to match labels and titles: half-width, no whitespace, no quotes.
    /// Characters that do not show but change what a reader or terminal shows: controls (C0, DEL,
    /// C1), noncharacters, byte order marks, zero-width spaces and direction overrides.
    static func isHidden(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF || v == 0xFEFF
            || v == 0x200B || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// A name with hidden characters dropped (tabs and line breaks become spaces) and trimmed.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var view = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s == "\t" || s == "\n" || s == "\r" { view.append(" ") } else if !isHidden(s) { view.append(s) }
        }
        return trimmed(String(view))
    }

    /// Text for a terminal: hidden characters written out as `\u{1B}`, so that a report cannot
    /// move the cursor, clear the screen or reorder a message.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = ""
        for s in text.unicodeScalars {
            if isHidden(s) { out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(s) }
        }
        return out
    }

    /// Text quoted in a message, cut to `limit` characters: a diagnostic names the text, it does
    /// not repeat a megabyte of it.
    /// Hidden characters in it are written out (`\u{1B}`).
    static func excerpt(_ text: some StringProtocol, limit: Int = 60) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return visible(String(text)) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars.prefix(limit))
        return visible(String(view)) + "…（共 \(scalars.count) 个字符）"
    }

    static func compact(_ text: some StringProtocol) -> String {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            let h = halfWidth(s)
            if isWhitespace(h) || isQuote(h) { continue }
            out.append(h)
        }
        return string(out)
    }

    /// Text with full-width forms folded, whitespace kept.
    static func folded(_ text: some StringProtocol) -> String {
        string(text.unicodeScalars.map(halfWidth))
    }

    static func hanCount(_ text: some StringProtocol) -> Int {
        var n = 0
        for s in text.unicodeScalars where isHan(s) { n += 1 }
        return n
    }

    static func trimmed(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end && isWhitespace(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard isWhitespace(scalars[before]) else { break }
            end = before
        }
        return String(text[start..<end])
    }

    /// A string from scalars, its UTF-8 written straight into the string's storage (appending to a
    /// `String.UnicodeScalarView` one scalar at a time is the reader's most costly step otherwise).
    static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        var count = 0
        for s in scalars {
            let v = s.value
            count += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
        }
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            for s in scalars {
                let v = s.value
                if v < 0x80 {
                    buffer[i] = UInt8(v); i += 1
                } else if v < 0x800 {
                    buffer[i] = UInt8(0xC0 | (v >> 6)); buffer[i + 1] = UInt8(0x80 | (v & 0x3F)); i += 2
                } else if v < 0x10000 {
                    buffer[i] = UInt8(0xE0 | (v >> 12)); buffer[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F)); buffer[i + 2] = UInt8(0x80 | (v & 0x3F)); i += 3
                } else {
                    buffer[i] = UInt8(0xF0 | (v >> 18)); buffer[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); buffer[i + 3] = UInt8(0x80 | (v & 0x3F)); i += 4
                }
            }
            return i
        }
    }

    /// Chinese numerals for the numbers used in section and row numbering.
    static let chineseNumerals: [Unicode.Scalar: Int] = [
        "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
    ]
}
