import AnnualReports
import Foundation
import ReportSite
import Testing

@Suite struct RegionIndexTests {
    let index = RegionIndex.shared

    @Test func theListIsShipped() {
        #expect(index.count > 3000)
    }

    /// The index compares names with suffixes by their bytes, which is how `String` compares
    /// them only while every character is one scalar with one form: ASCII and unified Han.
    @Test func theListIsASCIIAndUnifiedHan() throws {
        let list = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/ReportSite/Resources/gbt2260.tsv").standardized
        let text = try String(contentsOf: list, encoding: .utf8)
        let other = text.unicodeScalars.filter { !$0.isASCII && !(0x4E00...0x9FFF).contains($0.value) }
        #expect(text.unicodeScalars.count > 30_000 && other.isEmpty, "\(other.prefix(10))")
    }

    @Test(arguments: [
        ("洛阳市司法局", Region(province: "河南省", city: "洛阳市")),
        ("伊川县司法局", Region(province: "河南省", city: "洛阳市", county: "伊川县")),
        ("牧野区司法局", Region(province: "河南省", city: "新乡市", county: "牧野区")),
        ("芮城县司法局", Region(province: "山西省", city: "运城市", county: "芮城县")),
        ("湛江市人民政府地方志办公室", Region(province: "广东省", city: "湛江市")),
        ("上海市科委", Region(province: "上海市")),
        ("河南省洛阳市伊川县司法局", Region(province: "河南省", city: "洛阳市", county: "伊川县")),
    ])
    func infers(_ agency: String, _ region: Region) {
        #expect(index.infer(agency) == region)
    }

    @Test(arguments: ["朝阳区民政局", "某某局", "国家统计局", "沐阳县人民政府"])
    func ambiguousOrUnknownNamesGiveNoRegion(_ agency: String) {
        #expect(index.infer(agency) == nil)
    }

    @Test func aLaterNameSettlesAnAmbiguousOne() {
        #expect(index.infer("吉林省长春市朝阳区民政局") == Region(province: "吉林省", city: "长春市", county: "朝阳区"))
    }
}
