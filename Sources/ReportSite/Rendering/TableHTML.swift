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

        /// Writes the cell of `value` in `row` to `html`. A figure's cell has no class: the cells
        /// of a form's body are figures, gaps (`td.null`) and the empty cells that fill out a
        /// short row, and the theme right-aligns them (a class on each figure would be a tenth of
        /// a report's page).
        mutating func cell(_ value: TableValue?, row: String, into html: inout Markup) {
            switch value {
            case .count(let n):
                html.raw("<td>")
                html.int(n)
                html.raw("</td>")
                return
            case .amount(let text):
                html.raw("<td>")
                html.text(text)
                html.raw("</td>")
                return
            case nil: break
            }
            let reason = reasons[row] ?? "原文此格未能确认"
            if !order.contains(reason) { order.append(reason) }
            let n = order.firstIndex(of: reason)! + 1
            html.raw("<td class=\"null\"><span aria-hidden=\"true\">—</span><span class=\"why\">未能确认<a href=\"#\(table)-note-\(n)\" aria-label=\"原因见注 \(n)\">[\(n)]</a></span></td>")
        }

        /// The numbered notes, after the table.
        func write(into html: inout Markup) {
            guard !order.isEmpty else { return }
            html.raw("<ol class=\"why-notes\" aria-label=\"空格的原因\">")
            for (i, reason) in order.enumerated() {
                html.raw("<li id=\"\(table)-note-\(i + 1)\">")
                html.text(reason)
                html.raw("</li>")
            }
            html.raw("</ol>")
        }
    }

    // MARK: 二、主动公开政府信息情况

    static func activeDisclosure(_ table: ActiveDisclosure, reasons: [String: String] = [:]) -> [UInt8] {
        var notes = Notes(table: "active", reasons: reasons)
        let rows = TableSchema.activeDisclosureRows(for: table.template)
        let groups: [(String, [String])] = table.template == .v2021
            ? [("第二十条第（一）项", ["regulations", "normativeDocuments"]), ("第二十条第（五）项", ["licensing"]),
               ("第二十条第（六）项", ["penalties", "coercion"]), ("第二十条第（八）项", ["fees"])]
            : [("第二十条第（一）项", ["regulations", "normativeDocuments"]), ("第二十条第（五）项", ["licensing", "otherServices"]),
               ("第二十条第（六）项", ["penalties", "coercion"]), ("第二十条第（八）项", ["fees"]), ("第二十条第（九）项", ["procurement"])]
        let width = 1 + (rows.map(\.valueCount).max() ?? 1)
        var html = Markup(capacity: 8192)
        html.raw("<table class=\"form\" id=\"table-active\">\n<caption>主动公开政府信息情况（\(table.template.rawValue) 年版格式）</caption>\n")
        func emptyCells(_ count: Int) {
            for _ in 0..<count { html.raw("<td></td>") }
        }
        for (title, keys) in groups {
            let schemas = keys.compactMap { key in rows.first { $0.key == key } }
            guard let first = schemas.first else { continue }
            html.raw("<tbody>\n<tr><th scope=\"colgroup\" colspan=\"\(width)\" class=\"group\">\(title)</th></tr>\n")
            html.raw("<tr><th scope=\"col\">信息内容</th>")
            for value in first.values {
                html.raw("<th scope=\"col\">")
                html.text(value.label)
                html.raw("</th>")
            }
            emptyCells(width - 1 - first.valueCount)
            html.raw("</tr>\n")
            for schema in schemas {
                html.raw("<tr><th scope=\"row\">")
                html.text(schema.label)
                html.raw("</th>")
                let values = table.rows[schema.key] ?? []
                for i in 0..<schema.valueCount { notes.cell(i < values.count ? values[i] : nil, row: schema.key, into: &html) }
                emptyCells(width - 1 - schema.valueCount)
                html.raw("</tr>\n")
            }
            html.raw("</tbody>\n")
        }
        html.raw("</table>")
        notes.write(into: &html)
        return html.bytes
    }

    // MARK: 三、收到和处理政府信息公开申请情况

    static func applications(_ table: Applications, reasons: [String: String] = [:]) -> [UInt8] {
        var notes = Notes(table: "applications", reasons: reasons)
        let layout = applicationsLayouts[table.template]!
        var html = Markup(capacity: layout.head.count + layout.rows.reduce(0) { $0 + $1.start.count + 7 * 32 } + 1024)
        html.raw(layout.head)
        for (key, start) in layout.rows {
            html.raw(start)
            let values = table.rows[key] ?? []
            for c in 0..<7 { notes.cell(c < values.count ? values[c] : nil, row: key, into: &html) }
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>")
        notes.write(into: &html)
        return html.bytes
    }

    /// What the applications table has whatever its figures, for each format: the caption and
    /// headers, and each row's key with the header cells that start it.
    private static let applicationsLayouts: [Template: (head: [UInt8], rows: [(key: String, start: [UInt8])])] = Dictionary(
        uniqueKeysWithValues: Template.allCases.map { template in
            let layout = applicationsLayout(template)
            return (template, (Array(layout.head.utf8), layout.rows.map { ($0.key, Array($0.start.utf8)) }))
        })

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

    static func reviewLitigation(_ table: ReviewLitigation, reasons: [String: String] = [:]) -> [UInt8] {
        var notes = Notes(table: "review", reasons: reasons)
        var html = Markup(capacity: reviewLitigationHead.count + 1024)
        html.raw(reviewLitigationHead)
        for group in ReviewLitigation.groups {
            let values = table.groups[group] ?? []
            for i in 0..<5 { notes.cell(i < values.count ? values[i] : nil, row: "all", into: &html) }
        }
        html.raw("</tr>\n</tbody>\n</table>")
        notes.write(into: &html)
        return html.bytes
    }

    /// The caption and headers of the review and litigation table, the same for every report.
    private static let reviewLitigationHead: [UInt8] = {
        let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        var html = "<table class=\"form\" id=\"table-review\">\n<caption>政府信息公开行政复议、行政诉讼情况</caption>\n<thead>\n"
        html += "<tr><th scope=\"colgroup\" colspan=\"5\">行政复议</th><th scope=\"colgroup\" colspan=\"10\">行政诉讼</th></tr>\n<tr>"
        for o in outcomes { html += "<th scope=\"col\" rowspan=\"2\">\(o)</th>" }
        html += "<th scope=\"colgroup\" colspan=\"5\">未经复议直接起诉</th><th scope=\"colgroup\" colspan=\"5\">复议后起诉</th></tr>\n<tr>"
        for _ in 0..<2 { for o in outcomes { html += "<th scope=\"col\">\(o)</th>" } }
        html += "</tr>\n</thead>\n<tbody>\n<tr>"
        return Array(html.utf8)
    }()
}
