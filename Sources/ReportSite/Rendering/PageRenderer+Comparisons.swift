import AnnualReports

/// Year pages, comparison pages and the agency trend charts.
extension PageRenderer {
    static func metricCell(_ value: Metric.Value?) -> String {
        guard let value else { return "<td class=\"null\" data-sort=\"\"><span aria-hidden=\"true\">—</span><span class=\"why\">未能从原文确认</span></td>" }
        guard let number = value.number else { return "<td class=\"none\" data-sort=\"\">\(HTML.escape(value.display))</td>" }
        return "<td class=\"num\" data-sort=\"\(SVGChart.format(number))\">\(HTML.escape(value.display))</td>"
    }

    /// A bar for a chart: unknown values say so, figures that do not apply say why.
    static func bar(_ label: String, _ value: Metric.Value?) -> SVGChart.Bar {
        SVGChart.Bar(label: label, value: value?.number, display: value?.display ?? "未能确认")
    }

    // MARK: Year pages

    func yearPage(_ year: Int) -> [UInt8] {
        let entries = site.agencies.compactMap { agency in agency.entries.first { $0.year == year }.map { (agency, $0) } }
        var table = "<table class=\"list sortable\" id=\"year-table\">\n<caption>\(year) 年各机关报告（点击列标题排序）</caption>\n<thead><tr><th scope=\"col\" aria-sort=\"ascending\"><button type=\"button\">机关</button></th>"
        for metric in Metric.yearColumns {
            table += "<th scope=\"col\" class=\"num\"><button type=\"button\">\(HTML.escape(metric.title))\(metric.unit.isEmpty ? "" : "（\(metric.unit)）")</button></th>"
        }
        table += "</tr></thead>\n<tbody>\n"
        for (agency, entry) in entries {
            table += "<tr><th scope=\"row\" data-sort=\"\(HTML.escape(agency.slug))\"><a href=\"../../\(entry.path)index.html\">\(HTML.escape(agency.name))</a></th>"
            for metric in Metric.yearColumns { table += Self.metricCell(metric.value(entry.digest)) }
            table += "</tr>\n"
        }
        table += "</tbody>\n</table>"
        let chart = SVGChart.bars(
            id: "chart-received-\(year)", title: "\(year) 年各机关本年新收政府信息公开申请",
            bars: entries.map { agency, entry in
                Self.bar(agency.name, Metric.received.value(entry.digest))
            }, unit: "件")
        let others: [TemplateValue] = site.years.filter { $0 != year }.map { ["year": .int($0)] }
        let context: [String: TemplateValue] = ["year": .int(year), "tableHTML": .string(table), "chartSVG": .string(chart), "count": .int(entries.count), "otherYears": .list(others), "hasOtherYears": .bool(!others.isEmpty)]
        return page("year", context: context, title: "\(year) 年", root: "../../", canonicalPath: "years/\(year)/")
    }

    // MARK: Comparison pages

    func compareIndexPage() -> [UInt8] {
        let metrics: [TemplateValue] = Metric.comparisons.map { ["slug": .string($0.slug), "title": .string($0.title)] }
        return page("compare-index", context: ["metrics": .list(metrics)], title: "比较", root: "../", canonicalPath: "compare/")
    }

    func comparePage(slug: String, title: String, metrics: [Metric]) -> [UInt8] {
        var table: String
        if metrics.count == 1, let metric = metrics.first {
            // One metric: agencies down, years across.
            table = "<table class=\"list sortable\" id=\"compare-table\">\n<caption>\(HTML.escape(metric.title))\(metric.unit.isEmpty ? "" : "（\(metric.unit)）")：各机关各年度</caption>\n<thead><tr><th scope=\"col\" aria-sort=\"ascending\"><button type=\"button\">机关</button></th>"
            for year in site.years { table += "<th scope=\"col\" class=\"num\"><button type=\"button\">\(year)</button></th>" }
            table += "</tr></thead>\n<tbody>\n"
            for agency in site.agencies {
                table += "<tr><th scope=\"row\" data-sort=\"\(HTML.escape(agency.slug))\"><a href=\"../../\(agency.path)index.html\">\(HTML.escape(agency.name))</a></th>"
                for year in site.years {
                    if let entry = agency.entries.first(where: { $0.year == year }) {
                        table += Self.metricCell(metric.value(entry.digest))
                    } else {
                        table += "<td class=\"none\" data-sort=\"\"><span aria-label=\"无报告\">·</span></td>"
                    }
                }
                table += "</tr>\n"
            }
        } else {
            // Several metrics: one row per report, a column per metric.
            table = "<table class=\"list sortable\" id=\"compare-table\">\n<caption>\(HTML.escape(title))：各机关各年度（件）</caption>\n<thead><tr><th scope=\"col\" aria-sort=\"ascending\"><button type=\"button\">机关</button></th><th scope=\"col\" class=\"num\"><button type=\"button\">年度</button></th>"
            for metric in metrics { table += "<th scope=\"col\" class=\"num\"><button type=\"button\">\(HTML.escape(metric.title))</button></th>" }
            table += "</tr></thead>\n<tbody>\n"
            for agency in site.agencies {
                for entry in agency.entries {
                    table += "<tr><th scope=\"row\" data-sort=\"\(HTML.escape(agency.slug))\"><a href=\"../../\(entry.path)index.html\">\(HTML.escape(agency.name))</a></th><td class=\"num\" data-sort=\"\(entry.year)\">\(entry.year)</td>"
                    for metric in metrics { table += Self.metricCell(metric.value(entry.digest)) }
                    table += "</tr>\n"
                }
            }
        }
        table += "</tbody>\n</table>"
        // The chart: the first metric in the latest year.
        var chart = ""
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
        return page("compare", context: ["title": .string(title), "tableHTML": .string(table), "chartSVG": .string(chart), "others": .list(others)], title: title, root: "../../", canonicalPath: "compare/\(slug)/")
    }

    // MARK: Agency trend charts

    func agencyCharts(_ agency: Site.Agency) -> String {
        let charts: [Metric] = [.received, .granted, .denied, .reviews, .lawsuits, .fees]
        return charts.map { metric in
            SVGChart.bars(
                id: "chart-\(metric.key)", title: "\(agency.name)历年\(metric.title)",
                bars: agency.entries.map { entry in
                    Self.bar(String(entry.year), metric.value(entry.digest))
                }, unit: metric.unit)
        }.map { "<figure>\($0)</figure>" }.joined(separator: "\n")
    }
}
