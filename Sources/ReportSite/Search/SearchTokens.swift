import AnnualReports
import Foundation

/// The words the search index holds for a text, made so that Chinese is found whatever the query's
/// segmentation: Pagefind segments Chinese with one dictionary when it indexes and with the
/// browser's `Intl.Segmenter` when it searches, and the two disagree, so that an unspaced query
/// such as 政府信息公开 can miss pages that contain it (Pagefind issue #1237). Here Chinese is not
/// segmented at all: every Han character is written as one ASCII word that names it and the
/// character after it (a bigram), and the search page (`theme/assets/search.js`, which makes the
/// same words from the query) looks the query's bigrams up as an exact phrase. A phrase of n
/// characters is then found exactly where its n−1 bigrams stand one after another.
///
/// - A Han character (U+3007 〇, U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF, U+20000–U+323AF)
///   followed by another is `q` and the two code points written with the letters `a`–`p` for hex
///   digits (a word of letters only: Pagefind splits words at some other characters): four
///   letters for a code point below U+10000, `z` and five above (so that no code is the start of
///   another): 政府 → `qgfdpfojm`. The last one of a run is `q` and its own code point
///   (`qfojm`), so that each character begins one word, and a one-character query finds every
///   place it stands by prefix.
/// - Kangxi and CJK radicals and compatibility ideographs, which text taken from PDF files has in
///   place of the ideographs they look like, are read as their NFKC form (⽇ U+2F47 as 日).
/// - Characters that are invisible by definition (soft hyphen, zero-width space and joiners,
///   bidirectional controls, variation selectors, byte-order mark) are skipped: they join what
///   stands either side of them, as on the page.
/// - ASCII letters and digits (full-width ones as ASCII, letters in lower case) are words of their
///   own, `x` and the word (`2023` → `x2023`): a prefix typed never finds a Han or filter word.
/// - Everything else separates words.
///
/// Filters (year, region, agency) are words too (`filterWord`, `zz…`): Pagefind's own filter index
/// is written in a different order on every run (its issue #638), and the site is byte-identical
/// from the same input.
enum SearchTokens {
    /// Whether the search index takes `v` as a Han character.
    static func isHan(_ v: UInt32) -> Bool {
        v == 0x3007 || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x323AF).contains(v)
    }

    /// Whether `v` is skipped: a default-ignorable character (invisible, joining its neighbours).
    static func isIgnorable(_ v: UInt32) -> Bool {
        v == 0xAD || v == 0x34F || v == 0x61C || (0x180B...0x180F).contains(v) || (0x200B...0x200F).contains(v)
            || (0x202A...0x202E).contains(v) || (0x2060...0x206F).contains(v) || (0xFE00...0xFE0F).contains(v) || v == 0xFEFF
            || (0xE0000...0xE0FFF).contains(v)
    }

    /// A radical or compatibility ideograph as its NFKC form, if that is one character; `v` otherwise.
    static func unified(_ v: UInt32) -> UInt32 {
        guard (0x2E80...0x2FDF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v),
              let scalar = Unicode.Scalar(v) else { return v }
        let normal = String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars
        return normal.count == 1 ? normal.first!.value : v
    }

    /// `v` as an ASCII letter or digit (full-width forms as ASCII, letters lower-cased), if it is one.
    static func asciiWordByte(_ v: UInt32) -> UInt8? {
        var v = v
        if (0xFF10...0xFF19).contains(v) || (0xFF21...0xFF3A).contains(v) || (0xFF41...0xFF5A).contains(v) { v -= 0xFEE0 }
        switch v {
        case 0x30...0x39, 0x61...0x7A: return UInt8(v)
        case 0x41...0x5A: return UInt8(v + 0x20)
        default: return nil
        }
    }

    /// What the index reads `v` as: `nil` for a character it skips (`isIgnorable`), a radical or
    /// compatibility ideograph as its ideograph (`unified`), any other as it is. (ASCII and the
    /// common ideographs, most of a report, are let through first.)
    @inline(__always) static func read(_ v: UInt32) -> UInt32? {
        if v < 0xAD || (0x4E00...0x9FFF).contains(v) { return v }
        return isIgnorable(v) ? nil : unified(v)
    }

    /// The last `digits` hex digits of `v`, written with the letters `a`–`p`.
    private static func appendHexLetters(_ v: UInt64, digits: Int, to out: inout [UInt8]) {
        for digit in (0..<digits).reversed() { out.append(UInt8(ascii: "a") &+ UInt8(truncatingIfNeeded: (v >> UInt64(4 * digit)) & 0xF)) }
    }

    /// A code point in hex letters: four below U+10000, `z` and five above.
    private static func appendCode(_ v: UInt32, to out: inout [UInt8]) {
        if v > 0xFFFF { out.append(UInt8(ascii: "z")) }
        appendHexLetters(UInt64(v), digits: v > 0xFFFF ? 5 : 4, to: &out)
    }

    /// Appends the words of `text` to `out`, each followed by a space.
    static func append(_ text: String, to out: inout [UInt8]) {
        var previousHan: UInt32?
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty {
                out.append(UInt8(ascii: "x"))
                out += word
                out.append(0x20)
                word.removeAll(keepingCapacity: true)
            }
        }
        func endHan(next: UInt32?) {
            guard let han = previousHan else { return }
            out.append(UInt8(ascii: "q"))
            appendCode(han, to: &out)
            if let next { appendCode(next, to: &out) }
            out.append(0x20)
            previousHan = nil
        }
        for scalar in text.unicodeScalars {
            guard let v = read(scalar.value) else { continue }
            if isHan(v) {
                endWord()
                endHan(next: v)
                previousHan = v
            } else {
                endHan(next: nil)
                if let byte = asciiWordByte(v) { word.append(byte) } else { endWord() }
            }
        }
        endHan(next: nil)
        endWord()
    }

    /// `text` as the index reads it (`read`), as the search page's snippets look in it for the
    /// words of a query: most text is returned as it is.
    static func normalized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { read($0.value) != $0.value }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard let v = read(scalar.value) else { continue }
            scalars.append(v == scalar.value ? scalar : Unicode.Scalar(v)!)
        }
        return String(scalars)
    }

    /// The words of `text`, separated by spaces.
    static func words(_ text: String) -> String {
        var out: [UInt8] = []
        append(text, to: &out)
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// What a filter is for: the word is made from the kind and the value.
    enum FilterKind: String {
        case year = "y"
        /// A region, as its levels joined with `/` (河南省, 河南省/洛阳市, 河南省/洛阳市/伊川县).
        case region = "r"
        /// An agency, by its slug.
        case agency = "a"
    }

    /// The word that marks a page as having `value` for a filter: `zz`, the kind's letter, and 16
    /// letters of the value's fingerprint (a fixed length: Pagefind matches words by prefix).
    static func filterWord(_ kind: FilterKind, _ value: String) -> String {
        var h = Fingerprint.Hasher()
        h.combine(kind.rawValue)
        h.combine(value)
        var out = Array("zz\(kind.rawValue)".utf8)
        appendHexLetters(h.value.low, digits: 16, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The region filter's values for a region: each level with those above it.
    static func regionValues(_ region: Region?) -> [String] {
        guard let region else { return [] }
        var values: [String] = []
        var path: [String] = []
        for level in [region.province, region.city, region.county] {
            guard let level else { break }
            path.append(level)
            values.append(path.joined(separator: "/"))
        }
        return values
    }
}
