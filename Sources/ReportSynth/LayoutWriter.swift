import AnnualReports

/// The tables of one report as plain values, and a writer that renders them into the layouts real
/// reports come in, inside a complete report text. The tests use it to check that every layout
/// reads the same; the benchmark uses it to write synthetic reports.
public struct TableData: Sendable {
    public var template: Template
    /// Row key → cells as written (`"0"`, `"12.5"`, `"-3"`).
    public var activeDisclosure: [String: [String]]
    public var applications: [String: [Int]]
    public var reviewLitigation: [Int]

    public init(template: Template, activeDisclosure: [String: [String]], applications: [String: [Int]], reviewLitigation: [Int]) {
        self.template = template
        self.activeDisclosure = activeDisclosure
        self.applications = applications
        self.reviewLitigation = reviewLitigation
    }

    /// A 2021-format data set whose glued form (no separators at all) can still be split with certainty.
    public static let sample2021 = TableData(
        template: .v2021,
        activeDisclosure: [
            "regulations": ["0", "0", "0"], "normativeDocuments": ["2", "1", "5"], "licensing": ["12"],
            "penalties": ["345"], "coercion": ["0"], "fees": ["12.5"],
        ],
        applications: [
            "received": [12, 1, 0, 0, 0, 0, 13], "carriedOver": [1, 0, 0, 0, 0, 0, 1],
            "granted": [5, 1, 0, 0, 0, 0, 6], "partiallyGranted": [2, 0, 0, 0, 0, 0, 2],
            "denied.thirdPartyRights": [1, 0, 0, 0, 0, 0, 1], "unavailable.notHeld": [3, 0, 0, 0, 0, 0, 3],
            "otherHandling.other": [1, 0, 0, 0, 0, 0, 1], "total": [12, 1, 0, 0, 0, 0, 13],
            "carriedForward": [1, 0, 0, 0, 0, 0, 1],
        ],
        reviewLitigation: [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    )

    /// A 2019-format data set with a negative 本年增/减 and multi-digit cells everywhere.
    public static let sample2019 = TableData(
        template: .v2019,
        activeDisclosure: [
            "regulations": ["0", "0", "0"], "normativeDocuments": ["3", "3", "41"], "licensing": ["120", "-4", "2317"],
            "otherServices": ["26", "0", "1483"], "penalties": ["50", "2", "96"], "coercion": ["7", "0", "12"],
            "fees": ["3", "-1"], "procurement": ["4", "251.3"],
        ],
        applications: [
            "received": [21, 3, 0, 1, 0, 0, 25], "carriedOver": [2, 0, 0, 0, 0, 0, 2],
            "granted": [10, 2, 0, 1, 0, 0, 13], "partiallyGranted": [4, 0, 0, 0, 0, 0, 4],
            "unavailable.notHeld": [6, 1, 0, 0, 0, 0, 7], "otherHandling": [2, 0, 0, 0, 0, 0, 2],
            "total": [22, 3, 0, 1, 0, 0, 26], "carriedForward": [1, 0, 0, 0, 0, 0, 1],
        ],
        reviewLitigation: [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]
    )

    public func applicationValues(_ key: String) -> [Int] { applications[key] ?? Array(repeating: 0, count: 7) }

    /// The tables as the reader's model, for comparison.
    public var expectedTables: Tables {
        var ad: [String: [TableValue?]] = [:]
        for row in TableSchema.activeDisclosureRows(for: template) {
            ad[row.key] = zip(row.values, activeDisclosure[row.key] ?? []).map { value, cell in
                value.kind == .amount ? .amount(cell) : .count(Int(cell)!)
            }
        }
        var rows: [String: [TableValue?]] = [:]
        for row in TableSchema.applicationRows(for: template) where row.valueCount > 0 {
            rows[row.key] = applicationValues(row.key).map { .count($0) }
        }
        var groups: [String: [TableValue?]] = [:]
        for (g, key) in ReviewLitigation.groups.enumerated() {
            groups[key] = reviewLitigation[(g * 5)..<(g * 5 + 5)].map { .count($0) }
        }
        return Tables(
            activeDisclosure: ActiveDisclosure(template: template, rows: ad),
            applications: Applications(template: template, rows: rows),
            reviewLitigation: ReviewLitigation(groups: groups))
    }
}

public enum Layout: String, CaseIterable, Sendable {
    case tabs, cellPerLine, pdfText, markdownPipes, glued
}

/// The words around the tables: the title and the prose of sections one, five and six.
public struct Narrative: Sendable {
    public var title: String
    public var overview: String
    public var problems: String
    public var other: String

