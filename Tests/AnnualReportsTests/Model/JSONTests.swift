@testable import AnnualReports
import Foundation
import ReportSynth
import Testing

@Suite struct JSONTests {
    @Test func escaping() {
        let v = JSONValue.object([("a", .string("</script><b>&\"\\\n\u{1}\u{2028}中文"))])
        #expect(v.compact == #"{"a":"\u003c/script\u003e\u003cb\u003e\u0026\"\\\n\u0001\u2028中文"}"#)
    }

    /// Every control character, DEL, the line and paragraph separators (and the other scalars
    /// whose UTF-8 starts with 0xE2, which stand for themselves), integers at the limits: what
    /// Foundation's parser reads back is what was written.
    @Test func everyEscapeReadsBack() throws {
        let text = String((0..<0x80).map { Character(UnicodeScalar($0)!) }) + "\u{2027}\u{2028}\u{2029}\u{202A}‘’…→中文\r\n"
        let value = JSONValue.array([.string(text), .int(Int.min), .int(Int.max), .int(0), .int(-7)])
        for json in [value.compact, value.pretty] {
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
            #expect(parsed[0] as? String == text)
            #expect(parsed.dropFirst().compactMap { ($0 as? NSNumber)?.int64Value } == [Int64.min, Int64.max, 0, -7])
            #expect(!json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" } && !json.contains("\u{2028}") && !json.contains("<"))
        }
        #expect(value.compact.contains(#"\u001f\u0020"#) == false && value.compact.contains(#"\u001f !\""#))
        #expect(value.compact.contains("\u{2027}\\u2028\\u2029\u{202A}"))
    }

    /// Strings escaped eight bytes at a time where they are Chinese text or have nothing to
    /// escape, a byte at a time elsewhere: random mixes, with the escaped characters, the bytes
    /// next to them (0x1F, space, `~`) and the other scalars whose UTF-8 starts with 0xE2 at every
    /// offset, come out as escaping each scalar gives.
    @Test func escapingAgreesWithEscapingEachScalar() {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "<": out += "\\u003c"
                case ">": out += "\\u003e"
                case "&": out += "\\u0026"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                case _ where u.value < 0x20 || u.value == 0x7F: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let pieces = ["中文", "政府信息公开", "，", "。", "“", "”", "—", "…", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}",
                      "a", "12", " ", "\"", "\\", "<", ">", "&", "\n", "\r", "\t", "\u{1}", "\u{7F}", "é", "😀",
                      "\u{1F}", "~", "=", "?", "[", "]", "received", "applications.balance"]
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let s = (0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(JSONValue.string(s).compact == reference(s), "\(s.debugDescription)")
        }
    }

    @Test func keysKeepTheContractOrder() throws {
        let report = try Paths.read(Paths.content.appendingPathComponent("luoyang-sifaju-2023.txt"), as: "content/x.txt")
        guard case .object(let members) = report.json else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["schemaVersion", "agency", "agencySlug", "year", "template", "region", "published", "source", "sections", "tables", "checks", "diagnostics"])
    }

    @Test func amountsAreStringsAndCountsIntegers() throws {
        let report = try Paths.read(Paths.content.appendingPathComponent("luoyang-sifaju-2023.txt"), as: "content/x.txt")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.compact.utf8)) as? [String: Any])
        let tables = try #require(object["tables"] as? [String: Any])
        let ad = try #require(tables["activeDisclosure"] as? [String: Any])
        #expect((ad["fees"] as? [String: Any])?["amount"] as? String == "1351.6101")
        let apps = try #require(tables["applications"] as? [String: Any])
        #expect((apps["columns"] as? [String])?.count == 7)
    }

    /// FIPS 180-4 examples, through the processor's SHA instructions where it has them and
    /// through the Swift rounds; and the two agree on every length around the block boundaries.
    @Test func sha256() {
        let vectors = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ]
        for (text, digest) in vectors {
            #expect(SHA256.hex(Array(text.utf8)) == digest)
            #expect(SHA256.hex(Array(text.utf8), hardware: false) == digest)
        }
        if SHA256.hardware {
            var random = SystemRandomNumberGenerator()
            for length in Array(0...200) + [1_000, 4_095, 4_096, 65_537] {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                #expect(SHA256.hex(bytes, hardware: true) == SHA256.hex(bytes, hardware: false), "length \(length)")
            }
        }
    }
}

@Suite struct CheckTests {
    static let base = "某某县某某局2023年政府信息公开工作年度报告\n一、总体情况\n本年共收到政府信息公开申请 3 件。\n三、收到和处理政府信息公开申请情况\n"

    @Test func failuresAreReportedNotCorrected() {
        // 总计 column says 4 where the applicants sum to 3.
        let text = Self.base + "一、本年新收政府信息公开申请数量\t\t2\t1\t0\t0\t0\t0\t4\n"
        let report = ReportReader().read(text: text, path: "a.txt")
        #expect(report.tables.applications?.rows["received"]?[6] == .count(4))
        let check = report.checks.first { $0.id == "applications.rowTotals" && $0.scope == "received" }
        #expect(check?.status == .fail && check?.expected == 3 && check?.actual == 4)
        #expect(report.diagnostics.contains { $0.severity == .warning && $0.message.contains("applications.rowTotals") })
        let narrative = report.checks.first { $0.id == "narrative.received" }
        #expect(narrative?.status == .fail && narrative?.expected == 3 && narrative?.actual == 4)
        // Its warning points at the sentence (line 3), not at the heading of section 1 (line 2).
        #expect(report.diagnostics.first { $0.message.contains("narrative.received") }?.location.line == 3)
    }

    @Test func nullOperandsMakeUnknown() {
        let text = Self.base + "一、本年新收政府信息公开申请数量\t\t2\t/\t0\t0\t0\t0\t3\n"
        let report = ReportReader().read(text: text, path: "a.txt")
        #expect(report.checks.first { $0.id == "applications.rowTotals" && $0.scope == "received" }?.status == .unknown)
        #expect(report.checks.first { $0.id == "narrative.received" }?.status == .pass)
    }

    @Test(arguments: [
        ("2023年未收到政府信息公开申请。", 0), ("共收到 2 件政府信息公开申请", 2), ("全年收到政府信息公开申请 34 件，上年结转 2 件", 34),
        ("我局暂未收到依申请公开信息。", 0), ("全年未收到行政许可申请;全年未接到信息公开申请", 0),
        // The first sentence with a statement counts, wherever its trigger word stands.
        ("本年新收行政复议1件。。全年收到政府信息公开申请 7 件。共接到政府信息公开申请 9 件。", 7),
        ("一、总体情况。本机关接到政府信息公开申请3件，新收政府信息公开申请 4 件。", 3),
    ])
    func narrativeCounts(_ text: String, _ count: Int) {
        #expect(NarrativeCount.received(in: text)?.count == count)
    }

    @Test(arguments: ["全县全年共受理政府信息公开申请 749 件", "全年办理政府信息公开申请218件", "全年未收到行政许可申请"])
    func notReceivedCounts(_ text: String) {
        #expect(NarrativeCount.received(in: text) == nil)
    }
}
