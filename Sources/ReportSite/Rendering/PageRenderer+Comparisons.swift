import AnnualReports

/// Year pages, comparison pages and the agency trend charts.
extension PageRenderer {
    static func metricCell(_ value: Metric.Value?, into out: inout Markup) {
        guard let value else {
            out.raw("<td class=\"null\" data-sort=\"\"><span aria-hidden=\"true\">—</span><span class=\"why\">未能从原文确认</span></td>")
            return
        }
        // A count is written as its digits, both times: what `figure` writes for a count small
        // enough that ten times it is exact as a `Double` (far below 2^53), and what its display is.
        if let count = value.count, count.magnitude < 1_000_000_000_000 {
            countCell(count, into: &out)
            return
        }
        guard let number = value.number else {
            out.raw("<td class=\"none\" data-sort=\"\">")
            out.text(value.display)
            out.raw("</td>")
            return
        }
        out.raw("<td class=\"num\" data-sort=\"")
        out.figure(number)
        out.raw("\">")
        out.text(value.display)
        out.raw("</td>")
    }

    /// A sortable cell of a whole number, shown as it sorts.
    static func countCell(_ n: Int, into out: inout Markup) {
        out.raw("<td class=\"num\" data-sort=\"")
        out.int(n)
        out.raw("\">")
        out.int(n)
        out.raw("</td>")
    }

    /// A bar for a chart: unknown values say so, figures that do not apply say why.
    static func bar(_ label: String, _ value: Metric.Value?) -> SVGChart.Bar {
        SVGChart.Bar(label: label, value: value?.number, display: value?.display ?? "未能确认")
    }

    /// The start of a sortable list table, up to its caption's text.
    private static func listTableHead(id: StaticString, into table: inout Markup) {
        table.raw("<table class=\"list sortable\" id=\"")
        table.raw(id)
        table.raw("\">\n<caption>")
    }

    /// A title with its unit, as captions and headers show it: `本年新收申请（件）`.
    private static func title(_ title: String, unit: String, into table: inout Markup) {
        table.text(title)
        if !unit.isEmpty {
            table.raw("（")
            table.text(unit)
            table.raw("）")
        }
    }

    /// The end of the caption and the header row: the agency column (the table's first sort), then
    /// a sortable numeric column for each of `columns`; the body is opened.
    private static func headerRow(_ columns: [(title: String, unit: String)], into table: inout Markup) {
        table.raw("</caption>\n<thead><tr><th scope=\"col\" aria-sort=\"ascending\"><button type=\"button\">机关</button></th>")
        for column in columns {
            table.raw("<th scope=\"col\" class=\"num\"><button type=\"button\">")
            title(column.title, unit: column.unit, into: &table)
            table.raw("</button></th>")
        }
        table.raw("</tr></thead>\n<tbody>\n")
    }

    // MARK: Year pages

    func yearPage(_ year: Int) -> [UInt8] {
        let entries = site.agencies.indices.compactMap { a in site.agencies[a].entries.first { $0.year == year }.map { (a, $0) } }
        var table = Markup(capacity: 1024 + 1024 * entries.count)
        Self.listTableHead(id: "year-table", into: &table)
        table.int(year)
        table.raw(" 年各机关报告（点击列标题排序）")
        Self.headerRow(Metric.yearColumns.map { ($0.title, $0.unit) }, into: &table)
        // (The metrics' functions alone: a row copies no titles.)
        let values = Metric.yearColumns.map(\.value)
        for (agency, entry) in entries {
            agencyCells[agency].write(path: entry.path, into: &table)
            for value in values { Self.metricCell(value(entry.digest), into: &table) }
            table.raw("</tr>\n")
        }
        table.raw("</tbody>\n</table>")
        let chart = SVGChart.bars(
            id: "chart-received-\(year)", title: "\(year) 年各机关本年新收政府信息公开申请",
            bars: entries.map { agency, entry in
                Self.bar(site.agencies[agency].name, Metric.received.value(entry.digest))
            }, unit: "件")
        let others: [TemplateValue] = site.years.filter { $0 != year }.map { ["year": .int($0)] }
        let context: TemplateObject = ["year": .int(year), "tableHTML": .utf8(table.bytes), "chartSVG": .utf8(chart), "count": .int(entries.count), "otherYears": .list(others), "hasOtherYears": .bool(!others.isEmpty)]
        return page("year", context: context, title: "\(year) 年", root: "../../", canonicalPath: "years/\(year)/")
    }

    // MARK: Comparison pages

