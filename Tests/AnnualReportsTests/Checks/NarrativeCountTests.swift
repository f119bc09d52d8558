@testable import AnnualReports
import Foundation
import ReportSynth
import Testing

/// `NarrativeCount` matches its three statements by hand. These tests hold it to the regular
/// expressions it stands for, run by ICU (`NSRegularExpression`), on sentences made of the
/// pieces that decide a match: trigger words, digits, spaces of every kind, 件, stops, and the
/// words the objects are tested for.
@Suite struct NarrativeCountTests {
    /// The statement as the regular expressions find it (the matcher before it was written by hand).
    static func byRegularExpressions(_ text: String) -> NarrativeCount.Statement? {
        let negative = try! NSRegularExpression(pattern: "(未|没有)(收到|接到)([^，。；,;！!]{0,20})")
        let countFirst = try! NSRegularExpression(pattern: "(收到|接到|新收)[^，。；,;！!0-9]{0,20}?([0-9]+)\\s*件")
        let countAfter = try! NSRegularExpression(pattern: "(收到|接到)\\s*([0-9]+)\\s*件([^，。；,;！!]{0,16})")
        var earliest: (Int, NarrativeCount.Statement)?
        for sentence in text.components(separatedBy: "。") {
            let ns = sentence as NSString
            let range = NSRange(location: 0, length: ns.length)
            var found: [(Int, NarrativeCount.Statement)] = []
            for m in negative.matches(in: sentence, range: range) {
                let object = ns.substring(with: m.range(at: 3))
                if object.contains("公开") && object.contains("申请") || object.contains("依申请") {
                    found.append((m.range.location, .init(count: 0, text: ns.substring(with: m.range))))
                }
            }
            for m in countFirst.matches(in: sentence, range: range) {
                let whole = ns.substring(with: m.range)
                guard whole.contains("公开") && whole.contains("申请"), let n = Int(ns.substring(with: m.range(at: 2))) else { continue }
                found.append((m.range.location, .init(count: n, text: whole)))
            }
            for m in countAfter.matches(in: sentence, range: range) {
                let object = ns.substring(with: m.range(at: 3))
                guard object.contains("公开") && object.contains("申请") || object.hasPrefix("申请"), let n = Int(ns.substring(with: m.range(at: 2))) else { continue }
                found.append((m.range.location, .init(count: n, text: ns.substring(with: m.range))))
            }
            if let first = found.min(by: { $0.0 < $1.0 }) {
                earliest = first
                break
            }
        }
        return earliest?.1
    }

    /// A clause is one choice from each slot, in order: a statement, or something near one.
    static let slots: [[String]] = [
        ["", "共", "全年", "本年", "未", "没有", "没", "暂未"],
        ["收到", "接到", "新收", "收", "受理", ""],
        ["", "", "政府信息公开申请", "依申请公开", "公开", "申请", "行政复议", "、", "，", "一二三四五六七八九十一二三四五六七八九十一", "2"],
        ["", "", " ", "\u{3000}", "\t", "\u{0B}", "\u{85}", "\u{A0}", "\u{2028}"],
        ["", "0", "2", "12", "345", "99999999999999999999"],
        ["", "", " ", "\u{3000}", "\u{0C}"],
        ["件", "件", "件", "", "项"],
        ["", "政府信息公开申请", "申请", "依申请公开", "行政许可申请", "，上年结转 2 件", "公开", "信息公开的申请", "!"],
    ]
    static let separators = ["", "，", "。", "；", ";", "！", "。。"]

    @Test func agreesWithTheRegularExpressions() {
        var random = SplitMix64(seed: 20261123)
        func pick(_ choices: [String]) -> String { choices[Int.random(in: 0..<choices.count, using: &random)] }
        var statements = 0
        for _ in 0..<20_000 {
            var text = ""
            for clause in 0..<Int.random(in: 1...3, using: &random) {
                if clause > 0 { text += pick(Self.separators) }
                for slot in Self.slots { text += pick(slot) }
            }
            let expected = Self.byRegularExpressions(text)
            #expect(NarrativeCount.received(in: text) == expected, "\(text.debugDescription)")
            if expected != nil { statements += 1 }
        }
        // The sentences hold statements often enough to test them, and not always.
        #expect(statements > 2_000 && statements < 18_000, "\(statements) statements")
    }

    @Test(arguments: [
        "全年收到政府信息公开申请 34 件，上年结转 2 件", "共收到\u{3000}5\u{3000}件政府信息公开申请", "收到\u{0B}5件政府信息公开申请",
        "收到\u{85}5件政府信息公开申请", "收到 99999999999999999999 件政府信息公开申请。收到 3 件政府信息公开申请",
        "新收政府信息公开申请1件1件", "没有收到政府信息公开申请，收到 2 件", "收到申请、行政复议和诉讼共计一二三四五六七八九十一二三四五六七八九十 4 件公开申请",
    ])
    func agreesOnEdges(_ text: String) {
        #expect(NarrativeCount.received(in: text) == Self.byRegularExpressions(text))
    }
}
