/// Finds the number of received applications that a report's prose states, e.g.
/// `共收到政府信息公开申请 2 件`, `共收到 2 件政府信息公开申请`, `未收到政府信息公开申请` (0).
///
/// Only 收到/接到/新收 count: 受理 and 办理 include carried-over applications, so they do not
/// state the year's received total.
enum NarrativeCount {
    struct Statement: Sendable, Equatable {
        var count: Int
        var text: String
    }

    // The three statements, as regular expressions would say them (ICU's, by scalars; `\s` is
    // White_Space), are matched by hand below, the same way: each pattern's matches are found
    // left to right without overlapping, and a match whose object does not qualify still uses up
    // its text.
    //   negative:    (未|没有)(收到|接到)([^，。；,;！!]{0,20})
    //   countFirst:  (收到|接到|新收)[^，。；,;！!0-9]{0,20}?([0-9]+)\s*件
    //   countAfter:  (收到|接到)\s*([0-9]+)\s*件([^，。；,;！!]{0,16})

    /// Every pattern needs one of these words, and no match runs across a full stop; so only the
    /// sentences that hold one are searched, in order, and the first with a statement has the
    /// earliest one (the regular expressions cost far more than this split).
    private static let triggers = ["收到", "接到", "新收"]

    static func received(in text: String) -> Statement? {
        for sentence in sentences(of: text) where triggers.contains(where: { sentence.contains($0) }) {
            if let found = earliest(in: sentence) { return found }
        }
        return nil
    }

    /// The sentences (text between 。) whose bytes hold a trigger, in order: only these can
    /// contain one (no other characters equal 收, 到, 接 or 新 as strings), so the rest of the
    /// text is never made into strings.
    private static func sentences(of text: String) -> [String] {
        UTF8Text.withBytes(text) { p in
            // (A full stop starts at a character boundary wherever its bytes are: the sentence
            // around a trigger is found by looking for them on either side of it.)
            let stop = fullStop.count
            func isFullStop(at k: Int) -> Bool { k + stop <= p.count && fullStop.indices.allSatisfy { p[k + $0] == fullStop[$0] } }
            var starts = Set<Int>()
            var ranges: [Range<Int>] = []
            for trigger in triggers {
                UTF8Text.withBytes(trigger) { needle in
                    var from = 0
                    // Where the sentence of the last trigger found ends: one after it in the same
                    // sentence is passed over, so no sentence is looked through twice.
                    var sentenceEnd = -1
                    while let at = ByteSearch.index(of: needle, in: p, from: from) {
                        from = at + needle.count
                        if at < sentenceEnd { continue }
                        var start = at
                        while start >= stop, !isFullStop(at: start - stop) { start -= 1 }
                        if start < stop { start = 0 }
                        sentenceEnd = fullStop.withUnsafeBufferPointer { ByteSearch.index(of: $0, in: p, from: from) } ?? p.count
                        if starts.insert(start).inserted { ranges.append(start..<sentenceEnd) }
                    }
                }
            }
            return ranges.sorted { $0.lowerBound < $1.lowerBound }.map { String(decoding: UnsafeBufferPointer(rebasing: p[$0]), as: UTF8.self) }
        }
    }

    private static let fullStop = Array("。".utf8)

    private static func earliest(in text: String) -> Statement? {
        let t = Array(text.unicodeScalars)
        func string(_ r: Range<Int>) -> String { TextNormalization.string(t[r]) }
        var found: [(Int, Statement)] = []
        for m in matches(t, first: { $0 == "未" || $0 == "没" }, negativeAt) {
            let object = string(m.object)
            if object.contains("公开") && object.contains("申请") || object.contains("依申请") {
                found.append((m.whole.lowerBound, Statement(count: 0, text: string(m.whole))))
            }
        }
        for m in matches(t, first: { $0 == "收" || $0 == "接" || $0 == "新" }, countFirstAt) {
            let whole = string(m.whole)
            guard whole.contains("公开") && whole.contains("申请"), let n = Int(string(m.digits)) else { continue }
            found.append((m.whole.lowerBound, Statement(count: n, text: whole)))
        }
        for m in matches(t, first: { $0 == "收" || $0 == "接" }, countAfterAt) {
            let object = string(m.object)
            guard object.contains("公开") && object.contains("申请") || object.hasPrefix("申请"), let n = Int(string(m.digits)) else { continue }
            found.append((m.whole.lowerBound, Statement(count: n, text: string(m.whole))))
        }
        return found.min { $0.0 < $1.0 }?.1
    }

