@testable import AnnualReports
import Testing

@Suite struct IdentityTests {
    @Test(arguments: [
        ("洛阳市司法局2023年政府信息公开工作年度报告", "洛阳市司法局", 2023),
        ("#牧野区司法局2023年政府信息公开工作年度报告", "牧野区司法局", 2023),
        ("2024年上海市科委政府信息公开工作年度报告", "上海市科委", 2024),
        ("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024),
        ("正文2024年上海市科委政府信息公开工作年度报告", "上海市科委", 2024),
    ])
    func titles(_ title: String, _ agency: String, _ year: Int) {
        let parsed = IdentityReader.parseTitle(title)
        #expect(parsed?.agency == agency)
        #expect(parsed?.year == year)
    }

    @Test func titleSplitOverTwoLines() {
        let report = ReportReader().read(text: "芮城县司法局\n2023年政府信息公开工作年度报告\n一、总体情况\n无。\n", path: "a.txt")
        #expect(report.agency == "芮城县司法局" && report.year == 2023)
    }

    @Test func spacesAroundTheYear() {
        let report = ReportReader().read(text: "伊川县司法局 2024 年政府信息公开工作年度报告\n", path: "a.txt")
        #expect(report.agency == "伊川县司法局" && report.year == 2024)
    }

    @Test func partialAgencyCompletedFromTheBody() {
        let text = "市司法局 2020 年政府信息公开工作年度报告\n一、总体情况\n本报告由洛阳市司法\n局编制。洛阳市司法局认真落实。\n"
        let report = ReportReader().read(text: text, path: "a.txt")
        #expect(report.agency == "洛阳市司法局")
        #expect(report.diagnostics.contains { $0.severity == .note && $0.message.contains("补全") })
    }

    @Test func partialAgencyThatCannotBeCompletedIsAnError() {
        let report = ReportReader().read(text: "区统计局2023年政府信息公开工作年度报告\n一、总体情况\n我局认真落实。\n", path: "a.txt")
        #expect(report.agency == nil)
        #expect(report.diagnostics.contains { $0.severity == .error && $0.location.line == 1 })
    }

    @Test func metadataHeader() {
        let text = "标题: 平潭综合实验区2024年度政府信息公开工作年度报告\n发布时间: 2025-03-10 15:35\n原文链接: https://www.pingtan.gov.cn/a.htm\n==================== 正文 ====================\n本报告根据……编制。\n"
        let report = ReportReader().read(text: text, path: "a.txt")
        #expect(report.agency == "平潭综合实验区" && report.year == 2024)
        #expect(report.published == "2025-03-10")
        #expect(report.source.url == "https://www.pingtan.gov.cn/a.htm")
    }

    @Test func yearFromTheStatisticalPeriod() {
        let report = ReportReader().read(text: "区统计局政府信息公开工作年度报告\n本报告所列数据统计期限为 2022 年 1 月 1 日至 12 月 31 日。\n", path: "a.txt")
        #expect(report.year == 2022)
    }

    @Test func impossibleYearIsAnError() {
        let report = ReportReader().read(text: "某某局 1900 年政府信息公开工作年度报告\n", path: "a.txt")
        #expect(report.year == nil)
        #expect(report.hasErrors)
    }

    @Test func signatureDate() {
        let report = ReportReader().read(text: "某某县某某局2023年政府信息公开工作年度报告\n六、其他需要报告的事项\n无\n\n      某某县某某局\n2024年1月15日\n", path: "a.txt")
        #expect(report.published == "2024-01-15")
        #expect(report.sections[5].markdown == "无")
    }

    @Test(arguments: [("2024年1月15日", "2024-01-15"), ("2025-03-10 15:35", "2025-03-10"), ("2024/2/29", "2024-02-29"), ("2023年2月29日", nil), ("今天", nil),
                         ("\u{3000}２０２４年１月５日", "2024-01-05"), (" 2024 年 1 月 5 日", "2024-01-05"), ("年2024年1月5日", nil), ("", nil), ("  ", nil), ("\u{A0}2024年1月5日", "2024-01-05")])
    func dates(_ text: String, _ iso: String?) {
        #expect(DateText.isoDate(from: text) == iso)
    }

    @Test func slugs() {
        #expect(Slug.make("洛阳市司法局") == "luo-yang-shi-si-fa-ju")
        #expect(Slug.make("ABC 局") == "abc-ju")
        #expect(Slug.isValid("luoyang-sifaju") && !Slug.isValid("../x") && !Slug.isValid("a/b") && !Slug.isValid(""))
    }

    /// Han-Latin reads some characters by the next one (重庆 is chong-qing, 重 alone zhong): a slug
    /// is its name's transliteration whole, never its characters' one by one, whether the name is
    /// slugged alone (`make`) or with others (`prepare`). These are URLs that must not change.
    @Test func slugsReadCharactersInContext() {
        let expected = [
            "重庆市人民政府": "chong-qing-shi-ren-min-zheng-fu",
            "重庆市交通局": "chong-qing-shi-jiao-tong-ju",
            "西藏自治区藏语言文字工作委员会": "xi-cang-zi-zhi-qu-zang-yu-yan-wen-zi-gong-zuo-wei-yuan-hui",
            "驻秘鲁大使馆": "zhu-bi-lu-da-shi-guan",
            "重大项目办公室": "zhong-da-xiang-mu-ban-gong-shi",
        ]
        #expect(Slug.make("重庆市人民政府") == expected["重庆市人民政府"])
        Slug.prepare(expected.keys)
        for (name, slug) in expected { #expect(Slug.make(name) == slug, "\(name)") }
    }
}

@Suite struct SectionTests {
    @Test func markdownHeadingLevelsAndNumerals() throws {
        let report = try Paths.read(Paths.content.appendingPathComponent("muye-sifaju-2023.txt"), as: "a")
        #expect(report.sections.map(\.title) == Section.standardTitles.enumerated().map { $0.offset == 3 ? "政府信息公开行政复议、行政诉讼情况" : $0.element })
        #expect(report.sections[0].markdown?.contains("### （一）主动公开") == true)
    }

    @Test func sectionsInsideOneLine() {
        let text = "某局2023年政府信息公开工作年度报告\n前言。一、总体情况 本年度工作顺利。二、主动公开政府信息情况第二十条规章000三、收到和处理政府信息公开申请情况本年新收0000000五、存在的主要问题及改进情况一是不足。六、其他需要报告的事项无"
        let report = ReportReader().read(text: text, path: "a.txt")
        #expect(report.sections.map { $0.markdown != nil } == [true, true, true, false, true, true])
        #expect(report.sections[0].markdown == "前言。\n\n本年度工作顺利。")
        #expect(report.sections[5].markdown == "无")
    }

    /// PDF text can carry CJK compatibility ideographs, canonically the ordinary ones (U+FA71 is
    /// 况, U+F98E 年, U+FA01 度): the report reads as if they were.
    @Test func compatibilityIdeographsReadAsTheOrdinaryOnes() throws {
        let url = Paths.content.appendingPathComponent("luoyang-sifaju-2023.txt")
        let plain = try Paths.read(url, as: "a.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "五、存在的主要问题及改进情况", with: "五、存在的主要问题及改进情\u{FA71}", options: .literal)
            .replacingOccurrences(of: "年度报告", with: "\u{F98E}\u{FA01}报告", options: .literal)
        #expect(text.unicodeScalars.contains("\u{FA71}") && text.unicodeScalars.contains("\u{F98E}"))
        let report = ReportReader().read(text: text, path: "a.txt")
        #expect(report.agency == plain.agency && report.year == plain.year)
        #expect(report.sections.map { $0.markdown != nil } == plain.sections.map { $0.markdown != nil })
        // The title is found whole (Swift compares it with the ordinary 况 as equal).
        #expect(report.sections.map(\.title) == plain.sections.map(\.title))
        #expect(report.tables == plain.tables)
        #expect(report.checks.map(\.status) == plain.checks.map(\.status))
    }

    @Test func hardWrappedTextIsReflowed() throws {
        let report = try Paths.read(Paths.content.appendingPathComponent("luoyang-sifaju-2020.txt"), as: "a")
        let first = try #require(report.sections[0].markdown)
        #expect(first.hasPrefix("2020年是全面建成小康社会和“十三五”规划收官之年。洛阳市司法局在市委市政府的坚强领导下，"))
        #expect(first.contains("\n\n### （一）基层政务公开标准化规范化推进情况\n\n"))
        #expect(!first.contains("— "))
    }

    @Test func pageFootersAreRemoved() {
        let md = NarrativeFormatter.markdown([
            TextFragment(line: 1, column: 1, text: "这是第一行没有结束"),
            TextFragment(line: 2, column: 1, text: "— 1 —"),
            TextFragment(line: 3, column: 1, text: "的句子。"),
            TextFragment(line: 4, column: 1, text: "- 4 -"),
        ])
        #expect(md == "这是第一行没有结束的句子。")
    }
}
