import AnnualReports

/// A deterministic generator of realistic annual reports for the benchmark: real-sounding agency
/// names, both table formats, every layout the reader knows, tables that satisfy the official
/// identities (and carry over from one year to the next), and 6–8 KB of narrative each.
///
/// Report `i` is agency `i / years`, year `firstYear + i % years`: the same index always gives
/// the same text, on any machine.
public struct SyntheticReports: Sendable {
    public static let firstYear = 2019
    public static let years = 7

    public struct Report: Sendable {
        /// A relative path such as `c07/r073-d12-2023.txt`.
        public var path: String
        public var agency: String
        public var year: Int
        public var layout: Layout
        /// The tables the text holds.
        public var data: TableData
        public var text: String
        /// The same report with Markdown pipe tables, for generators that read Markdown.
        public var markdown: String
    }

    public init() {}

    /// How many distinct agency-years there are.
    public static var capacity: Int { regions.count * departments.count * years }

    public func report(_ index: Int) -> Report {
        precondition(index >= 0 && index < Self.capacity, "at most \(Self.capacity) synthetic reports")
        let agencyIndex = index / Self.years
        let year = Self.firstYear + index % Self.years
        let region = Self.regions[agencyIndex / Self.departments.count]
        let department = Self.departments[agencyIndex % Self.departments.count]
        let agency = region.name + department
        var random = SplitMix64(seed: UInt64(agencyIndex) &* 1_000_003 &+ UInt64(year))
        let template: Template = year <= 2020 ? .v2019 : .v2021
        let data = tables(agency: agencyIndex, year: year, template: template, random: &random)
        let layouts: [Layout] = template == .v2021 ? [.tabs, .cellPerLine, .pdfText, .markdownPipes, .glued] : [.tabs, .cellPerLine, .pdfText, .markdownPipes]
        let layout = layouts[random.below(layouts.count)]
        let narrative = Self.narrative(agency: agency, year: year, received: data.applicationValues("received")[6], random: &random)
        let path = "c\(String(format2: agencyIndex / Self.departments.count / 11))/r\(String(format3: agencyIndex / Self.departments.count))-d\(String(format2: agencyIndex % Self.departments.count))-\(year).txt"
        return Report(
            path: path, agency: agency, year: year, layout: layout, data: data,
            text: LayoutWriter(data: data, layout: layout, narrative: narrative).text,
            markdown: LayoutWriter(data: data, layout: .markdownPipes, narrative: narrative).text)
    }

    // MARK: Tables

    /// Requests carried forward at the end of `year`: a function of the agency and year alone, so
    /// that the next year's report carries over exactly this many.
    private func carriedForward(agency: Int, year: Int, column: Int) -> Int {
        var random = SplitMix64(seed: UInt64(agency) &* 7_919 &+ UInt64(year) &* 31 &+ UInt64(column))
        let received = receivedCount(&random, column: column)
        return min(received, random.below(4) == 0 ? random.below(4) : 0)
    }

    private func receivedCount(_ random: inout SplitMix64, column: Int) -> Int {
        column == 0 ? random.below(160) : (random.below(3) == 0 ? random.below(12) : 0)
    }

    private func tables(agency: Int, year: Int, template: Template, random: inout SplitMix64) -> TableData {
        var active: [String: [String]] = [:]
        for row in TableSchema.activeDisclosureRows(for: template) {
            active[row.key] = row.values.map { value in
                switch value.kind {
                case .count: String(random.below(4) == 0 ? random.below(400) : random.below(20))
                case .signedCount: String(random.below(9) - 4)
                case .amount: random.below(3) == 0 ? "0" : "\(random.below(300)).\(random.below(10))"
                }
            }
        }
        var applications: [String: [Int]] = [:]
        let outcomes = TableSchema.outcomeRows(for: template)
        // Most requests are granted or not held; the rest spread over the other outcomes.
        let weights = outcomes.map { key -> Int in
            switch key {
            case "granted": 40
            case "partiallyGranted": 12
            case "unavailable.notHeld": 18
            default: 1
            }
        }
        let weightSum = weights.reduce(0, +)
        var columns: [String: [Int]] = [:]
        for c in 0..<6 {
            var own = SplitMix64(seed: UInt64(agency) &* 7_919 &+ UInt64(year) &* 31 &+ UInt64(c))
            let received = receivedCount(&own, column: c)
            let carriedOver = year > Self.firstYear ? carriedForward(agency: agency, year: year - 1, column: c) : 0
            let forward = carriedForward(agency: agency, year: year, column: c)
            let total = received + carriedOver - forward
            var counts = Array(repeating: 0, count: outcomes.count)
            for _ in 0..<total {
                var pick = random.below(weightSum)
                var k = 0
                while pick >= weights[k] { pick -= weights[k]; k += 1 }
                counts[k] += 1
            }
            var column = ["received": received, "carriedOver": carriedOver, "total": total, "carriedForward": forward]
            for (key, count) in zip(outcomes, counts) { column[key] = count }
            for (key, value) in column { columns[key, default: []].append(value) }
        }
        for (key, values) in columns where values.contains(where: { $0 != 0 }) || ["received", "total"].contains(key) {
            applications[key] = values + [values.reduce(0, +)]
        }
        var review: [Int] = []
        for _ in 0..<3 {
            let results = (0..<4).map { _ in random.below(5) == 0 ? random.below(4) : 0 }
            review += results + [results.reduce(0, +)]
        }
        return TableData(template: template, activeDisclosure: active, applications: applications, reviewLitigation: review)
    }

