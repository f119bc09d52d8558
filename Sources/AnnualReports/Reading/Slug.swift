import Foundation
import Synchronization

/// Stable ASCII URL slugs from agency names: the toneless pinyin of each character, joined by
/// hyphens (`洛阳市司法局` → `luo-yang-shi-si-fa-ju`).
public enum Slug {
    public static func make(_ name: String) -> String {
        // ICU's transliterator is slow and a portal has far fewer agencies than reports.
        if let known = cache.withLock({ $0[name] }) { return known }
        let slug = byCharacter(name).map(slug(fromWords:)) ?? wholeNameSlug(name)
        cache.withLock { $0[name] = slug }
        return slug
    }

    /// Makes the slugs of many names at once. ICU makes a transliterator on every call and costs
    /// some 25 µs a character, so it is given each character that names of plain Han characters
    /// hold once, whatever the number of names (a portal's thousands of names have a few hundred
    /// characters), and the other names joined, a few calls in all, one piece to each.
    public static func prepare(_ names: some Sequence<String>) {
        let missing = Array(Set(names.filter { name in !name.contains("\n") && cache.withLock { $0[name] == nil } })).sorted()
        guard missing.count > 1 else { return }
        warmUp()
        let plain = missing.filter(isPlainHan)
        let newCharacters = Array(Set(plain.flatMap(\.unicodeScalars)).filter { s in characterWords.withLock { $0[s] == nil } }).sorted { $0.value < $1.value }
        transliterateCharacters(newCharacters)
        let others = missing.filter { !isPlainHan($0) }
        let otherSlugs = transliterateNames(others)
        cache.withLock { cache in
            for name in plain { if let slug = byCharacter(name).map(slug(fromWords:)) { cache[name] = slug } }
            if let otherSlugs { for (name, slug) in zip(others, otherSlugs) { cache[name] = slug } }
        }
    }

    private static let cache = Mutex<[String: String]>([:])

    /// The pinyin words of each Han character transliterated so far.
    private static let characterWords = Mutex<[Unicode.Scalar: [String]]>([:])

    /// Whether a name is Han characters of U+4E00–U+9FFF and brackets only. ICU's Han-Latin gives
    /// each such character its own syllable whatever stands next to it, so the name's words are its
    /// characters' words in turn (tested on thousands of names, `slugOfPlainHanNamesIsTheirCharacters`).
    /// Not so for 〇 (`〇〇` is one word, `lingling`), nor next to Latin letters or digits: names
    /// with any other character are transliterated whole.
    static func isPlainHan(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { s in
            (0x4E00...0x9FFF).contains(s.value) || s == "（" || s == "）" || s == "(" || s == ")"
        }
    }

    /// The words of a plain Han name from its characters' words, if every character is known.
    private static func byCharacter(_ name: String) -> [String]? {
        guard isPlainHan(name) else { return nil }
        return characterWords.withLock { known in
            var words: [String] = []
            for s in name.unicodeScalars where s.value >= 0x4E00 {
                guard let w = known[s] else { return nil }
                words += w
            }
            return words
        }
    }

    /// Transliterates characters (joined by line feeds, in up to 16 pieces on every core) into
    /// `characterWords`.
    private static func transliterateCharacters(_ characters: [Unicode.Scalar]) {
        guard !characters.isEmpty else { return }
        let texts = characters.map { String($0) }
        guard let words = transliterateNames(texts, finish: { $0 }) else { return }
        characterWords.withLock { known in
            for (s, w) in zip(characters, words) { known[s] = w }
        }
    }

    /// The slugs of names, transliterated joined by line feeds in up to 16 pieces on every core
    /// (each piece's own transliterator is cheap once ICU has compiled them); `nil` if the lines
    /// came back otherwise than one a name.
    private static func transliterateNames(_ names: [String]) -> [String]? {
        transliterateNames(names, finish: slug(fromWords:))
    }

    private static func transliterateNames<T: Sendable>(_ names: [String], finish: @escaping @Sendable ([String]) -> T) -> [T]? {
        guard !names.isEmpty else { return [] }
        let pieces = Swift.min(names.count, 16)
        let results: [[T]?] = Parallel.map(pieces) { p in
            let piece = names[(p * names.count / pieces)..<((p + 1) * names.count / pieces)]
            let lines = latin(piece.joined(separator: "\n")).split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count == piece.count ? lines.map { finish(words(fromLatin: String($0))) } : nil
        }
        guard results.allSatisfy({ $0 != nil }) else { return nil }
        return results.flatMap { $0! }
    }

    /// Has ICU compile its transliterators, which it keeps: the first transliteration in a process
    /// costs some 90 ms, later ones a fraction of a millisecond. A build calls this from a worker
    /// as soon as it reads a report, so that the compiling is done while the other workers read,
    /// not afterwards in `prepare`. Only the first call does anything; the others return at once.
    public static func warmUp() {
        guard !warming.exchange(true, ordering: .relaxed) else { return }
        _ = latin("中")
    }

    private static let warming = Atomic<Bool>(false)

    /// The slug of a name transliterated whole, cached nowhere: what `make` and `prepare` must
    /// give for every name, however they come by it.
    static func wholeNameSlug(_ name: String) -> String {
        slug(fromWords: words(fromLatin: latin(name)))
    }

    private static func latin(_ text: String) -> String {
        text.applyingTransform(.mandarinToLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? text
    }

    /// The runs of ASCII letters and digits of transliterated text, lowercased.
    private static func words(fromLatin latin: String) -> [String] {
        var words: [String] = []
        var current = ""
        for s in latin.lowercased().unicodeScalars {
            if s.isASCII && (s.properties.isAlphabetic || TextNormalization.isDigit(s)) {
                current.unicodeScalars.append(s)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func slug(fromWords words: [String]) -> String {
        var slug = String(words.joined(separator: "-").prefix(80))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "agency" : slug
    }

    /// Whether a slug given in front matter is usable as one URL path segment, the same on a file
    /// system that ignores case: lowercase ASCII letters, digits, `-` and `_`.
    public static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && slug.count <= 80 && slug.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        } && slug.first != "-" && slug.first != "_"
    }

    /// Whether the slug says the whole name: only Han characters, ASCII letters and digits, and
    /// brackets. Other characters (`/`, `..`, spaces) are lost in the slug, so such a name gets a
    /// suffix of its own and can never take the slug of a plainly written name.
    public static func isFaithful(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { s in
            TextNormalization.isHan(s) || s == "〇" || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
                || "（）()".unicodeScalars.contains(s)
        }
    }
}
