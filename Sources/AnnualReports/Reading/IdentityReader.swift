import Foundation

/// Reads who published a report and for which year: the agency and reporting year from the title
/// (a line, a Markdown heading, a title split over lines, a metadata header, or the opening
/// sentence), and the publication date from the signature at the end.
enum IdentityReader {
    struct Identity: Sendable, Equatable {
        var agency: String?
        var year: Int?
        var published: String?
        /// The first and last line of the title.
        var titleLine: Int
        var titleEndLine: Int
    }

    /// Administrative-level characters a partial agency name starts with (`市司法局`).
    private static let levelPrefixes: Set<Unicode.Scalar> = ["市", "县", "区", "州", "旗", "盟", "镇", "乡", "省"]
    /// Characters that cannot start a place name: a verb or particle before the agency name.
    private static let notPlaceStart: Set<Unicode.Scalar> = Set("由在将对为经是与和及向据按各全本我该其于从把被给让以到至请经特现年".unicodeScalars)
    private static let reportWords = ["年度报告", "年报", "工作报告"]

    /// `given` says which of agency and year front matter already gives: the diagnostics about
    /// reading those from the text are then left out.
    static func read(
        _ lines: [SourceLine], metadataTitle: (String, Int)?, metadataDate: String?, file: String,
        given: (agency: Bool, year: Bool) = (false, false), diagnostics: inout [Diagnostic]
    ) -> Identity {
        var agencyDiagnostics: [Diagnostic] = []
        var yearDiagnostics: [Diagnostic] = []
        defer {
            if !given.agency { diagnostics += agencyDiagnostics }
            if !given.year { diagnostics += yearDiagnostics }
        }
        var identity = Identity(agency: nil, year: nil, published: nil, titleLine: lines.first?.number ?? 1, titleEndLine: lines.first?.number ?? 1)
        var fromSentence = false
        if let (title, line) = metadataTitle, let parsed = parseTitle(TextNormalization.compact(title)) {
            (identity.agency, identity.year, identity.titleLine) = (parsed.agency, parsed.year, line)
            identity.titleEndLine = (lines.first?.number ?? line + 1) - 1
        } else if let (parsed, first, last) = titleFromFirstLines(lines) {
            (identity.agency, identity.year, identity.titleLine, identity.titleEndLine) = (parsed.agency, parsed.year, first, last)
        } else if let (parsed, line) = titleFromOpeningSentence(lines) {
            (identity.agency, identity.year, identity.titleLine) = (parsed.agency, parsed.year, line)
            identity.titleEndLine = line - 1
            fromSentence = true
        }
        let location = SourceLocation(file: file, line: identity.titleLine)
        if let agency = identity.agency, fromSentence {
            agencyDiagnostics.append(Diagnostic(.note, "没有标题行；机关名称“\(agency)”取自开头的句子", at: location))
        }
        var partial: String?
        if let agency = identity.agency, let first = agency.unicodeScalars.first, levelPrefixes.contains(first) {
            let body = lines.filter { $0.number < identity.titleLine || $0.number > max(identity.titleLine, identity.titleEndLine) }
            if let full = completePartialAgency(agency, in: body) {
                agencyDiagnostics.append(Diagnostic(.note, "标题中的机关名称“\(agency)”不完整，按正文补全为“\(full)”", at: location))
                identity.agency = full
            } else {
                partial = agency
                identity.agency = nil
            }
        }
        if identity.agency == nil {
            let message = partial.map { "标题中的机关名称“\($0)”不完整，正文中也找不到全称" } ?? "无法从标题识别机关名称"
            agencyDiagnostics.append(Diagnostic(.error, message + "；请在文件开头加入前置信息，例如：--- / agency: 洛阳市司法局 / year: 2023 / ---", at: location))
        }
        let periodYear = statisticalPeriodYear(lines)
        if identity.year == nil, let y = periodYear {
            identity.year = y.year
            yearDiagnostics.append(Diagnostic(.note, "标题中没有年份；报告年度 \(y.year) 取自统计期限", at: SourceLocation(file: file, line: y.line)))
        } else if let year = identity.year, let y = periodYear, y.year != year {
            yearDiagnostics.append(Diagnostic(.warning, "标题年份 \(year) 与统计期限的年份 \(y.year) 不一致；采用标题年份，如有误请在前置信息中写明 year", at: SourceLocation(file: file, line: y.line)))
        }
        if identity.year == nil {
            yearDiagnostics.append(Diagnostic(.error, "无法识别报告年度；请在前置信息中写明 year: 年份", at: location))
        }
        identity.published = signatureDate(lines) ?? metadataDate.flatMap(DateText.isoDate(from:))
        return identity
    }

    struct ParsedTitle: Sendable, Equatable {
        var agency: String?
        var year: Int?
    }

