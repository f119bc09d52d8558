/// Escaping for text from reports in HTML and XML: everything a report says reaches a page, the
/// sitemap or the feed only through here (or through Mustache's escaping, or cmark-gfm in safe mode).
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if isForbidden(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension HTML {
    /// Text with the characters that must never reach a page removed (controls other than tab and
    /// newline, bidi overrides, XML noncharacters), not escaped: for values Mustache escapes itself.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isForbidden(scalar) { out.append(scalar) }
        return String(out)
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && scalar != "\n" && scalar != "\t") || v == 0x7F || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0xFFFE || v == 0xFFFF
    }

    /// A template context with every string in it cleaned.
    static func clean(context value: Any) -> Any {
        switch value {
        case let s as String: return clean(s)
        case let d as [String: Any]: return d.mapValues { clean(context: $0) }
        case let a as [Any]: return a.map { clean(context: $0) }
        default: return value
        }
    }
}
