import Foundation

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

    /// Whether the text has a character `isHidden` selects, found on its bytes (every diagnostic
    /// printed is looked through): only ASCII controls, and the UTF-8 that starts with C2, E2 or
    /// EF, can be one.
    static func hasHidden(_ text: String) -> Bool {
        UTF8Text.withBytes(text) { p in
            var i = 0
            while i < p.count {
                let b = p[i]
                if b < 0x80 {
                    if b < 0x20 || b == 0x7F { return true }
                    i += 1
                } else if b == 0xC2 || b == 0xE2 || b == 0xEF {
                    if isHidden(UTF8Text.decode(p, &i)) { return true }
                } else {
                    i += b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                }
            }
            return false
        }
    }

    /// A name with hidden characters dropped (tabs and line breaks become spaces) and trimmed.
    public static func printable(_ text: String) -> String {
        guard hasHidden(text) else { return text }
        var view = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s == "\t" || s == "\n" || s == "\r" { view.append(" ") } else if !isHidden(s) { view.append(s) }
        }
        return trimmed(String(view))
    }

    /// Text for a terminal: hidden characters written out as `\u{1B}`, so that a report cannot
    /// move the cursor, clear the screen or reorder a message.
    public static func visible(_ text: String) -> String {
        guard hasHidden(text) else { return text }
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
        UTF8Text.transform(text, ascii: compactKeeps, scalar: compactScalar)
    }

    /// The first `count` characters of `compact(text)`, without compacting the rest: enough to
    /// tell how a line starts.
    static func compactPrefix(_ text: some StringProtocol, _ count: Int) -> String {
        UTF8Text.transform(text, ascii: compactKeeps, scalar: compactScalar, limit: count)
    }

    /// ASCII in the compact form: whitespace and quotes go, the rest stays.
    @inline(__always)
    private static func compactKeeps(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x22, 0x27: false
        default: true
        }
    }

    /// A scalar as the compact form has it: half-width, or `nil` for whitespace and quotes.
    @inline(__always)
    static func compactScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let h = halfWidth(scalar)
        return isWhitespace(h) || isQuote(h) ? nil : h
    }

    /// Whether `compact(text)` contains `needle`, a compact text's scalars, as `String.contains`
    /// answers it, without making the compact text; `nil` where the answer of a comparison of
    /// scalars might differ: where the compact text or the needle keeps a scalar outside ASCII,
    /// Chinese characters and the punctuation around them (such a scalar may combine with its
    /// neighbours into one character, or equal another written differently), unless the needle
    /// stands in the text as it is and no compatibility ideograph does (then `true`).
    static func compactContains(_ text: some StringProtocol, _ needle: [Unicode.Scalar]) -> Bool? {
        guard needle.allSatisfy(isPlainScalar) else { return nil }
        // The needle as it stands in the text: compacting drops and folds other scalars but keeps
        // the needle's (they are compact) side by side, so the compact text holds it, as bytes;
        // and its bytes are what the string's search compares, unless a compatibility ideograph
        // sends that search to Foundation. (The line a narrative sentence starts on has it so.)
        if !needle.isEmpty, !UTF8Text.hasCompatibilityIdeograph(text), UTF8Text.withBytes(text, { p in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * needle.count) { room in
                var n = 0
                for s in needle { UTF8Text.encode(s, into: room, at: &n) }
                return ByteSearch.index(of: UnsafeBufferPointer(rebasing: room[..<n]), in: p, from: 0) != nil
            }
        }) {
            return true
        }
        return UTF8Text.withBytes(text) { p -> Bool? in
            withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: p.count) { kept -> Bool? in
                var count = 0, i = 0
                while i < p.count {
                    guard let s = compactScalar(UTF8Text.decode(p, &i)) else { continue }
                    guard isPlainScalar(s) else { return nil }
                    kept[count] = s
                    count += 1
                }
                guard !needle.isEmpty else { return true }
                return needle.withUnsafeBufferPointer { ScalarSearch.index(of: $0, in: UnsafeBufferPointer(rebasing: kept[..<count]), from: 0) != nil }
            }
        }
    }

    /// A scalar that is one character by itself, whatever stands next to it, and equal only to
    /// itself: ASCII (apart from a line break), Han characters of the two main blocks, and the
    /// general and CJK punctuation that Chinese text uses (without the combining tone marks).
    @inline(__always)
    static func isPlainScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x7F: s != "\r" && s != "\n"
        case 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF: true
        default: false
        }
    }

    /// The UTF-8 of each Han character of `needle` that is not a compatibility ideograph: what
    /// `mayHold(han:afterCompacting:)` looks for, made once for a needle looked for in many texts.
    static func hanBytes(of needle: some StringProtocol) -> [[UInt8]] {
        needle.unicodeScalars.filter { isHan($0) && !isCompatibilityIdeograph($0) }.map { Array(String($0).utf8) }
    }

    /// Whether `compact(text)` may hold every character of a needle whose Han characters are
    /// `han` (from `hanBytes`). `compact` keeps such a character as it is, so it can be there
    /// only if its bytes are in the text, or a compatibility ideograph is (which compares equal
    /// to one): a quick test before `compact`. Any other character may always be there.
    static func mayHold(han: [[UInt8]], afterCompacting text: some StringProtocol) -> Bool {
        let found = UTF8Text.withBytes(text) { p in
            han.allSatisfy { bytes in bytes.withUnsafeBufferPointer { ByteSearch.index(of: $0, in: p, from: 0) != nil } }
        }
        return found || UTF8Text.hasCompatibilityIdeograph(text)
    }

    /// Text with full-width forms folded, whitespace kept.
    static func folded(_ text: some StringProtocol) -> String {
        UTF8Text.transform(text) { _ in true } scalar: { halfWidth($0) }
    }

    static func hanCount(_ text: some StringProtocol) -> Int {
        var n = 0
        UTF8Text.forEachScalar(text) { if isHan($0) { n += 1 } }
        return n
    }

    static func trimmed(_ text: some StringProtocol) -> String {
        UTF8Text.trimmed(text, where: isWhitespace)
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
            for s in scalars { UTF8Text.encode(s, into: buffer, at: &i) }
            return i
        }
    }

    /// The ordinary ideograph a CJK compatibility ideograph stands for (U+FA71 → 况); any other
    /// scalar as it is.
    static func canonical(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard isCompatibilityIdeograph(scalar) else { return scalar }
        return String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars.first ?? scalar
    }

    /// A CJK compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F): as a `String` it equals
    /// the ordinary ideograph it stands for (`canonical`).
    @inline(__always)
    static func isCompatibilityIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        (0xF900...0xFAFF).contains(scalar.value) || (0x2F800...0x2FA1F).contains(scalar.value)
    }

    /// Whether a scalar is a Chinese numeral of section and row numbering, 一 to 十 (a switch, not a
    /// hash lookup: this is asked of every character the section finder passes).
    @inline(__always)
    static func isChineseNumeral(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": true
        default: false
        }
    }
}