    public init(title: String, overview: String, problems: String, other: String) {
        self.title = title
        self.overview = overview
        self.problems = problems
        self.other = other
    }

    /// The short text the layout tests use.
    public static func sample(_ data: TableData) -> Narrative {
        let received = data.applicationValues("received")[6]
        return Narrative(
            title: "某某市某某局 \(data.template == .v2021 ? 2023 : 2020) 年政府信息公开工作年度报告",
            overview: "\(2023)年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请 \(received) 件，均已按期办结。",
            problems: "一是政策解读形式较为单一；二是信息发布的及时性有待提高。下一步，我局将加强培训，完善制度。",
            other: "本年度未收取信息处理费。")
    }
}

/// Renders `TableData` into a whole report in one layout.
public struct LayoutWriter: Sendable {
    public var data: TableData
    public var layout: Layout
    public var narrative: Narrative

    public init(data: TableData, layout: Layout, narrative: Narrative? = nil) {
        self.data = data
        self.layout = layout
        self.narrative = narrative ?? .sample(data)
    }

    private var adRows: [RowSchema] { TableSchema.activeDisclosureRows(for: data.template) }
    private var appRows: [RowSchema] { TableSchema.applicationRows(for: data.template) }

    /// Which table 2 heading group (第二十条第（X）项) a row belongs to, and that group's column headers.
    private func disclosureGroups() -> [(title: String, headers: [String], rows: [RowSchema])] {
        let byKey = Dictionary(uniqueKeysWithValues: adRows.map { ($0.key, $0) })
        func rows(_ keys: [String]) -> [RowSchema] { keys.compactMap { byKey[$0] } }
        func headers(_ key: String) -> [String] { ["信息内容"] + (byKey[key]?.values.map(\.label) ?? []) }
        if data.template == .v2021 {
            return [
                ("第二十条第（一）项", headers("regulations"), rows(["regulations", "normativeDocuments"])),
                ("第二十条第（五）项", headers("licensing"), rows(["licensing"])),
                ("第二十条第（六）项", headers("penalties"), rows(["penalties", "coercion"])),
                ("第二十条第（八）项", headers("fees"), rows(["fees"])),
            ]
        }
        return [
            ("第二十条第（一）项", headers("regulations"), rows(["regulations", "normativeDocuments"])),
            ("第二十条第（五）项", headers("licensing"), rows(["licensing", "otherServices"])),
            ("第二十条第（六）项", headers("penalties"), rows(["penalties", "coercion"])),
            ("第二十条第（八）项", headers("fees"), rows(["fees"])),
            ("第二十条第（九）项", headers("procurement"), rows(["procurement"])),
        ]
    }

    /// Table 3's rows as (group label or nil, row label, values), group labels only on a group's first row.
    private func applicationLines() -> [(group: String?, label: String, values: [String])] {
        var result: [(String?, String, [String])] = []
        var pendingGroup: String?
        for row in appRows {
            if row.valueCount == 0 {
                pendingGroup = row.label
                continue
            }
            result.append((pendingGroup, row.label, data.applicationValues(row.key).map(String.init)))
            pendingGroup = nil
        }
        return result
    }

    private let reviewHeaders = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]

    public var text: String {
        let parts: [(String, String)] = [
            ("一、总体情况", narrative.overview),
            ("二、主动公开政府信息情况", table2()),
            ("三、收到和处理政府信息公开申请情况", table3()),
            ("四、政府信息公开行政复议、行政诉讼情况", table4()),
            ("五、存在的主要问题及改进情况", narrative.problems),
            ("六、其他需要报告的事项", narrative.other),
        ]
        let title = narrative.title
        if layout == .glued {
            return "标题: \(title)\n==================== 正文 ====================\n" + parts.map { $0.0 + $0.1 }.joined()
        }
        return title + "\n\n" + parts.map { $0.0 + "\n\n" + $0.1 }.joined(separator: "\n\n") + "\n"
    }