    /// A match: the whole of it, its digits and the text after 件 or 收到 (empty where the
    /// pattern has none).
    private struct Match {
        var whole: Range<Int>
        var digits: Range<Int> = 0..<0
        var object: Range<Int> = 0..<0
    }

    /// The matches of a pattern, leftmost first, each search going on after the previous match;
    /// `first` passes the scalars a match can start with (the pattern is tried only there).
    private static func matches(_ t: [Unicode.Scalar], first: (Unicode.Scalar) -> Bool, _ at: ([Unicode.Scalar], Int) -> Match?) -> [Match] {
        var result: [Match] = []
        var i = 0
        while i < t.count {
            if first(t[i]), let m = at(t, i) {
                result.append(m)
                i = m.whole.upperBound
            } else {
                i += 1
            }
        }
        return result
    }

    private static func isStop(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "，", "。", "；", ",", ";", "！", "!": true
        default: false
        }
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }

    /// ICU's `\s`: the Unicode White_Space property (tab to carriage return, NEL, the spaces and the
    /// line and paragraph separators).
    private static func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    /// Whether `t` holds `a` then `b` at `i`.
    private static func pair(_ t: [Unicode.Scalar], _ i: Int, _ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        i + 1 < t.count && t[i] == a && t[i + 1] == b
    }

    /// Where the longest run (at most `limit`) of scalars that pass `allowed` from `i` ends.
    private static func run(_ t: [Unicode.Scalar], from i: Int, limit: Int, _ allowed: (Unicode.Scalar) -> Bool) -> Int {
        var j = i
        while j < t.count, j - i < limit, allowed(t[j]) { j += 1 }
        return j
    }

    /// `(未|没有)(收到|接到)([^，。；,;！!]{0,20})` at `i`.
    private static func negativeAt(_ t: [Unicode.Scalar], _ i: Int) -> Match? {
        var j: Int
        if t[i] == "未" { j = i + 1 } else if pair(t, i, "没", "有") { j = i + 2 } else { return nil }
        guard pair(t, j, "收", "到") || pair(t, j, "接", "到") else { return nil }
        j += 2
        let end = run(t, from: j, limit: 20) { !isStop($0) }
        return Match(whole: i..<end, object: j..<end)
    }

    /// `(收到|接到|新收)[^，。；,;！!0-9]{0,20}?([0-9]+)\s*件` at `i`. The lazy run cannot cross a
    /// digit, so the digits are the first after the word, within 20 scalars.
    private static func countFirstAt(_ t: [Unicode.Scalar], _ i: Int) -> Match? {
        guard pair(t, i, "收", "到") || pair(t, i, "接", "到") || pair(t, i, "新", "收") else { return nil }
        let start = run(t, from: i + 2, limit: 20) { !isStop($0) && !isDigit($0) }
        guard start < t.count, isDigit(t[start]) else { return nil }
        let end = run(t, from: start, limit: .max, isDigit)
        let unit = run(t, from: end, limit: .max, isSpace)
        guard unit < t.count, t[unit] == "件" else { return nil }
        return Match(whole: i..<(unit + 1), digits: start..<end)
    }

    /// `(收到|接到)\s*([0-9]+)\s*件([^，。；,;！!]{0,16})` at `i`.
    private static func countAfterAt(_ t: [Unicode.Scalar], _ i: Int) -> Match? {
        guard pair(t, i, "收", "到") || pair(t, i, "接", "到") else { return nil }
        let start = run(t, from: i + 2, limit: .max, isSpace)
        let end = run(t, from: start, limit: .max, isDigit)
        guard end > start else { return nil }
        let unit = run(t, from: end, limit: .max, isSpace)
        guard unit < t.count, t[unit] == "件" else { return nil }
        let objectEnd = run(t, from: unit + 1, limit: 16) { !isStop($0) }
        return Match(whole: i..<objectEnd, digits: start..<end, object: (unit + 1)..<objectEnd)
    }
}
