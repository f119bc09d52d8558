/// Finds the six standard sections by their titles, whatever their numerals, Markdown heading
/// levels or line layout.
///
/// A heading is a section title at the start of a line (after `#`s and a numeral such as `一、`), or,
/// in text scraped from a web page where everything runs together, a numeral `X、` followed by a
/// section title in the middle of a line. Sections are looked for in order, each after the one before.
enum SectionFinder {
    struct Heading: Sendable, Equatable {
        var number: Int
        /// The title as written, without numeral, in compact form.
        var title: String
        /// Where the heading (numeral included) starts.
        var start: TextPosition
        /// Where the section's body starts, right after the title.
        var bodyStart: TextPosition
    }

    struct Rule {
        /// Every group must have one keyword in the title.
        let keywords: [[String]]
        let endings: [String]
        /// The same, as scalars: a title of plain scalars is matched on its scalars.
        let keywordScalars: [[[Unicode.Scalar]]]
        let endingScalars: [[Unicode.Scalar]]

        init(keywords: [[String]], endings: [String]) {
            self.keywords = keywords
            self.endings = endings
            keywordScalars = keywords.map { $0.map { Array($0.unicodeScalars) } }
            endingScalars = endings.map { Array($0.unicodeScalars) }
        }

        /// Whether a title of plain scalars (`TextNormalization.isPlainScalar`) ends with an
        /// ending and has a keyword of every group: for such scalars, comparing them is comparing
        /// the strings.
        func matches(plain title: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
            endingScalars.contains { title.count >= $0.count && title[(title.count - $0.count)...].elementsEqual($0) }
                && keywordScalars.allSatisfy { group in group.contains { Self.contains(title, $0) } }
        }

        /// (An empty word is in no title, as `String.contains` has it here.)
        private static func contains(_ title: UnsafeBufferPointer<Unicode.Scalar>, _ word: [Unicode.Scalar]) -> Bool {
            word.withUnsafeBufferPointer { ScalarSearch.index(of: $0, in: title, from: 0) != nil }
        }
    }

    static let rules: [Rule] = [
        Rule(keywords: [["总体情况", "基本情况", "概述"]], endings: ["情况", "概述"]),
        Rule(keywords: [["主动公开"], ["政府信息"]], endings: ["情况"]),
        Rule(keywords: [["收到"], ["申请"]], endings: ["情况"]),
        Rule(keywords: [["复议"], ["诉讼"]], endings: ["情况"]),
        Rule(keywords: [["问题"]], endings: ["情况", "措施", "问题", "方向"]),
        Rule(keywords: [["其他需要报告", "其他需报告", "其他需要说明"]], endings: ["事项", "情况"]),
    ]

    static let maxTitleLength = 34

    /// For each rule, the last characters of its endings: a title can only end with one of them.
    private static let endingLasts: [[Unicode.Scalar]] = rules.map { rule in
        Array(Set(rule.endings.compactMap { $0.unicodeScalars.last })).sorted()
    }

    /// `prefilter: false` (here and in `restart`) decodes every line that holds a keyword's first
    /// character, to test that `mayHoldHeading` passes over no line that holds a heading.
    static func find(in lines: [SourceLine], prefilter: Bool = true) -> [Heading?] {
        var result: [Heading?] = Array(repeating: nil, count: 6)
        var position = TextPosition(line: 0, offset: 0)
        var decoded = DecodedLine()
        for number in 1...6 {
            if let heading = search(number, in: lines, from: position, prefilter: prefilter, decoded: &decoded) {
                result[number - 1] = heading
                position = heading.bodyStart
            }
        }
        return result
    }

    /// Where the report starts over after its last section, as when a report was pasted twice or
    /// a second report follows in the same file: the headings of sections one, two and three found
    /// again, in order. Returns the start of the repeated first heading.
    ///
    /// Only headings that begin a line count: a sentence of section six that lists the sections
    /// (`分为一、总体情况，二、……`) is prose, not a second report.
    static func restart(in lines: [SourceLine], after position: TextPosition, prefilter: Bool = true) -> TextPosition? {
        var decoded = DecodedLine()
        func atLineStart(_ number: Int, from start: TextPosition) -> Heading? {
            var from = start
            while let heading = search(number, in: lines, from: from, prefilter: prefilter, decoded: &decoded) {
                if onlyWhitespace(decoded.scalars(of: lines, heading.start.line).prefix(heading.start.offset)) { return heading }
                from = heading.bodyStart
            }
            return nil
        }
        guard let first = atLineStart(1, from: position),
              let second = atLineStart(2, from: first.bodyStart),
              atLineStart(3, from: second.bodyStart) != nil else { return nil }
        return first.start
    }