/// Substring search on UTF-8 bytes. Foundation's `contains(_:)` for strings, which the reader
/// would otherwise get, goes through `NSString` on Linux and costs tens of times more; these
/// concrete overloads are preferred to it everywhere in this module. They find what Foundation
/// finds: text with a CJK compatibility ideograph (PDF text has them: U+FA71 is canonically 况)
/// is still searched by Foundation, which treats canonically equal text as equal; and an empty
/// string is in none.
extension String {
    func contains(_ other: String) -> Bool { ByteSearch.contains(other, in: self) }
}

extension Substring {
    func contains(_ other: String) -> Bool { ByteSearch.contains(other, in: self) }
}

public enum ByteSearch {
    /// Where `needle` (not empty) next occurs in `haystack` at or after `from`.
    @inline(__always)
    public static func index(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard !needle.isEmpty, from >= 0, needle.count <= haystack.count - from else { return nil }
        // memchr finds candidates for one byte of the needle many bytes at a time: its last byte
        // where that continues a character (a needle that ends in Chinese), as one of 64 values
        // it matches far less often than a lead byte (0xE4–0xE9 start most Chinese characters);
        // else its first.
        let anchor = needle.count > 1 && needle[needle.count - 1] & 0xC0 == 0x80 ? needle.count - 1 : 0
        let byte = Int32(needle[anchor])
        let base = UnsafeRawPointer(haystack.baseAddress!)
        var i = from
        while haystack.count - i >= needle.count, let found = memchr(base + i + anchor, byte, haystack.count - needle.count + 1 - i) {
            i = base.distance(to: found) - anchor
            // The needle compared here (most needles are a word or two of Chinese): a call to
            // memcmp costs more.
            var k = 0
            while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return nil
    }

    /// `contains` as Foundation answers it (see above).
    static func contains(_ needle: String, in text: some StringProtocol) -> Bool {
        if UTF8Text.hasCompatibilityIdeograph(text) || UTF8Text.hasCompatibilityIdeograph(needle) { return text.range(of: needle) != nil }
        return UTF8Text.withBytes(text) { h in UTF8Text.withBytes(needle) { n in index(of: n, in: h, from: 0) != nil } }
    }

    /// Whether the text contains any of the needles, as `contains` answers it for each: the text
    /// is looked at for compatibility ideographs once, not once a needle.
    static func containsAny(_ needles: [String], in text: some StringProtocol) -> Bool {
        if UTF8Text.hasCompatibilityIdeograph(text) || needles.contains(where: UTF8Text.hasCompatibilityIdeograph) {
            return needles.contains { text.range(of: $0) != nil }
        }
        return UTF8Text.withBytes(text) { h in needles.contains { needle in UTF8Text.withBytes(needle) { n in index(of: n, in: h, from: 0) != nil } } }
    }
}

/// Loops over a string's UTF-8 bytes that do what the `unicodeScalars` view does, at a fraction of
/// the cost: the reader's normalisations run on every line of every report. A Swift string's bytes
/// are always valid UTF-8, so decoding needs no checks.
enum UTF8Text {
    /// The bytes of `text`, in place where the string is native (always, on Linux).
    @inline(__always)
    static func withBytes<R>(_ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// How many ASCII digits (`TextNormalization.isDigit`) the text has, counted on its bytes.
    static func digitCount(_ text: some StringProtocol) -> Int {
        withBytes(text) { p in p.count(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) }
    }

    /// Whether the text holds the byte (memchr, not a walk of the UTF-8 view's indices).
    static func contains(byte: UInt8, in text: some StringProtocol) -> Bool {
        withBytes(text) { p in p.count > 0 && memchr(p.baseAddress!, Int32(byte), p.count) != nil }
    }

    /// Whether the text holds these bytes (the UTF-8 of a scalar: where its scalar is).
    static func contains(_ bytes: [UInt8], in text: some StringProtocol) -> Bool {
        withBytes(text) { p in bytes.withUnsafeBufferPointer { ByteSearch.index(of: $0, in: p, from: 0) != nil } }
    }

    /// Whether a scalar of U+4000–U+9FFF, most Han characters of a report, starts at byte `i` of
    /// valid UTF-8 (lead bytes E4–E9, three bytes): one that is never whitespace, a digit or
    /// punctuation, and that folds and compacts to itself.
    @inline(__always)
    static func startsHan(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        p[i] >= 0xE4 && p[i] <= 0xE9 && i + 2 < p.count
    }

    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Unicode.Scalar {
        let b0 = UInt32(p[i])
        let v: UInt32
        if b0 < 0x80 {
            v = b0; i += 1
        } else if b0 < 0xE0 {
            v = (b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); i += 2
        } else if b0 < 0xF0 {
            v = (b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); i += 3
        } else {
            v = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F); i += 4
        }
        return Unicode.Scalar(v).unsafelyUnwrapped
    }