    /// Agency and year from a compact title such as `洛阳市司法局2023年政府信息公开工作年度报告`
    /// or `2024年上海市科委政府信息公开工作年度报告`.
    static func parseTitle(_ compactTitle: String) -> ParsedTitle? {
        var s = Array(compactTitle.unicodeScalars.drop { $0 == "#" })
        for prefix in ["正文", "标题:"] where TextNormalization.string(s).hasPrefix(prefix) {
            s.removeFirst(prefix.scalarCount)
        }
        let text = TextNormalization.string(s)
        guard reportWords.contains(where: text.contains), text.contains("公开") else { return nil }
        var yearStart: Int?
        var i = 0
        while i + 4 < s.count {
            if (0..<4).allSatisfy({ TextNormalization.isDigit(s[i + $0]) }), s[i + 4] == "年", i == 0 || !TextNormalization.isDigit(s[i - 1]) {
                yearStart = i
                break
            }
            i += 1
        }
        guard let start = yearStart else {
            // No year: the agency is what stands before 政府信息公开.
            return ParsedTitle(agency: agencyBefore(text, markers: ["政府信息公开", "政务公开", "信息公开"]), year: nil)
        }
        let year = Int(TextNormalization.string(s[start..<(start + 4)]))
        var agency = clean(TextNormalization.string(s[..<start]))
        if agency == nil {
            var after = start + 5
            if after < s.count, s[after] == "度" { after += 1 }
            agency = agencyBefore(TextNormalization.string(s[after...]), markers: ["政府信息公开", "政务公开", "信息公开"])
        }
        return ParsedTitle(agency: agency, year: year)
    }

    private static func agencyBefore(_ text: String, markers: [String]) -> String? {
        for marker in markers {
            if let r = ByteSearch.range(of: marker, in: text) { return clean(String(text[..<r.lowerBound])) }
        }
        return nil
    }

    /// Trims punctuation and joining words from both ends of a candidate agency name.
    private static func clean(_ text: String) -> String? {
        var s = text.scalarArray
        let keep: (Unicode.Scalar) -> Bool = { TextNormalization.isHan($0) || $0.properties.isAlphabetic || TextNormalization.isDigit($0) || $0 == ")" || $0 == "）" }
        while let f = s.first, !keep(f) || f == ")" || f == "）" { s.removeFirst() }
        while let l = s.last, !keep(l) { s.removeLast() }
        var t = TextNormalization.string(s)
        for suffix in ["关于", "的"] where t.hasSuffix(suffix) { t.removeLast(suffix.count) }
        // An agency name is Chinese (with Latin letters or brackets at most): no digits, colons,
        // breadcrumbs (`首页>政务公开`) or page furniture (`【字体：大中小】`).
        let plausible = t.unicodeScalars.allSatisfy { TextNormalization.isHan($0) || ($0.isASCII && $0.properties.isAlphabetic) || "()（）·".unicodeScalars.contains($0) }
        return plausible && t.scalarCount >= 2 && t.scalarCount <= 60 ? t : nil
    }

    /// The title in the first non-empty lines, possibly split over two or three lines.
    private static func titleFromFirstLines(_ lines: [SourceLine]) -> (ParsedTitle, first: Int, last: Int)? {
        let candidates = lines.lazy.filter { !TextNormalization.trimmed($0.text).isEmpty }.prefix(5)
        let firstLines = Array(candidates)
        for start in firstLines.indices {
            var joined = ""
            for end in start..<min(start + 3, firstLines.count) {
                let compact = TextNormalization.compact(firstLines[end].text)
                if compact.scalarCount > 60 { break }
                joined += compact
                if reportWords.contains(where: joined.contains) {
                    // A line that is a whole title by itself wins over one joined with what stands
                    // above it (a date, a breadcrumb of a scraped page).
                    if end > start, let alone = parseTitle(compact), alone.agency != nil, alone.year != nil {
                        return (alone, firstLines[end].number, firstLines[end].number)
                    }
                    if let parsed = parseTitle(joined), parsed.agency != nil || parsed.year != nil {
                        return (parsed, firstLines[start].number, firstLines[end].number)
                    }
                    break
                }
            }
        }
        return nil
    }

