import AnnualReports

/// The three statistical tables as HTML laid out like the official form: multi-level headers with
/// rowspan and colspan, a caption, scoped header cells, numbers right-aligned, and `null` cells
/// shown as a marked gap that says why.
enum TableHTML {
    /// Why cells are empty, numbered as notes under the table; each gap links to its note.
    struct Notes {
        let table: String
        let reasons: [String: String]
        private(set) var order: [String] = []

        init(table: String, reasons: [String: String]) {
            self.table = table
            self.reasons = reasons
        }

        mutating func cell(_ value: TableValue?, row: String) -> String {
            switch value {
            case .count(let n): return "<td class=\"num\">\(n)</td>"
            case .amount(let text): return "<td class=\"num\">\(HTML.escape(text))</td>"
            case nil: break
            }
            let reason = reasons[row] ?? "原文此格未能确认"
            if !order.contains(reason) { order.append(reason) }
            let n = order.firstIndex(of: reason)! + 1
            return "<td class=\"null\"><span aria-hidden=\"true\">—</span><span class=\"why\">未能确认<a href=\"#\(table)-note-\(n)\" aria-label=\"原因见注 \(n)\">[\(n)]</a></span></td>"
        }

        var html: String {
            guard !order.isEmpty else { return "" }
            return "<ol class=\"why-notes\" aria-label=\"空格的原因\">" + order.enumerated().map { i, reason in
                "<li id=\"\(table)-note-\(i + 1)\">\(HTML.escape(reason))</li>"
            }.joined() + "</ol>"
        }
    }

    // MARK: 二、主动公开政府信息情况

    static func activeDisclosure(_ table: ActiveDisclosure, reasons: [String: String] = [:]) -> String {
        var notes = Notes(table: "active", reasons: reasons)
        let rows = TableSchema.activeDisclosureRows(for: table.template)
        let groups: [(String, [String])] = table.template == .v2021
            ? [("第二十条第（一）项", ["regulations", "normativeDocuments"]), ("第二十条第（五）项", ["licensing"]),
               ("第二十条第（六）项", ["penalties", "coercion"]), ("第二十条第（八）项", ["fees"])]
            : [("第二十条第（一）项", ["regulations", "normativeDocuments"]), ("第二十条第（五）项", ["licensing", "otherServices"]),
               ("第二十条第（六）项", ["penalties", "coercion"]), ("第二十条第（八）项", ["fees"]), ("第二十条第（九）项", ["procurement"])]
        let width = 1 + (rows.map(\.valueCount).max() ?? 1)
        var html = "<table class=\"form\" id=\"table-active\">\n<caption>主动公开政府信息情况（\(table.template.rawValue) 年版格式）</caption>\n"
        for (title, keys) in groups {
            let schemas = keys.compactMap { key in rows.first { $0.key == key } }
            guard let first = schemas.first else { continue }
            html += "<tbody>\n<tr><th scope=\"colgroup\" colspan=\"\(width)\" class=\"group\">\(title)</th></tr>\n"
            html += "<tr><th scope=\"col\">信息内容</th>"
            for value in first.values { html += "<th scope=\"col\">\(HTML.escape(value.label))</th>" }
            html += String(repeating: "<td></td>", count: width - 1 - first.valueCount) + "</tr>\n"
            for schema in schemas {
                html += "<tr><th scope=\"row\">\(HTML.escape(schema.label))</th>"
                let values = table.rows[schema.key] ?? []
                for i in 0..<schema.valueCount { html += notes.cell(i < values.count ? values[i] : nil, row: schema.key) }
                html += String(repeating: "<td></td>", count: width - 1 - schema.valueCount) + "</tr>\n"
            }
            html += "</tbody>\n"
        }
        return html + "</table>" + notes.html
    }

    // MARK: 三、收到和处理政府信息公开申请情况

