import Foundation

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

    private static let negative = try! NSRegularExpression(pattern: "(未|没有)(收到|接到)([^，。；,;！!]{0,20})")
    private static let countFirst = try! NSRegularExpression(pattern: "(收到|接到|新收)[^，。；,;！!0-9]{0,20}?([0-9]+)\\s*件")
    private static let countAfter = try! NSRegularExpression(pattern: "(收到|接到)\\s*([0-9]+)\\s*件([^，。；,;！!]{0,16})")

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
            // Where each sentence ends: the full stops, found once.
            var stops: [Int] = []
            fullStop.withUnsafeBufferPointer { stop in
                var from = 0
                while let at = ByteSearch.index(of: stop, in: p, from: from) {
                    stops.append(at)
                    from = at + stop.count
                }
            }
            var starts = Set<Int>()
            var ranges: [Range<Int>] = []
            for trigger in triggers {
                UTF8Text.withBytes(trigger) { needle in
                    var from = 0
                    while let at = ByteSearch.index(of: needle, in: p, from: from) {
                        from = at + needle.count
                        // The first stop after the trigger ends its sentence; the one before starts it.
                        var low = 0, high = stops.count
                        while low < high {
                            let mid = (low + high) / 2
                            if stops[mid] < at { low = mid + 1 } else { high = mid }
                        }
                        let range = (low > 0 ? stops[low - 1] + fullStop.count : 0)..<(low < stops.count ? stops[low] : p.count)
                        if starts.insert(range.lowerBound).inserted { ranges.append(range) }
                    }
                }
            }
            return ranges.sorted { $0.lowerBound < $1.lowerBound }.map { String(decoding: UnsafeBufferPointer(rebasing: p[$0]), as: UTF8.self) }
        }
    }

    private static let fullStop = Array("。".utf8)

    private static func earliest(in text: String) -> Statement? {
        let ns = text as NSString
        let range = NSRange(location: 0, length: ns.length)
        var found: [(Int, Statement)] = []
        for m in negative.matches(in: text, range: range) {
            let object = ns.substring(with: m.range(at: 3))
            if object.contains("公开") && object.contains("申请") || object.contains("依申请") {
                found.append((m.range.location, Statement(count: 0, text: ns.substring(with: m.range))))
            }
        }
        for m in countFirst.matches(in: text, range: range) {
            let whole = ns.substring(with: m.range)
            guard whole.contains("公开") && whole.contains("申请"), let n = Int(ns.substring(with: m.range(at: 2))) else { continue }
            found.append((m.range.location, Statement(count: n, text: whole)))
        }
        for m in countAfter.matches(in: text, range: range) {
            let object = ns.substring(with: m.range(at: 3))
            guard object.contains("公开") && object.contains("申请") || object.hasPrefix("申请"), let n = Int(ns.substring(with: m.range(at: 2))) else { continue }
            found.append((m.range.location, Statement(count: n, text: ns.substring(with: m.range))))
        }
        return found.min { $0.0 < $1.0 }?.1
    }
}
