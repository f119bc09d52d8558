/// Turns the lines of a section's narrative into Markdown: PDF hard wraps re-flowed into
/// paragraphs, （一）-style sub-headings kept as headings, page footers removed.
///
/// Text is kept as written (reports are Markdown or plain text, which is Markdown); the site renders
/// it with raw HTML disabled.
enum NarrativeFormatter {
    /// Sentence-ending punctuation: a line ending in one of these ends its paragraph.
    private static func isTerminal(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "。", "！", "？", "；", "!", "?", ";", "：", ":", "…": true
        default: false
        }
    }

    private static func isClosing(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "”", "’", "」", "』", "）", ")", "》", "\"": true
        default: false
        }
    }

    static func markdown(_ fragments: [TextFragment]) -> String {
        var blocks: [String] = []
        var paragraph: [String] = []
        var structural = false
        // Each line trimmed once, for the wrap width and for the blocks.
        let lines = fragments.map { TextNormalization.trimmed($0.text) }
        let wrapWidth = hardWrapWidth(lines)

        func flush() {
            guard !paragraph.isEmpty else { return }
            blocks.append(structural ? paragraph.joined(separator: "\n") : join(paragraph))
            paragraph = []
            structural = false
        }

        for line in lines {
            if line.isEmpty {
                // A blank line ends a paragraph, unless the paragraph stops mid-sentence: PDF text
                // often has a blank line after every wrapped line.
                if structural { flush() }
                if let last = paragraph.last, endsSentence(last) || last.scalarCount < 16 { flush() }
                continue
            }
            // How the compact form starts: enough for every test of the line below (a footer starts
            // with a dash or 第, a numbered item or heading within five characters); the whole
            // compact form of a long line is made only where one of them needs it.
            let head = TextNormalization.compactPrefix(line, 5)
            if TableTokenizer.mayBePageFooter(head), TableTokenizer.isPageFooter(TextNormalization.compact(line)) { continue }
            if isStructural(line) {
                if !structural { flush() }
                structural = true
                paragraph.append(line)
                continue
            }
            if structural { flush() }
            if let heading = heading(line, compactHead: head) {
                flush()
                blocks.append(heading)
                continue
            }
            if startsNewItem(compact: head) { flush() }
            paragraph.append(line)
            // In hard-wrapped text a full-width line that happens to end a sentence may not end
            // the paragraph; the next line decides (a new item, a blank-separated short line).
            if endsSentence(line), wrapWidth.map({ line.scalarCount < $0 }) ?? true { flush() }
        }
        flush()
        return blocks.joined(separator: "\n\n")
    }

    /// The width PDF text was wrapped at (lines trimmed), if most long lines stop mid-sentence;
    /// `nil` otherwise.
    static func hardWrapWidth(_ lines: [String]) -> Int? {
        // The long lines, each with its length (counted once).
        var long: [(line: String, length: Int)] = []
        long.reserveCapacity(lines.count)
        for line in lines {
            let length = line.scalarCount
            if length >= 15 && !isStructural(line) { long.append((line, length)) }
        }
        guard long.count >= 4 else { return nil }
        let open = long.filter { !endsSentence($0.line) }.count
        guard open * 2 >= long.count else { return nil }
        let sorted = long.map(\.length).sorted()
        let width = sorted[sorted.count * 3 / 4]
        return width >= 20 ? width - 1 : nil
    }

    /// A Markdown heading, or a short line numbered like （一）, becomes a sub-heading.
    /// `compactHead` is the start of the line's compact form (at least five characters of it).
    static func heading(_ line: String, compactHead: String) -> String? {
        if line.utf8.first == UInt8(ascii: "#") {
            let level = line.utf8.prefix { $0 == UInt8(ascii: "#") }.count
            let text = TextNormalization.trimmed(Substring(line.utf8.dropFirst(level)))
            guard !text.isEmpty else { return nil }
            return (level >= 4 ? "#### " : "### ") + text
        }
        guard isNumberedSubheading(compactHead) else { return nil }
        let compact = TextNormalization.compact(line)
        guard compact.scalarCount <= 30 else { return nil }
        let body = compact.unicodeScalars.drop { $0 != ")" }.dropFirst()
        // `（一）主动公开。不断强化……` is a paragraph with a lead-in, not a heading.
        if body.dropLast().contains(where: { isTerminal($0) || $0 == "，" || $0 == "," }) { return nil }
        return "### " + line
    }

    /// `(一)`, `(1)`, `(十二)` at the start of the compact text.
    static func isNumberedSubheading(_ compact: String) -> Bool {
        guard compact.utf8.first == UInt8(ascii: "(") else { return false }
        return withFirstScalars(compact, 5) { isNumberedSubheading(scalars: $0) }
    }

    /// `isNumberedSubheading` of compact text's scalars (its first five suffice).
    static func isNumberedSubheading(scalars s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        let s = UnsafeBufferPointer(rebasing: s.prefix(5))
        guard s.first == "(", s.count >= 3, let close = s.firstIndex(of: ")"), close > 1, close <= 4 else { return false }
        return s[1..<close].allSatisfy { TextNormalization.isChineseNumeral($0) || TextNormalization.isDigit($0) }
    }

    /// Calls `body` with the first `count` scalars of `text` (fewer if it has fewer), in room on
    /// the stack: these tests run on every line of narrative.
    private static func withFirstScalars<R>(_ text: String, _ count: Int, _ body: (UnsafeBufferPointer<Unicode.Scalar>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: count) { room in
            var n = 0
            for scalar in text.unicodeScalars {
                if n == count { break }
                room.initializeElement(at: n, to: scalar)
                n += 1
            }
            return body(UnsafeBufferPointer(rebasing: room[..<n]))
        }
    }

    /// Lines that start a new item: （一）…, 一是…, 1.…, 一、…
    static func startsNewItem(compact: String) -> Bool {
        if isNumberedSubheading(compact) { return true }
        return withFirstScalars(compact, 4) { s in startsNewItem(first: s) }
    }

    private static func startsNewItem(first s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard s.count >= 2 else { return false }
        if TextNormalization.isChineseNumeral(s[0]), s[1] == "是" || s[1] == "、" { return true }
        if TextNormalization.isDigit(s[0]) {
            var k = 0
            while k < s.count, TextNormalization.isDigit(s[k]) { k += 1 }
            if k <= 2, k < s.count, s[k] == "、" || (s[k] == "." && k + 1 < s.count && !TextNormalization.isDigit(s[k + 1])) { return true }
        }
        return false
    }

    /// Markdown tables, lists and quotes stay lines of their own.
    private static func isStructural(_ line: String) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        return first == "|" || first == ">" || ((first == "-" || first == "*" || first == "+") && line.unicodeScalars.dropFirst().first == " ")
    }

    static func endsSentence(_ line: String) -> Bool {
        var scalars = line.unicodeScalars.reversed().makeIterator()
        while let s = scalars.next() {
            if isClosing(s) || TextNormalization.isWhitespace(s) { continue }
            return isTerminal(s)
        }
        return false
    }

    /// Joins wrapped lines: no space between Chinese text, one space between Latin words.
    static func join(_ lines: [String]) -> String {
        var out = ""
        for line in lines {
            if let last = out.unicodeScalars.last, let first = line.unicodeScalars.first,
               last.isASCII, first.isASCII, last.properties.isAlphabetic || TextNormalization.isDigit(last), first.properties.isAlphabetic {
                out += " "
            }
            out += line
        }
        return out
    }
}
