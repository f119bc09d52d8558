import Foundation
import Synchronization

/// Stable ASCII URL slugs from agency names: the toneless pinyin of each character, joined by
/// hyphens (`洛阳市司法局` → `luo-yang-shi-si-fa-ju`).
public enum Slug {
    public static func make(_ name: String) -> String {
        // ICU's transliterator is slow and a portal has far fewer agencies than reports.
        if let known = cache.withLock({ $0[name] }) { return known }
        let slug = transliterate(name)
        cache.withLock { $0[name] = slug }
        return slug
    }

    private static let cache = Mutex<[String: String]>([:])

    private static func transliterate(_ name: String) -> String {
        let latin = name.applyingTransform(.mandarinToLatin, reverse: false)?
            .applyingTransform(.stripDiacritics, reverse: false) ?? name
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
            let v = s.value
            return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || v == 0x3007
                || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "（）()".unicodeScalars.contains(s)
        }
    }
}
