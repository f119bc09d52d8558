/// The YAML front matter a report file may start with, overriding what the reader infers.
///
/// ```
/// ---
/// agency: 洛阳市司法局
/// year: 2023
/// slug: luoyang-sifaju
/// region: {province: 河南省, city: 洛阳市}
/// published: 2024-01-15
/// sourceURL: https://sf.ly.gov.cn/…
/// ---
/// ```
///
/// Only this flat subset of YAML is accepted (scalars, quoted strings, one nested `region`
/// mapping). Anchors, aliases, tags and lists are refused with a diagnostic, so no front matter can
/// make the reader expand or loop.
public struct FrontMatter: Sendable, Equatable {
    public var agency: String?
    public var year: Int?
    public var slug: String?
    public var region: Region?
    public var published: String?
    public var sourceURL: String?

    public init() {}

    public static let keys = ["agency", "year", "slug", "region", "published", "sourceURL"]
}

extension FrontMatter {
    /// Splits front matter off the start of `lines`: returns it and the number of lines it used
    /// (0 when there is none).
    static func parse(_ lines: [String], file: String, diagnostics: inout [Diagnostic]) -> (FrontMatter?, consumed: Int) {
        guard let first = lines.first, TextNormalization.trimmed(first) == "---" else { return (nil, 0) }
        guard let close = lines.indices.dropFirst().first(where: { ["---", "..."].contains(TextNormalization.trimmed(lines[$0])) }) else {
            diagnostics.append(Diagnostic(.error, "前置信息（front matter）以 --- 开始，但没有结束的 --- 行；请在前置信息后加一行 ---", at: SourceLocation(file: file, line: 1)))
            return (nil, 0)
        }
        var matter = FrontMatter()
        var index = 1
        var seen: [String: Int] = [:]
        while index < close {
            let raw = lines[index]
            let lineNumber = index + 1
            index += 1
            let content = stripComment(raw)
            if TextNormalization.trimmed(content).isEmpty { continue }
            func problem(_ message: String) {
                diagnostics.append(Diagnostic(.warning, message, at: SourceLocation(file: file, line: lineNumber)))
            }
            if content.first == " " || content.first == "\t" {
                problem("前置信息第 \(lineNumber) 行有多余的缩进，已忽略；只有 region 之下的键可以缩进")
                continue
            }
            guard let colon = content.firstIndex(of: ":") else {
                problem("前置信息第 \(lineNumber) 行不是“键: 值”的形式，已忽略")
                continue
            }
            let key = TextNormalization.trimmed(content[..<colon])
            let rawValue = TextNormalization.trimmed(content[content.index(after: colon)...])
            guard FrontMatter.keys.contains(key) else {
                problem("前置信息中的键“\(TextNormalization.excerpt(key))”无法识别，已忽略；可用的键：\(FrontMatter.keys.joined(separator: "、"))")
                continue
            }
            if let first = seen[key] {
                diagnostics.append(Diagnostic(.error, "前置信息中的 \(key) 写了两次（第 \(first) 行和第 \(lineNumber) 行），不知道哪个是对的；已忽略第 \(lineNumber) 行，请删去其中一个", at: SourceLocation(file: file, line: lineNumber)))
                continue
            }
            seen[key] = lineNumber
            if key == "region" {
                var region = Region()
                if rawValue.hasPrefix("{") {
                    guard rawValue.hasSuffix("}") else { problem("region 的 {…} 没有闭合，已忽略"); continue }
                    for pair in rawValue.dropFirst().dropLast().split(separator: ",") {
                        let parts = pair.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2 else { problem("region 中“\(TextNormalization.excerpt(pair))”不是“键: 值”的形式，已忽略"); continue }
                        assign(TextNormalization.trimmed(parts[0]), String(parts[1]), to: &region, problem: problem)
                    }
                } else if rawValue.isEmpty {
                    while index < close, let first = lines[index].first, first == " " || first == "\t" {
                        let nested = stripComment(lines[index])
                        let nestedLine = index + 1
                        index += 1
                        guard let c = nested.firstIndex(of: ":") else {
                            diagnostics.append(Diagnostic(.warning, "前置信息第 \(nestedLine) 行不是“键: 值”的形式，已忽略", at: SourceLocation(file: file, line: nestedLine)))
                            continue
                        }
                        assign(TextNormalization.trimmed(nested[..<c]), String(nested[nested.index(after: c)...]), to: &region) { message in
                            diagnostics.append(Diagnostic(.warning, message, at: SourceLocation(file: file, line: nestedLine)))
                        }
                    }
                } else {
                    problem("region 应为 {province: 省, city: 市, county: 县} 的形式，已忽略")
                    continue
                }
                matter.region = region.isEmpty ? nil : region
                continue
            }
            guard let value = scalar(rawValue, problem: problem) else { continue }
            switch key {
            case "agency":
                if value.isEmpty { problem("agency 为空，已改用标题中的机关名称；请写明机关全称或删去这一行") } else { matter.agency = value }
            case "slug": matter.slug = value.isEmpty ? nil : value
            case "sourceURL": matter.sourceURL = value.isEmpty ? nil : value
            case "year":
                if let y = Int(value) { matter.year = y } else { problem("year 应为整数年份，例如 year: 2023；“\(TextNormalization.excerpt(value))”已忽略") }
            case "published":
                if let date = DateText.isoDate(from: value) { matter.published = date } else { problem("published 应为日期，例如 published: 2024-01-15；“\(TextNormalization.excerpt(value))”已忽略") }
            default: break
            }
        }
        return (matter, close + 1)
    }