    // MARK: Narrative

    private static func narrative(agency: String, year: Int, received: Int, random: inout SplitMix64) -> Narrative {
        func pick(_ list: [String], _ count: Int) -> String {
            var chosen: [String] = []
            var pool = list
            for _ in 0..<min(count, pool.count) { chosen.append(pool.remove(at: random.below(pool.count))) }
            return chosen.joined()
        }
        let month = 1 + random.below(3)
        let opening = "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。报告全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。本报告中所列数据的统计期限自\(year)年1月1日起至\(year)年12月31日止。"
        var overview = opening + "\n\n\(year)年，\(agency)坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，" + pick(Self.overviewSentences, 3)
        for (heading, bank) in Self.subsections {
            var paragraph = pick(bank, 4)
            if heading == "（二）依申请公开" {
                paragraph = "全年共收到政府信息公开申请\(received)件，均在法定期限内予以答复。" + paragraph
            }
            overview += "\n\n" + heading + "\n\n" + paragraph
        }
        let problems = "\(year)年，我们的政府信息公开工作取得了一定成效，但也存在一些不足：" + pick(Self.problemSentences, 3) + "\n\n下一步，" + pick(Self.improvementSentences, 4)
        let other = pick(Self.otherSentences, 2) + "\n\n\(agency)\n\(year + 1)年\(month)月\(1 + random.below(28))日"
        return Narrative(title: "\(agency)\(year)年政府信息公开工作年度报告", overview: overview, problems: problems, other: other)
    }

    static let overviewSentences = [
        "紧紧围绕全局中心工作，以公开促落实、以公开促规范、以公开促服务，不断提高政务公开的质量和实效。",
        "把政府信息公开工作列入重要议事日程，明确分管领导和具体承办人员，形成了主要领导亲自抓、分管领导具体抓、业务科室协同配合的工作格局。",
        "进一步完善政府信息公开工作制度，健全信息发布审查、依申请公开办理、政策解读和回应关切等工作机制。",
        "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
        "围绕优化营商环境、保障和改善民生等重点领域，加大信息公开力度，积极回应社会关切。",
    ]