    func compareIndexPage() -> [UInt8] {
        let metrics: [TemplateValue] = Metric.comparisons.map { ["slug": .string($0.slug), "title": .string($0.title)] }
        return page("compare-index", context: ["metrics": .list(metrics)], title: "比较", root: "../", canonicalPath: "compare/")
    }

    func comparePage(slug: String, title: String, metrics: [Metric]) -> [UInt8] {
        // Room for a row per report: the agency's cell and some 64 bytes a figure.
        var table = Markup(capacity: 1024 + site.agencies.reduce(0) { $0 + $1.entries.count } * (256 + 64 * metrics.count))
        Self.listTableHead(id: "compare-table", into: &table)
        if metrics.count == 1, let metric = metrics.first {
            // One metric: agencies down, years across.
            Self.title(metric.title, unit: metric.unit, into: &table)
            table.raw("：各机关各年度")
            Self.headerRow(site.years.map { (String($0), "") }, into: &table)
            let value = metric.value
            for (agency, cell) in zip(site.agencies, agencyCells) {
                cell.write(path: agency.path, into: &table)
                for year in site.years {
                    if let entry = agency.entries.first(where: { $0.year == year }) {
                        Self.metricCell(value(entry.digest), into: &table)
                    } else {
                        table.raw("<td class=\"none\" data-sort=\"\"><span aria-label=\"无报告\">·</span></td>")
                    }
                }
                table.raw("</tr>\n")
            }
        } else {
            // Several metrics: one row per report, a column per metric.
            table.text(title)
            table.raw("：各机关各年度（件）")
            Self.headerRow([("年度", "")] + metrics.map { ($0.title, "") }, into: &table)
            let values = metrics.map(\.value)
            for (agency, cell) in zip(site.agencies, agencyCells) {
                for entry in agency.entries {
                    cell.write(path: entry.path, into: &table)
                    Self.countCell(entry.year, into: &table)
                    for value in values { Self.metricCell(value(entry.digest), into: &table) }
                    table.raw("</tr>\n")
                }
            }
        }
        table.raw("</tbody>\n</table>")
        // The chart: the first metric in the latest year.
        var chart: [UInt8] = []
        if let year = site.years.last, let metric = metrics.last {
            let bars = site.agencies.compactMap { agency -> SVGChart.Bar? in
                guard let entry = agency.entries.first(where: { $0.year == year }) else { return nil }
                return Self.bar(agency.name, metric.value(entry.digest))
            }
            if !bars.isEmpty {
                chart = SVGChart.bars(id: "chart-\(slug)", title: "\(year) 年各机关\(metric.title)", bars: bars, unit: metric.unit)
            }
        }
        let others: [TemplateValue] = Metric.comparisons.filter { $0.slug != slug }.map { ["slug": .string($0.slug), "title": .string($0.title)] }
        return page("compare", context: ["title": .string(title), "tableHTML": .utf8(table.bytes), "chartSVG": .utf8(chart), "others": .list(others)], title: title, root: "../../", canonicalPath: "compare/\(slug)/")
    }

    // MARK: Agency trend charts

    func agencyCharts(_ agency: Site.Agency) -> [UInt8] {
        let charts: [Metric] = [.received, .granted, .denied, .reviews, .lawsuits, .fees]
        var html = Markup(capacity: 2048 * charts.count)
        for (i, metric) in charts.enumerated() {
            if i > 0 { html.raw("\n") }
            html.raw("<figure>")
            html.raw(SVGChart.bars(
                id: "chart-\(metric.key)", title: "\(agency.name)历年\(metric.title)",
                bars: agency.entries.map { entry in
                    Self.bar(String(entry.year), metric.value(entry.digest))
                }, unit: metric.unit))
            html.raw("</figure>")
        }
        return html.bytes
    }
}

/// The first cell of an agency's rows in the site-wide tables, the agency linked to a path, in
/// the two parts around the path: escaped once for the site (`PageRenderer.agencyCells`), not
/// for each of the tables' rows.
struct AgencyCell {
    var head: [UInt8]
    var tail: [UInt8]

    init(_ agency: Site.Agency) {
        var head = Markup(capacity: 64 + 6 * agency.slug.utf8.count)
        head.raw("<tr><th scope=\"row\" data-sort=\"")
        head.text(agency.slug)
        head.raw("\"><a href=\"../../")
        self.head = head.bytes
        var tail = Markup(capacity: 64 + 6 * agency.name.utf8.count)
        tail.raw("index.html\">")
        tail.text(agency.name)
        tail.raw("</a></th>")
        self.tail = tail.bytes
    }

    /// The cell, linked to `path`.
    func write(path: String, into table: inout Markup) {
        table.raw(head)
        table.raw(path)
        table.raw(tail)
    }
}
