import Foundation
import Synchronization

/// Stable ASCII URL slugs from agency names: the toneless pinyin of each character, joined by
/// hyphens (`洛阳市司法局` → `luo-yang-shi-si-fa-ju`).
public enum Slug {
    public static func make(_ name: String) -> String {
        // ICU's transliterator is slow and a portal has far fewer agencies than reports.
        if let known = cache.withLock({ $0[name] }) { return known }
        let slug = slug(fromLatin: latin(name))
        cache.withLock { $0[name] = slug }
        return slug
    }

    /// Makes the slugs of many names at once: ICU makes a transliterator on every call, so the
    /// names go through it joined, a few calls in all, one piece of the names to each. (Han-Latin
    /// works character by character; the joined result is the names' own results, line by line.)
    public static func prepare(_ names: some Sequence<String>) {
        let missing = Array(Set(names.filter { name in !name.contains("\n") && cache.withLock { $0[name] == nil } })).sorted()
        guard missing.count > 1 else { return }
        // In pieces on every core: transliterating costs some 25 µs a character (0.4 s for 1,400
        // agency names), and each piece's own transliterator is cheap once ICU has compiled them.
        warmUp()
        let pieces = Swift.min(missing.count, 16)
        let slugs: [[String]?] = Parallel.map(pieces) { p in
            let names = missing[(p * missing.count / pieces)..<((p + 1) * missing.count / pieces)]
            let lines = latin(names.joined(separator: "\n")).split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count == names.count ? lines.map { slug(fromLatin: String($0)) } : nil
        }
        guard slugs.allSatisfy({ $0 != nil }) else { return }
        cache.withLock { cache in
            for (name, slug) in zip(missing, slugs.flatMap { $0! }) { cache[name] = slug }
        }
    }

    private static let cache = Mutex<[String: String]>([:])

    /// Has ICU compile its transliterators, which it keeps: the first transliteration in a process
    /// costs some 90 ms, later ones a fraction of a millisecond. A build calls this from a worker
    /// as soon as it reads a report, so that the compiling is done while the other workers read,
    /// not afterwards in `prepare`. Only the first call does anything; the others return at once.
    public static func warmUp() {
        guard !warming.exchange(true, ordering: .relaxed) else { return }
        _ = latin("中")
    }

    private static let warming = Atomic<Bool>(false)

    private static func latin(_ text: String) -> String {
        text.applyingTransform(.mandarinToLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? text
    }

    private static func slug(fromLatin latin: String) -> String {
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
