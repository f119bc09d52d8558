import AnnualReports

/// The words the search index holds for a text, made so that Chinese is found whatever the query's
/// segmentation: Pagefind segments Chinese with one dictionary when it indexes and with the
/// browser's `Intl.Segmenter` when it searches, and the two disagree, so that an unspaced query
/// such as 政府信息公开 can miss pages that contain it (Pagefind issue #1237). Here Chinese is not
/// segmented at all: every Han character is written as one ASCII word that names it and the
/// character after it (a bigram), and the search page (`theme/assets/search.js`, which makes the
/// same words from the query) looks the query's bigrams up as an exact phrase. A phrase of n
/// characters is then found exactly where its n−1 bigrams stand one after another.
///
/// - A Han character (U+3007 〇, U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF) followed by another
///   is `q` and the two code points in hex, written with the letters `a`–`p` (a word of letters
///   only: Pagefind splits words at some other characters): 政府 → `qgfdpfjmc`. The last one of a
///   run is `q` and its own code point (`qfjmc`), so that each character begins one word, and a
///   one-character query finds every place it stands by prefix.
/// - ASCII letters and digits (full-width ones as ASCII, letters in lower case) are words as
///   they are: `2023`, `gb`.
/// - Everything else separates words.
///
/// Filters (year, region, agency) are words too (`filterWord`): Pagefind's own filter index is
/// written in a different order on every run (its issue #638), and the site is byte-identical from
/// the same input.
enum SearchTokens {
    /// Whether the search index takes `v` as a Han character.
    static func isHan(_ v: UInt32) -> Bool {
        v == 0x3007 || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
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

    private static let letters = Array("abcdefghijklmnop".utf8)

    /// `v`'s four hex digits as the letters `a`–`p`.
    private static func appendCode(_ v: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 12, through: 0, by: -4) { out.append(letters[Int((v >> UInt32(shift)) & 0xF)]) }
    }

    /// Appends the words of `text` to `out`, each followed by a space.
    static func append(_ text: String, to out: inout [UInt8]) {
        var previousHan: UInt32?
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty { out += word; out.append(0x20); word.removeAll(keepingCapacity: true) }
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
            let v = scalar.value
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
        let v = h.value.low
        var out = Array("zz\(kind.rawValue)".utf8)
        for shift in stride(from: 60, through: 0, by: -4) { out.append(letters[Int((v >> UInt64(shift)) & 0xF)]) }
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