    /// For each rule, the first characters of the keywords of its first group: a line without
    /// any of them cannot hold that section's title, and is passed over without a closer look.
    /// (As UTF-8: a line is first searched for their bytes, and decoded only where one is.)
    private static let keyStarts: [[[UInt8]]] = rules.map { rule in
        Array(Set(rule.keywords[0].compactMap { $0.unicodeScalars.first })).sorted().map { Array(String($0).utf8) }
    }

    /// The scalars of the line a search decoded last: the next search, which starts where the
    /// last heading ends, often looks at the same line (text scraped from a web page may be a
    /// few long lines, each holding several headings).
    struct DecodedLine {
        var index = -1
        var scalars: [Unicode.Scalar] = []

        mutating func scalars(of lines: [SourceLine], _ index: Int) -> [Unicode.Scalar] {
            if index != self.index {
                self.index = index
                scalars = lines[index].scalars
            }
            return scalars
        }
    }

    private static func search(_ number: Int, in lines: [SourceLine], from position: TextPosition, prefilter: Bool, decoded: inout DecodedLine) -> Heading? {
        guard position.line < lines.count else { return nil }
        let starts = keyStarts[number - 1]
        for index in position.line..<lines.count {
            guard starts.contains(where: { UTF8Text.contains($0, in: lines[index].text) }) else { continue }
            let minOffset = index == position.line ? position.offset : 0
            if prefilter && minOffset == 0 && !mayHoldHeading(lines[index].text) { continue }
            let scalars = decoded.scalars(of: lines, index)
            if minOffset == 0 || (index == position.line && onlyWhitespace(scalars[..<min(minOffset, scalars.count)])),
               let heading = lineStartHeading(number, scalars, line: index) {
                return heading
            }
            var j = max(minOffset, 1)
            while j + 1 < scalars.count {
                if TextNormalization.isChineseNumeral(scalars[j]), scalars[j + 1] == "、",
                   !TextNormalization.isChineseNumeral(scalars[j - 1]),
                   let (title, end) = titleMatch(number, scalars, from: j + 2) {
                    return Heading(number: number, title: title, start: TextPosition(line: index, offset: j), bodyStart: TextPosition(line: index, offset: end))
                }
                j += 1
            }
        }
        return nil
    }

    /// Whether a line may hold a heading, by its bytes: a Chinese numeral before `、` (`二、`, at
    /// its start or in the middle); `#`, 第, or numerals or digits and then `numberPunctuation`
    /// where it starts; or, at its end, a character a title ends with, before nothing but what
    /// may follow a title alone on its line. Most lines of prose are none of these, and are not
    /// decoded. (Each test mirrors one way `lineStartHeading` or `search` finds a heading.)
    private static func mayHoldHeading(_ text: String) -> Bool {
        UTF8Text.withBytes(text) { p in
            var i = 0, numerals = 0
            while i < p.count {
                let s = UTF8Text.decode(p, &i)
                if TextNormalization.isChineseNumeral(s) || TextNormalization.isDigit(s) {
                    numerals += 1
                } else if numerals > 0 {
                    if isNumberPunctuation(s) { return true }
                    break
                } else if !TextNormalization.isWhitespace(s) {
                    if s == "#" || s == "第" { return true }
                    break
                }
            }
            // Every Chinese numeral is three bytes.
            let listed = Self.enumerationComma.withUnsafeBufferPointer { comma in
                var from = 3
                while let k = ByteSearch.index(of: comma, in: p, from: from) {
                    if isNumeral(p, at: k - 3) { return true }
                    from = k + comma.count
                }
                return false
            }
            return listed || mayEndTitle(p)
        }
    }

    /// Whether the last scalar before any `mayFollowTitle` ones is the last character of an
    /// ending (as `titleMatch` compares it: a compatibility ideograph as the one it stands for).
    private static func mayEndTitle(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = p.count
        while end > 0 {
            // The start of the last scalar.
            var start = end - 1
            while start > 0, p[start] & 0xC0 == 0x80 { start -= 1 }
            var at = start
            let s = UTF8Text.decode(p, &at)
            guard mayFollowTitle(s) else { return titleEndings.contains(TextNormalization.canonical(s)) }
            end = start
        }
        return false
    }

    private static let enumerationComma = Array("、".utf8)

    /// The last characters of every rule's endings.
    private static let titleEndings = Set(endingLasts.joined())

    /// Whether a Chinese numeral starts at byte `at` (its three bytes run up to `at + 3`).
    private static func isNumeral(_ p: UnsafeBufferPointer<UInt8>, at: Int) -> Bool {
        guard p[at] >= 0xE0 && p[at] < 0xF0 else { return false }
        var i = at
        return TextNormalization.isChineseNumeral(UTF8Text.decode(p, &i))
    }

