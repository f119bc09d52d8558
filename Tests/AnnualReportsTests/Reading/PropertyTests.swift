import AnnualReports
import Foundation
import ReportSynth
import Testing

/// Random and mutated reports: the reader must always return, with well-formed output.
@Suite struct PropertyTests {

    static let fragments = [
        "一、", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
        "（七）总计", "本年新收", "予以公开", "3.其他", "行政许可", "规章", "总计", "|", "\t", "\n", " ", "0", "7", "12",
        "-", "—", "/", "1.", "2、", "元", "万元", ".", "。", "，", "#", "---", "年度报告", "2023年", "市司法局", "（三）", "\u{FEFF}",
        "99999999999999999999", "0000000000000000000000000000", "-1-2-3", "１２", "\r", "\r\n", "标题: ", "==== 正文 ====",
    ]

    static func seedTexts() throws -> [String] {
        var texts: [String] = []
        for name in SeedGoldenTests.seeds {
            texts.append(try String(contentsOf: Paths.content.appendingPathComponent(name), encoding: .utf8))
        }
        for name in ["pingtan_2024.page.txt", "shuyang_gov_2025.md", "sh_kewei_2024.md"] {
            texts.append(try String(contentsOf: Paths.corpus.appendingPathComponent(name), encoding: .utf8))
        }
        return texts
    }

    static func mutate(_ text: String, _ g: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...6, using: &g) {
            guard !lines.isEmpty else { break }
            let i = Int.random(in: 0..<lines.count, using: &g)
            switch Int.random(in: 0..<7, using: &g) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: Int.random(in: 0...lines.count, using: &g))
            case 2: lines[i] = String(lines[i].shuffled(using: &g))
            case 3: lines.insert(fragments.randomElement(using: &g)!, at: i)
            case 4:
                var chars = Array(lines[i])
                if !chars.isEmpty { chars[Int.random(in: 0..<chars.count, using: &g)] = fragments.randomElement(using: &g)!.first ?? "0" }
                lines[i] = String(chars)
            case 5: lines = Array(lines.prefix(i))
            default: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &g))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Lines as the reader counts them: LF, CRLF and CR each end one.
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var previousCR = false
        for s in text.unicodeScalars {
            if s == "\n" && previousCR { previousCR = false; continue }
            if s == "\n" || s == "\r" { count += 1 }
            previousCR = s == "\r"
        }
        return count
    }

    static func checkWellFormed(_ report: Report, lineCount: Int) throws {
        let json = report.json.compact
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
        #expect(parsed is [String: Any])
        for d in report.diagnostics {
            #expect(d.location.line >= 1 && d.location.line <= lineCount + 1, "\(d.formatted)")
        }
        for check in report.checks {
            if check.status == .fail { #expect(check.expected != nil && check.actual != nil) }
        }
        #expect(report.sections.count == 6)
        if let a = report.tables.applications { #expect(a.rows.values.allSatisfy { $0.count == 7 }) }
        if let r = report.tables.reviewLitigation { #expect(r.groups.values.allSatisfy { $0.count == 5 }) }
    }

    @Test func mutatedReportsNeverCrash() throws {
        let texts = try Self.seedTexts()
        var g = SplitMix64(seed: 20_261_122)
        for round in 0..<400 {
            let text = Self.mutate(texts[round % texts.count], &g)
            let report = ReportReader().read(text: text, path: "mutated-\(round).txt")
            try Self.checkWellFormed(report, lineCount: Self.lineCount(text))
        }
    }

    @Test func randomTextNeverCrashes() throws {
        var g = SplitMix64(seed: 42)
        for round in 0..<300 {
            let count = Int.random(in: 0...400, using: &g)
            let text = (0..<count).map { _ in Self.fragments.randomElement(using: &g)! }.joined()
            let report = ReportReader().read(text: text, path: "random-\(round).txt")
            try Self.checkWellFormed(report, lineCount: Self.lineCount(text))
        }
    }

    @Test func randomBytesNeverCrash() throws {
        var g = SplitMix64(seed: 7)
        for round in 0..<200 {
            let bytes = (0..<Int.random(in: 0...3000, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            let report = ReportReader().read(bytes: bytes, path: "bytes-\(round).bin")
            _ = try JSONSerialization.jsonObject(with: Data(report.json.compact.utf8))
        }
    }

    /// A long run of glued digits in a row with identities must not make the split search explode.
    @Test func longGluedRunsStayBounded() {
        let digits = String(repeating: "1234567890", count: 30)
        let text = "某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\(digits)二、上年结转\(digits)\n四、政府信息公开行政复议、行政诉讼情况\n行政复议\(digits)"
        let report = ReportReader().read(text: text, path: "long.txt")
        #expect(report.tables.applications?.rows["received"] == Array(repeating: nil, count: 7))
        #expect(report.tables.reviewLitigation?.groups["review"] == Array(repeating: nil, count: 5))
    }
}