    private func table2() -> String {
        var lines: [String] = []
        for group in disclosureGroups() {
            switch layout {
            case .tabs:
                lines.append(group.title + String(repeating: "\t", count: 3))
                lines.append(group.headers.joined(separator: "\t"))
                for row in group.rows { lines.append(([row.label] + data.activeDisclosure[row.key]!).joined(separator: "\t")) }
            case .cellPerLine:
                lines.append("\t" + group.title + "\n")
                lines.append(group.headers.map { "\t" + $0 }.joined(separator: "\n") + "\n")
                for row in group.rows { lines.append(([row.label] + data.activeDisclosure[row.key]!).map { "\t" + $0 }.joined(separator: "\n") + "\n") }
            case .pdfText:
                lines.append(group.title + "\n")
                lines.append(group.headers.map { wrap($0, 5) }.joined(separator: "\n") + "\n")
                for row in group.rows { lines.append(row.label + " " + data.activeDisclosure[row.key]!.joined(separator: " ") + "\n") }
            case .markdownPipes:
                lines.append("### " + group.title)
                lines.append("| " + group.headers.joined(separator: " | ") + " |")
                lines.append("|" + String(repeating: "---|", count: group.headers.count))
                for row in group.rows { lines.append("| " + ([row.label] + data.activeDisclosure[row.key]!).joined(separator: " | ") + " |") }
                lines.append("")
            case .glued:
                lines.append(group.title + group.headers.joined())
                for row in group.rows { lines.append(row.label + data.activeDisclosure[row.key]!.joined()) }
            }
        }
        return lines.joined(separator: layout == .glued ? "" : "\n")
    }

    private func table3() -> String {
        let caption = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
        let columns = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
        var lines: [String] = []
        let rows = applicationLines()
        switch layout {
        case .tabs:
            lines.append(caption + "\t\t申请人情况\t\t\t\t\t\t总计\t")
            lines.append("\t\t自然人\t法人或其他组织\t\t\t\t\t\t")
            lines.append("\t\t\t" + columns[1...5].joined(separator: "\t") + "\t\t")
            for row in rows {
                let lead = row.group.map { "\t" + $0 + "\t" } ?? "\t\t"
                lines.append((row.label.hasPrefix("一") || row.label.hasPrefix("二") || row.label.hasPrefix("四") ? row.label + "\t\t" : lead + row.label + "\t") + row.values.joined(separator: "\t") + "\t")
            }
        case .cellPerLine:
            lines.append("\t" + caption + "\n\t申请人情况\n")
            lines.append(columns.map { "\t" + $0 }.joined(separator: "\n") + "\n")
            for row in rows {
                var cells = [row.label] + row.values
                if let group = row.group { cells.insert(group, at: 0) }
                lines.append(cells.map { "\t" + $0 }.joined(separator: "\n") + "\n")
            }
        case .pdfText:
            lines.append("申请人情况\n")
            lines.append(columns.map { wrap($0, 2) }.joined(separator: "\n") + "\n")
            for (i, row) in rows.enumerated() {
                if let group = row.group { lines.append(wrap(group, 3) + "\n") }
                if i == rows.count / 2 { lines.append("— 3 —\n") }
                // Long labels wrap, and their values then stand on a line of their own.
                if row.label.count > 12 {
                    lines.append(wrap(row.label, 10) + "\n\n" + row.values.joined(separator: " "))
                } else {
                    lines.append(row.label + " " + row.values.joined(separator: " "))
                }
            }
        case .markdownPipes:
            lines.append(caption)
            lines.append("| 项目 | 分类 | " + columns.joined(separator: " | ") + " |")
            lines.append("|" + String(repeating: "---|", count: 9))
            for row in rows {
                lines.append("| " + (row.group ?? "") + " | " + row.label + " | " + row.values.joined(separator: " | ") + " |")
            }
        case .glued:
            lines.append(caption + "申请人情况" + columns.joined())
            for row in rows { lines.append((row.group ?? "") + row.label + row.values.joined()) }
        }
        return lines.joined(separator: layout == .glued ? "" : "\n")
    }

    private func table4() -> String {
        let values = data.reviewLitigation.map(String.init)
        switch layout {
        case .tabs:
            return "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n\t\t\t\t\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\n" + values.joined(separator: "\t")
        case .cellPerLine:
            return reviewHeaders.map { "\t" + $0 }.joined(separator: "\n") + "\n\n" + values.map { "\t" + $0 }.joined(separator: "\n")
        case .pdfText:
            return "行政复议 行政诉讼\n\n" + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map { wrap($0, 1) }.joined(separator: "\n\n") + "\n\n未经复议直接起诉 复议后起诉\n\n" + values.joined(separator: " ")
        case .markdownPipes:
            let names = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
            return (0..<3).map { g in
                "### \(names[g])\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| " + values[(g * 5)..<(g * 5 + 5)].joined(separator: " | ") + " |"
            }.joined(separator: "\n\n")
        case .glued:
            return reviewHeaders.joined() + values.joined()
        }
    }

    /// Breaks a label into lines of `width` characters, as PDF text does.
    private func wrap(_ text: String, _ width: Int) -> String {
        var lines: [String] = []
        var current = ""
        for c in text {
            current.append(c)
            if current.count == width {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
