import Foundation

/// Stable ASCII URL slugs from agency names: the toneless pinyin of each character, joined by
/// hyphens (`洛阳市司法局` → `luo-yang-shi-si-fa-ju`).
public enum Slug {
    public static func make(_ name: String) -> String {
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

    /// Whether a slug given in front matter is usable as one URL path segment.
    public static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && slug.count <= 80 && slug.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || TextNormalization.isDigit($0) || $0 == "-" || $0 == "_")
        } && slug.first != "-" && slug.first != "_"
    }
}