    @inline(__always)
    static func encode(_ s: Unicode.Scalar, into out: UnsafeMutableBufferPointer<UInt8>, at i: inout Int) {
        let v = s.value
        if v < 0x80 {
            out[i] = UInt8(v); i += 1
        } else if v < 0x800 {
            out[i] = UInt8(0xC0 | (v >> 6)); out[i + 1] = UInt8(0x80 | (v & 0x3F)); i += 2
        } else if v < 0x10000 {
            out[i] = UInt8(0xE0 | (v >> 12)); out[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[i + 2] = UInt8(0x80 | (v & 0x3F)); i += 3
        } else {
            out[i] = UInt8(0xF0 | (v >> 18)); out[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            out[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[i + 3] = UInt8(0x80 | (v & 0x3F)); i += 4
        }
    }

    @inline(__always)
    static func forEachScalar(_ text: some StringProtocol, _ body: (Unicode.Scalar) -> Void) {
        withBytes(text) { p in
            var i = 0
            while i < p.count { body(decode(p, &i)) }
        }
    }

    /// Each scalar mapped (or dropped, for `nil`), where no mapped scalar is longer in UTF-8 than the
    /// one it replaces (true of every normalisation here). ASCII bytes, most of a line's, are only
    /// kept or dropped (`ascii`), without decoding.
    @inline(__always)
    /// The text with each ASCII byte kept or dropped and each other scalar mapped or dropped;
    /// with `limit`, only the first `limit` scalars that stay.
    static func transform(
        _ text: some StringProtocol, ascii keeps: (UInt8) -> Bool, scalar map: (Unicode.Scalar) -> Unicode.Scalar?, limit: Int = .max
    ) -> String {
        withBytes(text) { p in
            guard p.count > 0, limit > 0 else { return "" }
            // Up to its first change the text stays as it is: text without any change (most labels
            // and many lines) is cut from the text, not written and checked again.
            var same = 0, sameKept = 0
            while same < p.count, sameKept < limit {
                let b = p[same]
                if b < 0x80 {
                    guard keeps(b) else { break }
                    same += 1
                } else {
                    var next = same
                    let s = decode(p, &next)
                    guard map(s) == s else { break }
                    same = next
                }
                sameKept += 1
            }
            // (A string that stays whole is itself, not a copy.)
            if same == p.count, let whole = text as? String { return whole }
            if same == p.count || sameKept == limit { return piece(text, 0..<same) }
            let room = limit.multipliedReportingOverflow(by: 4)
            return String(unsafeUninitializedCapacity: room.overflow ? p.count : min(p.count, room.partialValue)) { out in
                var i = same, o = same, kept = sameKept
                if same > 0 { out.baseAddress!.update(from: p.baseAddress!, count: same) }
                while i < p.count, kept < limit {
                    let b = p[i]
                    if b < 0x80 {
                        if keeps(b) { out[o] = b; o += 1; kept += 1 }
                        i += 1
                        continue
                    }
                    var before = i
                    let s = decode(p, &i)
                    guard let m = map(s) else { continue }
                    kept += 1
                    if m == s {
                        while before < i { out[o] = p[before]; o += 1; before += 1 }
                    } else {
                        encode(m, into: out, at: &o)
                    }
                }
                return o
            }
        }
    }

    /// `hasCompatibilityIdeograph` of scalars already decoded: the same ranges as its byte test.
    static func hasCompatibilityIdeograph(scalars s: some Sequence<Unicode.Scalar>) -> Bool {
        s.contains { (0xF900...0xFAFF).contains($0.value) || (0x2F800...0x2FA3F).contains($0.value) }
    }

    /// Whether the text has a CJK compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F), as
    /// told on its bytes: EF A4–AB … or F0 AF A0–A8 …, which is U+F900–U+FAFF and U+2F800–U+2FA3F
    /// (a little past the last compatibility ideograph, U+2FA1D).
    static func hasCompatibilityIdeograph(_ text: some StringProtocol) -> Bool {
        withBytes(text) { p in
            guard p.count >= 3 else { return false }
            @inline(__always) func isAt(_ i: Int) -> Bool {
                guard i + 2 < p.count else { return false }
                let b = p[i]
                if b == 0xEF { return (0xA4...0xAB).contains(p[i + 1]) }
                return b == 0xF0 && p[i + 1] == 0xAF && (0xA0...0xA8).contains(p[i + 2])
            }
            // Eight bytes at a time: only bytes EF and F0 (and a few that `zeroBytes` flags with
            // them) are looked at.
            var i = 0
            while i + 8 <= p.count {
                let x = SWAR.load(p, at: i)
                var candidates = SWAR.zeroBytes(x ^ SWAR.repeating(0xEF)) | SWAR.zeroBytes(x ^ SWAR.repeating(0xF0))
                while candidates != 0 {
                    if isAt(i + candidates.trailingZeroBitCount / 8) { return true }
                    candidates &= candidates &- 1
                }
                i += 8
            }
            while i < p.count {
                if isAt(i) { return true }
                i += 1
            }
            return false
        }
    }

    /// The text without the scalars at either end that `drop` selects.
    @inline(__always)
    static func trimmed(_ text: some StringProtocol, where drop: (Unicode.Scalar) -> Bool) -> String {
        withBytes(text) { p in
            let kept = trimmedRange(p, 0..<p.count, where: drop)
            if kept.count == p.count, let whole = text as? String { return whole }
            return piece(text, kept)
        }
    }

    /// The text of a range of its UTF-8 bytes (on scalar boundaries), as a string. It is cut from
    /// the text, which is valid UTF-8 already, not decoded and checked again as `String(decoding:)`
    /// does: for Chinese text that costs four times as much as the copy.
    static func piece(_ text: some StringProtocol, _ range: Range<Int>) -> String {
        assert(withBytes(text) { p in
            (range.lowerBound == p.count || p[range.lowerBound] & 0xC0 != 0x80) && (range.upperBound == p.count || p[range.upperBound] & 0xC0 != 0x80)
        }, "a piece must start and end on scalar boundaries")
        if let string = text as? String { return piece(of: string, range) }
        if let substring = text as? Substring { return piece(of: substring, range) }
        return withBytes(text) { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    @inline(__always)
    private static func piece<S: StringProtocol>(of text: S, _ range: Range<Int>) -> String where S.SubSequence == Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return String(text[start..<utf8.index(start, offsetBy: range.count)])
    }

    /// The bytes of the scalars at `range` (scalar offsets, within the text).
    static func byteRange(ofScalars range: Range<Int>, in text: some StringProtocol) -> Range<Int> {
        withBytes(text) { p in
            var scalar = 0, i = 0, start = 0
            while i < p.count {
                if p[i] & 0xC0 != 0x80 {
                    if scalar == range.lowerBound { start = i }
                    if scalar == range.upperBound { return start..<i }
                    scalar += 1
                }
                i += 1
            }
            return (range.lowerBound == scalar ? p.count : start)..<p.count
        }
    }

    /// The bytes of `range` (whole UTF-8) without the scalars at either end that `drop` selects.
    @inline(__always)
    static func trimmedRange(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, where drop: (Unicode.Scalar) -> Bool) -> Range<Int> {
        var start = range.lowerBound
        while start < range.upperBound {
            var next = start
            guard drop(decode(p, &next)) else { break }
            start = next
        }
        var end = range.upperBound
        while end > start {
            var lead = end - 1
            while p[lead] & 0xC0 == 0x80 { lead -= 1 }
            var next = lead
            guard drop(decode(p, &next)) else { break }
            end = lead
        }
        return start..<end
    }
}

extension StringProtocol {
    /// The number of Unicode scalars, counted on the UTF-8 bytes (every byte that is not a
    /// continuation byte starts a scalar).
    public var scalarCount: Int {
        UTF8Text.withBytes(self) { p in
            var n = 0, i = 0
            // Eight bytes at a time: a byte starts a scalar unless its top bits are 10, so its
            // top bit is clear or the bit below it set.
            while i + 8 <= p.count {
                let x = SWAR.load(p, at: i)
                n += ((~x | (x << 1)) & SWAR.highs).nonzeroBitCount
                i += 8
            }
            while i < p.count {
                if p[i] & 0xC0 != 0x80 { n += 1 }
                i += 1
            }
            return n
        }
    }

    /// The Unicode scalars as an array.
    var scalarArray: [Unicode.Scalar] {
        UTF8Text.withBytes(self) { p in
            // (Written into room for a scalar a byte, not appended one by one.)
            [Unicode.Scalar](unsafeUninitializedCapacity: p.count) { out, count in
                var i = 0, n = 0
                while i < p.count {
                    out.initializeElement(at: n, to: UTF8Text.decode(p, &i))
                    n += 1
                }
                count = n
            }
        }
    }
}

extension ByteSearch {
    /// Where `needle` first occurs in `text`, as Foundation's `range(of:)` finds it (see above).
    static func range(of needle: String, in text: String) -> Range<String.Index>? {
        if UTF8Text.hasCompatibilityIdeograph(text) || UTF8Text.hasCompatibilityIdeograph(needle) { return text.range(of: needle) }
        guard let at = UTF8Text.withBytes(text, { h in UTF8Text.withBytes(needle) { n in index(of: n, in: h, from: 0) } }) else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: at)
        return start..<text.utf8.index(start, offsetBy: needle.utf8.count)
    }

    /// How many times the needles occur, added up, each counted without overlap (what
    /// `components(separatedBy:).count - 1` counts); the text is looked at for compatibility
    /// ideographs once, not once a needle.
    static func count(_ needles: [String], in text: String) -> Int {
        if UTF8Text.hasCompatibilityIdeograph(text) || needles.contains(where: UTF8Text.hasCompatibilityIdeograph) {
            return needles.reduce(0) { $0 + text.components(separatedBy: $1).count - 1 }
        }
        return UTF8Text.withBytes(text) { h in
            needles.reduce(0) { total, needle in total + UTF8Text.withBytes(needle) { occurrences(of: $0, in: h, index: index) } }
        }
    }

    /// How many times `index` finds `needle` in `haystack`, each search going on after the last
    /// occurrence: for bytes and for label scalars.
    static func occurrences<Element>(
        of needle: UnsafeBufferPointer<Element>, in haystack: UnsafeBufferPointer<Element>,
        index: (UnsafeBufferPointer<Element>, UnsafeBufferPointer<Element>, Int) -> Int?
    ) -> Int {
        var found = 0, from = 0
        while let at = index(needle, haystack, from) {
            found += 1
            from = at + needle.count
        }
        return found
    }

    /// The text with every occurrence of each word removed, the words taken in order (what
    /// `replacingOccurrences(of: word, with: "")` for each word in turn gives).
    static func removing(_ words: [String], from text: String) -> String {
        if UTF8Text.hasCompatibilityIdeograph(text) || words.contains(where: UTF8Text.hasCompatibilityIdeograph) {
            return words.reduce(text) { $0.replacingOccurrences(of: $1, with: "") }
        }
        var bytes = Array(text.utf8)
        var changed = false
        for word in words {
            // (A word that is not there leaves the bytes as they are: most are not.)
            guard let cut = bytes.withUnsafeBufferPointer({ h in UTF8Text.withBytes(word) { cutting($0, from: h, index: index) } }) else { continue }
            bytes = cut
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// `haystack` without the occurrences of `needle` that `index` finds (each search going on
    /// after the last occurrence), or `nil` if there is none: for bytes and for label scalars.
    static func cutting<Element>(
        _ needle: UnsafeBufferPointer<Element>, from haystack: UnsafeBufferPointer<Element>,
        index: (UnsafeBufferPointer<Element>, UnsafeBufferPointer<Element>, Int) -> Int?
    ) -> [Element]? {
        guard var at = index(needle, haystack, 0) else { return nil }
        var out: [Element] = []
        out.reserveCapacity(haystack.count)
        var start = 0
        while true {
            out.append(contentsOf: haystack[start..<at])
            start = at + needle.count
            guard let next = index(needle, haystack, start) else { break }
            at = next
        }
        out.append(contentsOf: haystack[start...])
        return out
    }
}

/// Substring search on scalars (label and title scalars already decoded).
enum ScalarSearch {
    /// Where `word` (not empty) next occurs in `s` at or after `from`.
    static func index(of word: UnsafeBufferPointer<Unicode.Scalar>, in s: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int? {
        guard !word.isEmpty, s.count >= word.count, from <= s.count - word.count else { return nil }
        for start in from...(s.count - word.count) where s[start] == word[0] {
            var k = 1
            while k < word.count, s[start + k] == word[k] { k += 1 }
            if k == word.count { return start }
        }
        return nil
    }
}

extension UTF8Text {
    /// The lines of a text, split at each line feed (a text ending in one has an empty last line).
    static func lines(_ text: String) -> [String] {
        pieces(text, separatedBy: "\n")
    }

    /// The text between occurrences of `separator`, empty pieces included.
    static func pieces(_ text: String, separatedBy separator: String) -> [String] {
        withBytes(text) { p in
            withBytes(separator) { sep in
                var pieces: [String] = []
                var start = 0
                while let at = ByteSearch.index(of: sep, in: p, from: start) {
                    pieces.append(piece(text, start..<at))
                    start = at + sep.count
                }
                pieces.append(piece(text, start..<p.count))
                return pieces
            }
        }
    }
}

/// Eight bytes at a time, in one 64-bit word ("SIMD within a register"), for the scans that look
/// at every byte of a text.
public enum SWAR {
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    public static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `i` (which has eight bytes after it), the first in the lowest byte.
    @inline(__always)
    public static func load(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    /// A word of eight copies of a byte.
    @inline(__always)
    public static func repeating(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

    /// The high bit of each byte of `x` that is zero, and possibly of a 0x01 byte above a zero
    /// byte (the borrow carries into it): a caller looks at such a byte for nothing, but never
    /// misses a zero byte.
    @inline(__always)
    public static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
}