    private static func onlyWhitespace(_ s: ArraySlice<Unicode.Scalar>) -> Bool { s.allSatisfy(TextNormalization.isWhitespace) }

    private static func lineStartHeading(_ number: Int, _ scalars: [Unicode.Scalar], line: Int) -> Heading? {
        var i = 0
        while i < scalars.count, TextNormalization.isWhitespace(scalars[i]) { i += 1 }
        let start = i
        var isMarkdownHeading = false
        while i < scalars.count, scalars[i] == "#" { i += 1; isMarkdownHeading = true }
        while i < scalars.count, TextNormalization.isWhitespace(scalars[i]) { i += 1 }
        var hasNumeral = false
        var k = i
        while k < scalars.count, TextNormalization.isChineseNumeral(scalars[k]) || TextNormalization.isDigit(scalars[k]) { k += 1 }
        if k > i, k < scalars.count, isNumberPunctuation(scalars[k]) {
            hasNumeral = true
            i = k + 1
        } else if i < scalars.count, scalars[i] == "第" {
            var m = i + 1
            while m < scalars.count, TextNormalization.isChineseNumeral(scalars[m]) { m += 1 }
            if m > i + 1, m + 1 < scalars.count, scalars[m] == "部", scalars[m + 1] == "分" {
                hasNumeral = true
                i = m + 2
                while i < scalars.count, "、:：. ".unicodeScalars.contains(TextNormalization.halfWidth(scalars[i])) { i += 1 }
            }
        }
        while i < scalars.count, TextNormalization.isWhitespace(scalars[i]) { i += 1 }
        guard let (title, end) = titleMatch(number, scalars, from: i) else { return nil }
        if !hasNumeral && !isMarkdownHeading {
            // A bare title counts only when it is the whole line.
            guard scalars[end...].allSatisfy(mayFollowTitle) else { return nil }
        }
        return Heading(number: number, title: title, start: TextPosition(line: line, offset: start), bodyStart: TextPosition(line: line, offset: end))
    }

    /// What may follow a title alone on its line.
    private static func mayFollowTitle(_ s: Unicode.Scalar) -> Bool { TextNormalization.isWhitespace(s) || "：:。.".unicodeScalars.contains(s) }

    /// The punctuation after the numeral of a numbered heading (`二、`, `2.`, `一：`).
    private static func isNumberPunctuation(_ s: Unicode.Scalar) -> Bool { "、.．,，:：".unicodeScalars.contains(s) }

    /// Punctuation a title never runs across.
    private static func isTitleStop(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "，", ",", "。", "；", ";", "：", ":", "（", "(": true
        default: false
        }
    }

    /// The title for section `number` starting at `from`: returns it (compact) and the offset just
    /// past it, or `nil`. The shortest title is extended to a longer one (`存在的主要问题` →
    /// `存在的主要问题及改进情况`) only through text without digits or punctuation.
    private static func titleMatch(_ number: Int, _ scalars: [Unicode.Scalar], from: Int) -> (String, Int)? {
        // (The title's scalars go into room on the stack: this runs for every line that may hold
        // a heading, and most hold none.)
        withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: maxTitleLength) { room in
            let rule = rules[number - 1]
            var length = 0
            var best: (String, Int)?
            var bestLength = 0
            var allPlain = true
            var i = from
            while i < scalars.count, length < maxTitleLength {
                let s = TextNormalization.halfWidth(scalars[i])
                i += 1
                if TextNormalization.isWhitespace(s) || TextNormalization.isQuote(s) { continue }
                if isTitleStop(s) || (best != nil && TextNormalization.isDigit(s)) { break }
                // A longer title only adds a short tail such as 及改进情况, never a second title.
                if best != nil && length - bestLength >= 8 { break }
                room[length] = s
                length += 1
                allPlain = allPlain && TextNormalization.isPlainScalar(s)
                guard endingLasts[number - 1].contains(TextNormalization.canonical(s)) else { continue }
                let title = UnsafeBufferPointer(rebasing: room[..<length])
                // (A title of plain scalars is matched on them, and made a string only if it matches.)
                if allPlain && !rule.matches(plain: title) { continue }
                let text = TextNormalization.string(title)
                guard allPlain || (rule.endings.contains(where: { text.hasSuffix($0) }) && rule.keywords.allSatisfy({ group in group.contains { text.contains($0) } })) else { continue }
                if let (previous, _) = best {
                    let tail = String(text.dropFirst(previous.count))
                    if rule.keywords.contains(where: { group in group.contains { tail.contains($0) } }) { break }
                }
                best = (text, i)
                bestLength = length
            }
            return best
        }
    }
}
