/// The header that web-page scrapes put before the report text:
///
/// ```
/// 标题: 平潭综合实验区2024年度政府信息公开工作年度报告
/// 发布时间: 2025-03-10 15:35
/// 原文链接: https://www.pingtan.gov.cn/…
/// ==================== 正文 ====================
/// ```
struct MetadataHeader: Sendable {
    /// The title and its line number.
    var title: (String, Int)?
    var published: String?
    var url: String?


    /// Removes a metadata header from the front of `lines` and returns it, if there is one.
    static func split(_ lines: inout [SourceLine]) -> MetadataHeader? {
        let head = lines.prefix(40)
        guard let firstContent = head.first(where: { !TextNormalization.trimmed($0.text).isEmpty }),
              let key = keyValue(firstContent.text)?.key, ["标题", "题目", "title"].contains(key)
        else { return nil }
        var header = MetadataHeader()
        var end: Int?
        for (index, line) in head.enumerated() {
            let compact = TextNormalization.compact(line.text)
            if compact.hasPrefix("==") && compact.contains("正文") {
                end = index + 1
                break
            }
            guard let (key, value) = keyValue(line.text) else { continue }
            switch key {
            case "标题", "题目", "title": header.title = (value, line.number)
            case "发布时间", "发布日期", "日期": header.published = value
            case "原文链接", "链接", "url", "来源": if value.hasPrefix("http") { header.url = value }
            default: break
            }
        }
        guard let end else { return nil }
        lines.removeFirst(end)
        return header
    }

    private static func keyValue(_ line: String) -> (key: String, value: String)? {
        let folded = TextNormalization.folded(line)
        // (By scalars: finding a character would find every grapheme boundary of the line first.)
        guard let colon = folded.unicodeScalars.firstIndex(of: ":") else { return nil }
        let key = TextNormalization.trimmed(folded[..<colon])
        guard !key.isEmpty, key.count <= 6 else { return nil }
        return (key, TextNormalization.trimmed(folded[folded.index(after: colon)...]))
    }
}
