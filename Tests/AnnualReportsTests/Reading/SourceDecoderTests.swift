@testable import AnnualReports
import Foundation
import Testing

@Suite struct SourceDecoderTests {
    let sample = "洛阳市司法局 2023 年政府信息公开工作年度报告\n一、总体情况\n"

    @Test func utf8WithAndWithoutBOM() {
        let plain = SourceDecoder.decode(Array(sample.utf8), file: "a.txt")
        #expect(plain.text == sample && plain.encoding == "utf-8" && plain.diagnostics.isEmpty)
        let bom = SourceDecoder.decode([0xEF, 0xBB, 0xBF] + Array(sample.utf8), file: "a.txt")
        #expect(bom.text == sample && bom.encoding == "utf-8")
    }

    /// `validUTF8` agrees with `String(validating:)` on every kind of damage: a lone continuation
    /// byte, a truncated sequence (of the same length as the replacement character, too), an
    /// overlong form, a surrogate, a code point past U+10FFFF, and bytes that are never UTF-8.
    @Test func validUTF8AgreesWithValidating() {
        let valid = Array(sample.utf8) + Array("😀\u{FFFD}".utf8)
        let damaged: [[UInt8]] = [
            [0x80], [0xE6, 0x97], [0xF0, 0x9F, 0x98, 0x41], [0xEF, 0xBF, 0x41], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xFE], [0xE6, 0x97, 0xA0, 0xA0],
        ]
        #expect(SourceDecoder.validUTF8(valid) == String(validating: valid, as: UTF8.self))
        #expect(SourceDecoder.validUTF8([UInt8]()) == "")
        for bad in damaged {
            for bytes in [bad, valid + bad, bad + valid, Array(valid[..<9]) + bad + Array(valid[9...])] {
                #expect(String(validating: bytes, as: UTF8.self) == nil)
                #expect(SourceDecoder.validUTF8(bytes) == nil)
            }
        }
    }

    @Test func gb18030() throws {
        let data = try #require(sample.data(using: SourceDecoder.gb18030))
        #expect(Array(data) != Array(sample.utf8))
        let decoded = SourceDecoder.decode([UInt8](data), file: "a.txt")
        #expect(decoded.text == sample && decoded.encoding == "gb18030" && decoded.diagnostics.isEmpty)
    }

    @Test func utf16WithBOM() {
        var le: [UInt8] = [0xFF, 0xFE]
        var be: [UInt8] = [0xFE, 0xFF]
        for unit in sample.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        #expect(SourceDecoder.decode(le, file: "a").text == sample)
        #expect(SourceDecoder.decode(le, file: "a").encoding == "utf-16le")
        #expect(SourceDecoder.decode(be, file: "a").text == sample)
        #expect(SourceDecoder.decode(be, file: "a").encoding == "utf-16be")
    }

    @Test func lineEnds() {
        let crlf = SourceDecoder.decode(Array("a\r\nb\rc\n".utf8), file: "a")
        #expect(crlf.text == "a\nb\nc\n")
    }

    @Test func invalidUTF8IsAnErrorOnItsLine() {
        var bytes = Array("第一行\n第二行\n".utf8)
        bytes += [0xE6, 0xB4]  // a cut-off character
        bytes += Array("\n第四行\n".utf8)
        let decoded = SourceDecoder.decode(bytes, file: "bad.txt")
        #expect(decoded.diagnostics.count == 1)
        #expect(decoded.diagnostics.first?.severity == .error)
        #expect(decoded.diagnostics.first?.location.line == 3)
        #expect(decoded.text.contains("第四行"))
    }

    @Test func aGB18030FileCutOffInACharacterKeepsItsOtherLines() throws {
        let text = "某县民政局2020年政府信息公开工作年度报告\n维\n未\n一、总体情况\n全年共收到申请3件。\n日期"
        var bytes = [UInt8](try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632))))
        bytes.removeLast()  // half of 期
        let decoded = SourceDecoder.decode(bytes, file: "cut.txt")
        #expect(decoded.encoding == "gb18030")
        #expect(decoded.diagnostics.count == 1 && decoded.diagnostics[0].severity == .error && decoded.diagnostics[0].location.line == 6, "\(decoded.diagnostics.map(\.formatted))")
        // One-character lines whose GB18030 bytes are also valid UTF-8 (维 is CE AC, ά in UTF-8).
        #expect(decoded.text == "某县民政局2020年政府信息公开工作年度报告\n维\n未\n一、总体情况\n全年共收到申请3件。\n日\u{FFFD}")
    }

    @Test func mixedLinesAreCountedWithCarriageReturns() throws {
        let gb = [UInt8](try #require("第三行是国标编码".data(using: String.Encoding(rawValue: 0x8000_0632))))
        let bytes = Array("第一行\r第二行\r".utf8) + gb + Array("\r第四行".utf8)
        let decoded = SourceDecoder.decode(bytes, file: "cr.txt")
        #expect(decoded.text == "第一行\n第二行\n第三行是国标编码\n第四行")
        #expect(decoded.diagnostics.map(\.location.line) == [3])
    }

    @Test func binaryFilesAreRefused() {
        let pdf = SourceDecoder.decode(Array("%PDF-1.7\n...".utf8), file: "x.txt")
        #expect(pdf.diagnostics.first?.message.contains("PDF") == true)
        let png = SourceDecoder.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A], file: "x.txt")
        #expect(png.diagnostics.first?.severity == .error)
    }

    @Test func reportFromGB18030File() throws {
        let text = try String(contentsOf: Paths.content.appendingPathComponent("luoyang-sifaju-2023.txt"), encoding: .utf8)
        let gb = try #require(text.data(using: SourceDecoder.gb18030))
        let fromGB = ReportReader().read(bytes: [UInt8](gb), path: "x.txt")
        let fromUTF8 = ReportReader().read(bytes: Array(text.utf8), path: "x.txt")
        #expect(fromGB.source.encoding == "gb18030")
        #expect(fromGB.tables == fromUTF8.tables)
        #expect(fromGB.agency == "洛阳市司法局")
    }
}

