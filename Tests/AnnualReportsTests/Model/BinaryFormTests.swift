@testable import AnnualReports
import Foundation
import ReportSynth
import Testing

/// The build cache keeps reports in binary form: every report reads back equal to itself, the
/// same report always gives the same bytes, and damaged bytes are refused, never trusted.
@Suite struct BinaryFormTests {
    static func reports() throws -> [Report] {
        var reports: [Report] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: Paths.content.path).sorted() {
            reports.append(try Paths.read(Paths.content.appendingPathComponent(name), as: "content/" + name))
        }
        let corpus = (try? FileManager.default.contentsOfDirectory(atPath: Paths.corpus.path)) ?? []
        for name in corpus.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".md") {
            reports.append(try Paths.read(Paths.corpus.appendingPathComponent(name), as: "corpus/" + name))
        }
        let synth = SyntheticReports()
        for index in stride(from: 0, to: 5_000, by: 211) {
            let report = synth.report(index)
            reports.append(ReportReader().read(text: report.text, path: report.path))
        }
        // Unusual values: nulls in tables, amounts, null reasons, every optional field missing.
        var odd = Report(source: SourceInfo(path: "x.txt", sha256: "", encoding: "gb18030", url: "https://example.gov.cn/a"))
        odd.tables.reviewLitigation = ReviewLitigation(groups: ["review": [nil, .count(-3), .amount("12.50"), .count(Int.max), .count(Int.min)]])
        // Names outside the shared list (written out in full) beside names in it (written as codes).
        odd.tables.applications = Applications(template: .v2019, rows: ["notARowKey": [.count(1)], "received": [.count(2)], "anotherKey": [nil], "total": [.count(3)]])
        odd.checks = [
            Check(id: "custom.rule", scope: "某一列", status: .fail, message: "说明", expected: 1, actual: 2),
            Check(id: "applications.balance", scope: "total", status: .unknown, message: "", expected: nil, actual: nil),
            // A sum rule's check, kept as its rule and operands (one of them unknown, one the
            // smallest a check adds up).
            Check(id: "applications.outcomeSum", scope: "other", rule: Check.outcomeSumRule(5), operands: [nil, 4, -999_999_999_999_999, 0], split: 3),
        ]
        odd.nullReasons = ["b": "二", "a": "一"]
        odd.sections = [Section(number: 3, title: "标题", markdown: nil)]
        reports.append(odd)
        return reports
    }

    @Test func everyReportReadsBackEqual() throws {
        let reports = try Self.reports()
        #expect(reports.count > 25)
        for report in reports {
            let bytes = report.binary
            #expect(try Report.decode(bytes) == report, "\(report.source.path)")
            #expect(report.binary == bytes, "\(report.source.path): the bytes differ between two encodings")
            // The same report read back (its dictionaries built again, in another order) gives the same bytes.
            #expect(try Report.decode(bytes).binary == bytes, "\(report.source.path): the bytes depend on a dictionary's order")
        }
    }

    /// report.json (and its line of data/reports.json) is written straight from the report, as
    /// its tree writes it; the compact form is the indented form (the golden files') without the
    /// line breaks and spaces outside strings (an independent reading of it here), for every
    /// report and for strings full of quotes, escapes, colons and spaces.
    @Test func compactIsTheIndentedFormWithoutItsLayout() throws {
        func withoutLayout(_ pretty: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            var inString = false, escaped = false
            for b in pretty {
                if inString {
                    if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") {
                    continue
                } else if b == UInt8(ascii: "\"") {
                    inString = true
                }
                out.append(b)
            }
            return out
        }
        let reports = try Self.reports()
        // A report written straight into the bytes writes what its tree does.
        for report in reports {
            #expect(report.compactJSONBytes == report.json.bytes(indented: false), "\(report.source.path)")
        }
        var values = reports.map(\.json)
        values.append(.object([("a b", .string("x: \"y\" \\ z\n ,{ }")), ("", .array([.string(" "), .null, .bool(true), .int(-1)])), ("c", .object([])), ("d", .array([]))]))
        for value in values {
            #expect(Array(value.compact.utf8) == withoutLayout(Array(value.pretty.utf8)))
        }
        // The layout itself, written out: two spaces a level, a space after each colon, escaped
        // keys, and empty containers on one line.
        #expect(values.last!.pretty == """
            {
              "a b": "x: \\"y\\" \\\\ z\\n ,{ }",
              "": [
                " ",
                null,
                true,
                -1
              ],
              "c": {},
              "d": []
            }
            """)
        #expect(values.last!.compact == #"{"a b":"x: \"y\" \\ z\n ,{ }","":[" ",null,true,-1],"c":{},"d":[]}"#)
    }

    /// A sum check read back names one of the rules and splits its operands within them; any
    /// other is refused, not trapped on when its message is written or its sums are added up.
    @Test func damagedSumChecksAreRefused() throws {
        func bytes(rule: UInt64, operands: [Int?], split: UInt64) -> [UInt8] {
            var w = ByteWriter()
            Report.encodeName("applications.balance", into: &w)
            Report.encodeName("total", into: &w)
            w.unsigned(rule)
            w.array(operands) { $0.int($1) }
            w.unsigned(split)
            return w.bytes
        }
        func decode(_ b: [UInt8]) throws -> Check {
            try b.withUnsafeBytes { raw in
                var r = ByteReader(raw)
                return try Report.decodeCheck(from: &r)
            }
        }
        // Read back, a sum check's status and figures are its operands' (1 against 0: 不符).
        let read = try decode(bytes(rule: 1, operands: [1, 0], split: 1))
        #expect(read.status == .fail && read.expected == 1 && read.actual == 0 && read.message.hasSuffix("不符"))
        // Operands no report has (whose sum could overflow) are damaged bytes, refused.
        #expect(throws: (any Error).self) { try decode(bytes(rule: 1, operands: [Int.max, 1, 0], split: 2)) }
        #expect(throws: (any Error).self) { try decode(bytes(rule: 1, operands: Array(repeating: 1, count: 33), split: 2)) }
        #expect(try decode(bytes(rule: 1, operands: [999_999_999_999_999, nil, 0], split: 1)).status == .unknown)
        #expect(throws: (any Error).self) { try decode(bytes(rule: UInt64(Check.sumRules.count) + 1, operands: [1, 0], split: 1)) }
        #expect(throws: (any Error).self) { try decode(bytes(rule: 1, operands: [1, 0], split: 3)) }
    }

    @Test func damagedBytesAreRefused() throws {
        let bytes = try Self.reports()[0].binary
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: (any Error).self) { try Report.decode(Array(bytes.prefix(cut))) }
        }
        #expect(throws: (any Error).self) { try Report.decode(bytes + [0]) }
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var damaged = bytes
            damaged[Int(random.next() % UInt64(damaged.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            // Either refused or some report: never a crash.
            _ = try? Report.decode(damaged)
        }
    }

    @Test func fingerprintsTellBytesApart() {
        var seen = Set<Fingerprint>()
        for n in 0..<2_000 { seen.insert(Fingerprint.of(Array(String(n).utf8))) }
        seen.insert(Fingerprint.of([]))
        seen.insert(Fingerprint.of([0]))
        seen.insert(Fingerprint.of([0, 0]))
        #expect(seen.count == 2_003)
        #expect(Fingerprint.of(Array("同一段文字".utf8)) == Fingerprint.of(Array("同一段文字".utf8)))
    }
}