    private static func assign(_ key: String, _ rawValue: String, to region: inout Region, problem: (String) -> Void) {
        guard let value = scalar(TextNormalization.trimmed(rawValue), problem: problem) else { return }
        let v = value.isEmpty || value == "null" || value == "~" ? nil : value
        switch key {
        case "province": region.province = v
        case "city": region.city = v
        case "county": region.county = v
        default: problem("region 中的键“\(TextNormalization.excerpt(key))”无法识别，可用的键：province、city、county")
        }
    }

    /// A plain or quoted YAML scalar; `nil` (with a diagnostic) for YAML features not accepted here.
    private static func scalar(_ text: String, problem: (String) -> Void) -> String? {
        guard let first = text.first else { return "" }
        switch first {
        case "\"":
            guard text.count >= 2, text.last == "\"" else { problem("引号没有闭合：\(text)"); return nil }
            var out = ""
            var characters = Array(text.dropFirst().dropLast())[...]
            while let c = characters.popFirst() {
                guard c == "\\", let e = characters.popFirst() else { out.append(c); continue }
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "u", "U":
                    let digits = e == "u" ? 4 : 8
                    let hex = String(characters.prefix(digits))
                    guard hex.count == digits, let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                        problem("无效的转义 \\\(e)\(hex)")
                        return nil
                    }
                    characters.removeFirst(digits)
                    out.unicodeScalars.append(scalar)
                default: out.append(e)
                }
            }
            return out
        case "'":
            guard text.count >= 2, text.last == "'" else { problem("引号没有闭合：\(text)"); return nil }
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        case "-" where text.count > 1 && text.dropFirst().first == " ":
            problem("前置信息只接受简单的值，不支持 YAML 列表：\(TextNormalization.excerpt(text))")
            return nil
        case "&", "*", "!", "[", "{", "|", ">":
            problem("前置信息只接受简单的值，不支持 YAML 的锚点、别名、标签、列表或多行文本：\(TextNormalization.excerpt(text))")
            return nil
        default:
            return text
        }
    }

    private static func stripComment(_ line: String) -> String {
        // A `#` starts a comment at the line start or after whitespace, outside quotes.
        var inSingle = false
        var inDouble = false
        var previous: Character = " "
        for (offset, c) in line.enumerated() {
            if c == "\"" && !inSingle { inDouble.toggle() }
            if c == "'" && !inDouble { inSingle.toggle() }
            if c == "#" && !inSingle && !inDouble && (previous == " " || previous == "\t" || offset == 0) {
                return String(line.prefix(offset))
            }
            previous = c
        }
        return line
    }
}