    static let subsections: [(String, [String])] = [
        ("（一）主动公开", [
            "通过政府门户网站、政务新媒体等平台主动公开机构职能、政策文件、规划计划、财政预决算、行政执法等各类政府信息。",
            "及时更新领导分工、内设机构和办事指南等基础信息，确保信息准确、完整、及时。",
            "全面公开权责清单、公共服务事项清单，主动接受社会监督。",
            "围绕重要政策文件，采取图文解读、专家解读、新闻发布等多种方式开展政策解读，提高政策知晓度。",
            "规范行政执法信息公示，依法公开行政许可、行政处罚等执法决定信息。",
            "按照预算法规定时限公开部门预算、决算及“三公”经费，细化公开内容。",
        ]),
        ("（二）依申请公开", [
            "严格执行依申请公开工作规程，规范受理、登记、审查、答复、送达、归档等各环节。",
            "对申请内容不明确的，一次性告知申请人补正事项，切实提高答复质量。",
            "加强与法律顾问的沟通协作，对复杂疑难申请进行集体研究，确保答复合法规范。",
            "依申请公开答复书统一格式，做到答复内容完整、依据明确、救济途径告知清楚。",
        ]),
        ("（三）政府信息管理", [
            "严格落实信息发布前保密审查和合法性审查制度，坚持“先审查、后公开”和“一事一审”。",
            "定期对已公开的规范性文件进行清理，及时公布清理结果和现行有效文件目录。",
            "建立健全政府信息公开台账，对公开信息实行分类管理、动态更新。",
            "加强个人信息保护，对涉及个人隐私的信息进行去标识化处理。",
        ]),
        ("（四）政府信息公开平台建设", [
            "持续优化政府网站信息公开专栏，完善栏目设置，方便公众查询获取。",
            "加强政务新媒体管理，做到内容更新及时、互动回应有效、安全运行可靠。",
            "依托政务服务大厅设置政府信息查阅点，为群众提供便捷的查阅服务。",
            "开展网站常态化监测，对错链、断链和不规范表述及时整改。",
        ]),
        ("（五）监督保障", [
            "将政府信息公开工作纳入年度绩效考核，压实工作责任。",
            "组织开展政府信息公开业务培训，提升工作人员的业务能力和依法公开意识。",
            "畅通社会评议渠道，认真听取公众意见建议，及时改进工作。",
            "主动接受社会监督，未发生因信息公开不当引发的舆情事件。",
        ]),
    ]

    static let problemSentences = [
        "一是政策解读的形式还不够丰富，图解、视频等解读方式运用较少；",
        "二是部分信息公开的时效性有待提高，个别栏目更新不够及时；",
        "三是工作人员的业务能力与新形势新要求相比还有差距；",
        "四是公众参与和互动回应的渠道还需进一步拓展；",
        "五是基层政务公开标准化规范化建设有待深化。",
    ]

    static let improvementSentences = [
        "我们将进一步加强组织领导，健全工作机制，推动政务公开工作常态化、规范化。",
        "丰富政策解读形式，提高解读的针对性和可读性，增强政策的传播力和影响力。",
        "加强信息发布管理，严格审核把关，确保公开信息准确、及时、规范。",
        "加大业务培训力度，不断提升工作人员依法公开的意识和能力。",
        "完善互动交流平台，及时回应群众关切，提升政务公开的群众满意度。",
        "强化监督考核，将政务公开工作落到实处。",
    ]

    static let otherSentences = [
        "本年度未收取信息处理费。",
        "本机关全年共办理人大代表建议和政协委员提案若干件，办理结果均已按要求公开。",
        "本年度政务公开工作年度要点落实情况良好，各项任务均已按期完成。",
        "无其他需要报告的事项。",
    ]

    // MARK: Names

    struct Region: Sendable { var name: String }

    static let cities = [
        "郑州市", "洛阳市", "开封市", "南阳市", "新乡市", "安阳市", "焦作市", "许昌市", "商丘市", "信阳市",
        "太原市", "大同市", "长治市", "晋城市", "运城市", "临汾市", "福州市", "厦门市", "泉州市", "漳州市",
        "南京市", "苏州市", "无锡市", "徐州市", "宿迁市", "济南市", "青岛市", "烟台市", "潍坊市", "临沂市",
        "长沙市", "株洲市", "湘潭市", "衡阳市", "岳阳市", "武汉市", "宜昌市", "襄阳市", "荆州市", "黄冈市",
    ]
    static let districts = ["", "城关区", "东城区", "西城区", "新区", "高新区", "经济开发区", "北县", "南县", "东县", "西县"]
    static let regions: [Region] = cities.flatMap { city in districts.map { Region(name: city + $0) } }

    static let departments = [
        "司法局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
        "水利局", "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
        "市场监督管理局", "统计局", "医疗保障局", "林业局", "教育局", "科学技术局", "工业和信息化局", "发展和改革委员会",
        "人民政府办公室", "信访局", "体育局", "城市管理局", "行政审批服务局", "地方志办公室", "住房公积金管理中心", "气象局",
        "粮食和物资储备局", "乡村振兴局", "政务服务和大数据管理局", "机关事务管理局", "民族宗教事务局", "外事办公室", "人民防空办公室", "档案馆",
    ]
}

/// A small, fast, well-mixed generator whose sequence is fixed by its seed (the tests use it too,
/// so that a failure can be replayed from its seed).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

private extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
    init(format3 value: Int) { self = value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
}