    /// `…特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。` in the first lines.
    private static func titleFromOpeningSentence(_ lines: [SourceLine]) -> (ParsedTitle, Int)? {
        for line in lines.prefix(6) {
            let s = TextNormalization.compact(line.text).scalarArray
            var i = 0
            while i + 4 < s.count {
                if (0..<4).allSatisfy({ TextNormalization.isDigit(s[i + $0]) }), s[i + 4] == "年" {
                    let rest = TextNormalization.string(s[(i + 5)...].prefix(16))
                    if rest.hasPrefix("政府信息公开工作年度报告") || rest.hasPrefix("度政府信息公开工作年度报告") || rest.hasPrefix("政务公开工作年度报告") {
                        var start = i
                        while start > 0, TextNormalization.isHan(s[start - 1]) || s[start - 1] == "(" || s[start - 1] == ")" { start -= 1 }
                        var run = TextNormalization.string(s[start..<i])
                        for verb in ["编制", "公布", "发布", "现将", "印发", "报送", "制作", "形成"] {
                            if let r = run.range(of: verb, options: .backwards) { run = String(run[r.upperBound...]) }
                        }
                        let year = Int(TextNormalization.string(s[i..<(i + 4)]))
                        let agency = clean(run)
                        if agency != nil || year != nil { return (ParsedTitle(agency: agency, year: year), line.number) }
                    }
                }
                i += 1
            }
        }
        return nil
    }

    /// Completes `市司法局` to `洛阳市司法局` from the body: the place name that stands before it most often.
    static func completePartialAgency(_ partial: String, in lines: [SourceLine]) -> String? {
        let body = Array(lines.map { TextNormalization.compact($0.text) }.joined().unicodeScalars)
        let p = partial.scalarArray
        var prefixes: [[Unicode.Scalar]] = []
        var i = 0
        while i + p.count <= body.count {
            if body[i] == p[0], Array(body[i..<(i + p.count)]) == p {
                var start = i
                while start > 0, i - start < 4, TextNormalization.isHan(body[start - 1]) { start -= 1 }
                if i - start >= 2 { prefixes.append(Array(body[start..<i])) }
                i += p.count
            } else {
                i += 1
            }
        }
        guard !prefixes.isEmpty else { return nil }
        // The two characters right before the partial name, most frequent first.
        var counts: [String: Int] = [:]
        for prefix in prefixes { counts[TextNormalization.string(prefix.suffix(2)), default: 0] += 1 }
        // Words that stand before an agency name in a sentence but are no place name.
        let notPlaces: Set<String> = ["公布", "编制", "发布", "印发", "报送", "制作", "形成", "关于", "根据", "我们", "全市", "全县", "全区", "本级", "所属"]
        counts = counts.filter { !notPlaces.contains($0.key) }
        guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else { return nil }
        var name = best.scalarArray
        let sharing = prefixes.filter { TextNormalization.string($0.suffix(2)) == best }
        // Extend to the left while every occurrence agrees and the character can start a place name.
        for length in 3...4 {
            let chars = Set(sharing.map { $0.count >= length ? $0[$0.count - length] : "\u{0}" })
            guard chars.count == 1, let c = chars.first, c != "\u{0}", !notPlaceStart.contains(c) else { break }
            name.insert(c, at: 0)
        }
        while let f = name.first, notPlaceStart.contains(f), name.count > 2 { name.removeFirst() }
        guard let f = name.first, !notPlaceStart.contains(f) else { return nil }
        return TextNormalization.string(name) + partial
    }

    private static let tong = TextNormalization.hanBytes(of: "统")

    /// `本年度报告所列数据统计期限为 2023 年 1 月 1 日至…` gives 2023.
    private static func statisticalPeriodYear(_ lines: [SourceLine]) -> (year: Int, line: Int)? {
        for line in lines.prefix(80) where TextNormalization.mayHold(han: Self.tong, afterCompacting: line.text) {
            let s = TextNormalization.compact(line.text)
            guard s.contains("统计") else { continue }
            for key in ["统计期限", "统计时限", "统计周期", "统计时间", "统计区间"] {
                guard let r = ByteSearch.range(of: key, in: s) else { continue }
                let after = Array(s[r.upperBound...].unicodeScalars.prefix(12))
                var i = 0
                while i + 4 < after.count {
                    if (0..<4).allSatisfy({ TextNormalization.isDigit(after[i + $0]) }), after[i + 4] == "年" {
                        return (Int(TextNormalization.string(after[i..<(i + 4)]))!, line.number)
                    }
                    i += 1
                }
            }
        }
        return nil
    }

    /// The date on its own line among the last lines: the signature of the report.
    private static func signatureDate(_ lines: [SourceLine]) -> String? {
        let tail = lines.reversed().lazy.filter { !TextNormalization.trimmed($0.text).isEmpty }.prefix(4)
        for line in tail {
            // Brackets around the date dropped, scalar by scalar as `trimmingCharacters(in:)` does.
            let compact = UTF8Text.trimmed(TextNormalization.compact(line.text)) { $0 == "(" || $0 == ")" || $0 == "（" || $0 == "）" }
            guard compact.hasSuffix("日"), compact.scalarCount <= 12, let date = DateText.isoDate(from: compact) else { continue }
            return date
        }
        return nil
    }
}