    static func applications(_ table: Applications, reasons: [String: String] = [:]) -> String {
        var notes = Notes(table: "applications", reasons: reasons)
        let layout = applicationsLayouts[table.template]!
        var html = layout.head
        for (key, start) in layout.rows {
            html += start
            let values = table.rows[key] ?? []
            for c in 0..<7 { html += notes.cell(c < values.count ? values[c] : nil, row: key) }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>" + notes.html
    }

    /// What the applications table has whatever its figures, for each format: the caption and
    /// headers, and each row's key with the header cells that start it.
    private static let applicationsLayouts: [Template: (head: String, rows: [(key: String, start: String)])] = Dictionary(
        uniqueKeysWithValues: Template.allCases.map { ($0, applicationsLayout($0)) })

    private static func applicationsLayout(_ template: Template) -> (head: String, rows: [(key: String, start: String)]) {
        let schema = TableSchema.applicationRows(for: template)
        var head = "<table class=\"form\" id=\"table-applications\">\n<caption>收到和处理政府信息公开申请情况（\(template.rawValue) 年版格式）</caption>\n<thead>\n"
        head += "<tr><td colspan=\"3\" rowspan=\"3\" class=\"note\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><th scope=\"colgroup\" colspan=\"7\">申请人情况</th></tr>\n"
        head += "<tr><th scope=\"col\" rowspan=\"2\">自然人</th><th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th><th scope=\"col\" rowspan=\"2\">总计</th></tr>\n"
        head += "<tr><th scope=\"col\">商业企业</th><th scope=\"col\">科研机构</th><th scope=\"col\">社会公益组织</th><th scope=\"col\">法律服务机构</th><th scope=\"col\">其他</th></tr>\n</thead>\n<tbody>\n"
        // Rows from 予以公开 to the total sit under 三、本年度办理结果; rows of a group (（三）不予公开 …)
        // under the group's label, which spans them.
        let outcomeKeys = Set(TableSchema.outcomeRows(for: template) + ["total"])
        var rows: [(schema: RowSchema, group: String?)] = []
        var group: String?
        for row in schema {
            if row.valueCount == 0 {
                group = row.key == "#results" ? nil : row.label
            } else {
                if !row.key.utf8.contains(UInt8(ascii: ".")) { group = nil }
                rows.append((row, group))
            }
        }
        let resultsCount = rows.filter { outcomeKeys.contains($0.schema.key) }.count
        var opened: Set<String> = []
        var resultsOpened = false
        var starts: [(key: String, start: String)] = []
        for (row, group) in rows {
            var start = "<tr>"
            let inResults = outcomeKeys.contains(row.key)
            if inResults && !resultsOpened {
                start += "<th scope=\"rowgroup\" rowspan=\"\(resultsCount)\">三、本年度办理结果</th>"
                resultsOpened = true
            }
            if let group {
                if opened.insert(group).inserted {
                    let span = rows.filter { $0.group == group }.count
                    start += "<th scope=\"rowgroup\" rowspan=\"\(span)\">\(HTML.escape(group))</th>"
                }
                start += "<th scope=\"row\">\(HTML.escape(row.label))</th>"
            } else {
                start += "<th scope=\"row\" colspan=\"\(inResults ? 2 : 3)\">\(HTML.escape(row.label))</th>"
            }
            starts.append((row.key, start))
        }
        return (head, starts)
    }

    // MARK: 四、政府信息公开行政复议、行政诉讼情况

    static func reviewLitigation(_ table: ReviewLitigation, reasons: [String: String] = [:]) -> String {
        var notes = Notes(table: "review", reasons: reasons)
        let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        var html = "<table class=\"form\" id=\"table-review\">\n<caption>政府信息公开行政复议、行政诉讼情况</caption>\n<thead>\n"
        html += "<tr><th scope=\"colgroup\" colspan=\"5\">行政复议</th><th scope=\"colgroup\" colspan=\"10\">行政诉讼</th></tr>\n<tr>"
        for o in outcomes { html += "<th scope=\"col\" rowspan=\"2\">\(o)</th>" }
        html += "<th scope=\"colgroup\" colspan=\"5\">未经复议直接起诉</th><th scope=\"colgroup\" colspan=\"5\">复议后起诉</th></tr>\n<tr>"
        for _ in 0..<2 { for o in outcomes { html += "<th scope=\"col\">\(o)</th>" } }
        html += "</tr>\n</thead>\n<tbody>\n<tr>"
        for group in ReviewLitigation.groups {
            let values = table.groups[group] ?? []
            for i in 0..<5 { html += notes.cell(i < values.count ? values[i] : nil, row: "all") }
        }
        return html + "</tr>\n</tbody>\n</table>" + notes.html
    }
}