@Suite struct FrontMatterTests {
    func parse(_ text: String) -> (FrontMatter?, Int, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let (matter, consumed) = FrontMatter.parse(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), file: "f.md", diagnostics: &diagnostics)
        return (matter, consumed, diagnostics)
    }

    @Test func allKeys() throws {
        let (matter, consumed, diagnostics) = parse("""
        ---
        agency: 洛阳市司法局  # 全称
        year: 2023
        slug: luoyang-sifaju
        region: {province: 河南省, city: 洛阳市}
        published: 2024年1月15日
        sourceURL: "https://sf.ly.gov.cn/a#b"
        ---
        正文
        """)
        let m = try #require(matter)
        #expect(consumed == 8 && diagnostics.isEmpty)
        #expect(m.agency == "洛阳市司法局" && m.year == 2023 && m.slug == "luoyang-sifaju")
        #expect(m.region == Region(province: "河南省", city: "洛阳市"))
        #expect(m.published == "2024-01-15")
        #expect(m.sourceURL == "https://sf.ly.gov.cn/a#b")
    }

    @Test func nestedRegion() throws {
        let (matter, _, diagnostics) = parse("---\nregion:\n  province: 河南省\n  county: 伊川县\n---\n")
        #expect(matter?.region == Region(province: "河南省", county: "伊川县"))
        #expect(diagnostics.isEmpty)
    }

    @Test func refusesYAMLFeaturesWithLineNumbers() {
        let (_, _, diagnostics) = parse("---\nagency: &a 某局\nyear: *a\nfoo: 1\npublished: 二〇二三\n---\n")
        #expect(diagnostics.map(\.location.line) == [2, 3, 4, 5])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func unclosedIsAnError() {
        let (matter, consumed, diagnostics) = parse("---\nagency: 某局\n正文")
        #expect(matter == nil && consumed == 0)
        #expect(diagnostics.first?.severity == .error)
    }

    @Test func overridesTheTitle() {
        let text = "---\nagency: 洛阳市司法局\nyear: 2021\nslug: ly-sfj\n---\n" + (try! String(contentsOf: Paths.content.appendingPathComponent("luoyang-sifaju-2023.txt"), encoding: .utf8))
        let report = ReportReader().read(text: text, path: "x.txt")
        #expect(report.year == 2021 && report.agencySlug == "ly-sfj")
        // Diagnostics still point at the lines of the file, front matter included.
        let withoutFrontMatter = ReportReader().read(text: String(text.split(separator: "\n", maxSplits: 5, omittingEmptySubsequences: false)[5]), path: "x.txt")
        #expect(report.diagnostics.map(\.location.line).allSatisfy { $0 >= 1 })
        #expect(withoutFrontMatter.tables == report.tables)
    }
}
