import AnnualReports
import Foundation

/// Renders the pages of a site from its model through the theme's Mustache templates
/// (`PageTemplate`). Tables and narrative are rendered to HTML here (escaped, and through
/// cmark-gfm in safe mode); templates receive plain values, which they escape.
struct PageRenderer {
    let site: Site
    let theme: Theme
    let markdown = MarkdownRenderer()
    private var cache: [String: PageTemplate] = [:]
    /// The names the theme's report template and its partials use. The lists that a theme may
    /// loop over but the default theme shows as finished HTML (a table's `checks`, some forty a
    /// report, and the `diagnostics`) are made only if a tag names them.
    private let reportNames: Set<String>
    /// The first cell of each agency's rows in the site-wide tables, by the agency's index.
    let agencyCells: [AgencyCell]

    init(site: Site, theme: Theme) throws {
        self.site = site
        self.theme = theme
        agencyCells = site.agencies.map(AgencyCell.init)
        for name in ["base", "report", "agency", "index", "agencies", "quality", "404", "year", "compare", "compare-index", "search"] {
            cache[name] = try theme.template(name)
        }
        reportNames = cache["report"]!.names
    }

    /// A whole page: the named template inside `base`. Characters that must never reach a page
    /// are removed from the page as rendered (`HTML.clean`), which is the same as removing them
    /// from every value first: escaping leaves them as they are, and the theme has none.
    func page(_ template: String, context: TemplateObject, title: String, root: String, canonicalPath: String?, searchPage: Bool = false) -> [UInt8] {
        var context = context
        context["root"] = .string(root)
        context["siteTitle"] = .string(site.config.title)
        let body = cache[template]!.bytes(.object(context))
        let base: TemplateValue = [
            "lang": .string(site.config.language),
            "pageTitle": .string(title),
            "siteTitle": .string(site.config.title),
            "description": site.config.description.isEmpty ? nil : .string(site.config.description),
            "root": .string(root),
            "body": .utf8(body),
            "canonical": TemplateValue(canonicalPath.map { site.config.baseURL + $0 }),
            // The search page loads Pagefind's WebAssembly and index files.
            "searchPage": .bool(searchPage),
        ]
        var page = cache["base"]!.bytes(base)
        HTML.clean(&page)
        return page
    }

    static let numerals = ["一", "二", "三", "四", "五", "六"]

    static func statusLabel(_ status: Check.Status) -> String {
        switch status {
        case .pass: "相符"
        case .fail: "不符"
        case .unknown: "无法核对"
        }
    }

    static func severityLabel(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "错误"
        case .warning: "警告"
        case .note: "说明"
        }
    }

    static func regionText(_ region: Region?) -> String? {
        guard let region, !region.isEmpty else { return nil }
        return [region.province, region.city, region.county].compactMap { $0 }.joined(separator: " ")
    }

    /// The reader's reasons for a table's `null` cells, by row key.
    static func reasons(_ report: Report, _ table: String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, reason) in report.nullReasons where key.hasPrefix(table + ".") {
            result[String(key.dropFirst(table.count + 1))] = reason
        }
        return result
    }

    static func checkContext(_ check: Check) -> TemplateObject {
        ["id": .string(check.id), "scope": .string(check.scope), "status": .string(check.status.rawValue), "statusLabel": .string(statusLabel(check.status)), "message": .string(check.message)]
    }

    /// The list items of a table's checks, as the default theme shows them. Written here rather
    /// than through a Mustache loop: a report has some forty checks, and the loop was the costliest
    /// part of rendering. Themes can still loop over `checks` themselves.
    /// Made as UTF-8 bytes, which the page takes as they are.
    /// The checks are `checks[indices]`: a table's checks are picked by place, not copied.
    static func checksHTML(_ checks: [Check], _ indices: [Int]) -> [UInt8] {
        var html = Markup(capacity: 160 * indices.count + 16)
        html.raw("<ul>")
        for i in indices {
            html.raw(checkItemStart(checks[i].status))
            if checks[i].messageIsPlain { html.plainText { checks[i].writeMessage(into: &$0) } } else { html.text(checks[i].message) }
            html.raw("</li>")
        }
        html.raw("</ul>")
        return html.bytes
    }

    /// The start of a check's list item, by status (an array by the status's place, not a
    /// dictionary: hashing the status cost more than writing the item).
    private static let checkItemStarts: [[UInt8]] = [Check.Status.pass, .fail, .unknown].map { status in
        Array("<li class=\"check \(status.rawValue)\"><span class=\"badge\">\(statusLabel(status))</span> ".utf8)
    }

    private static func checkItemStart(_ status: Check.Status) -> [UInt8] {
        switch status {
        case .pass: checkItemStarts[0]
        case .fail: checkItemStarts[1]
        case .unknown: checkItemStarts[2]
        }
    }

    /// The diagnostics list of a report page (see `checksHTML`).
    static func diagnosticsHTML(_ diagnostics: [Diagnostic]) -> [UInt8] {
        var html = Markup(capacity: 160 * diagnostics.count + 32)
        html.raw("<ul class=\"diagnostics\">")
        for d in diagnostics {
            html.raw("<li class=\"\(d.severity.rawValue)\"><span class=\"badge\">\(severityLabel(d.severity))</span> 第 \(d.location.line) 行：")
            html.text(d.message)
            html.raw("</li>")
        }
        html.raw("</ul>")
        return html.bytes
    }

    static func diagnosticContext(_ d: Diagnostic) -> TemplateValue {
        ["severity": .string(d.severity.rawValue), "severityLabel": .string(severityLabel(d.severity)), "line": .int(d.location.line), "message": .string(d.message)]
    }

    // MARK: Report page

    /// The page of a report; `report` is the entry's whole report (`entry.whole()`).
    func reportPage(_ entry: Site.Entry, whole report: Report, agency: Site.Agency) -> [UInt8] {
        // Each table's checks, by their places in `report.checks` (in order; the narrative's
        // check after table 3's own).
        let checks = report.checks
        var tableChecks: [[Int]] = [[], [], []]
        var narrative: [Int] = []
        for i in checks.indices {
            let id = checks[i].id
            if id.hasPrefix("applications.") || id == "series.carriedOver" {
                tableChecks[1].append(i)
            } else if id.hasPrefix("reviewLitigation.") {
                tableChecks[2].append(i)
            } else if id == "narrative.received" {
                narrative.append(i)
            }
        }
        tableChecks[1] += narrative
        var sections: [TemplateValue] = []
        for section in report.sections {
            var context: TemplateObject = [
                "number": .int(section.number),
                "numeral": .string(Self.numerals[section.number - 1]),
                "title": .string(section.title),
                "found": .bool(section.markdown != nil),
                "html": .utf8(markdown.htmlBytes(section.markdown ?? "")),
            ]
            if (2...4).contains(section.number) {
                let tableHTML: [UInt8]?
                switch section.number {
                case 2: tableHTML = report.tables.activeDisclosure.map { TableHTML.activeDisclosure($0, reasons: Self.reasons(report, "activeDisclosure")) }
                case 3: tableHTML = report.tables.applications.map { TableHTML.applications($0, reasons: Self.reasons(report, "applications")) }
                default: tableHTML = report.tables.reviewLitigation.map { TableHTML.reviewLitigation($0, reasons: Self.reasons(report, "reviewLitigation")) }
                }
                let indices = tableChecks[section.number - 2]
                let fails = indices.count(where: { checks[$0].status == .fail })
                let unknowns = indices.count(where: { checks[$0].status == .unknown })
                context["table"] = [
                    "tableHTML": tableHTML.map(TemplateValue.utf8) ?? .null,
                    "checks": reportNames.contains("checks") ? .list(indices.map { .object(Self.checkContext(checks[$0])) }) : .null,
                    "checksHTML": .utf8(Self.checksHTML(checks, indices)),
                    "hasChecks": .bool(!indices.isEmpty),
                    "passCount": .int(indices.count - fails - unknowns),
                    "failCount": .int(fails), "hasFails": .bool(fails > 0),
                    "unknownCount": .int(unknowns), "hasUnknowns": .bool(unknowns > 0),
                    "hasProblems": .bool(fails > 0),
                ]
            }
            sections.append(.object(context))
        }
        let errors = report.diagnostics.count(where: { $0.severity == .error })
        let warnings = report.diagnostics.count(where: { $0.severity == .warning })
        let failed = checks.count(where: { $0.status == .fail })
        let unknown = checks.count(where: { $0.status == .unknown })
        let others: [TemplateValue] = agency.entries.filter { $0.year != entry.year }.map { ["year": .int($0.year)] }
        let context: TemplateObject = [
            "agency": .string(agency.name),
            "year": .int(entry.year),
            "region": TemplateValue(Self.regionText(report.region ?? agency.region)),
            "template": .string(report.template?.rawValue ?? "未知"),
            "published": TemplateValue(report.published),
            "sourceURL": TemplateValue(report.source.url.flatMap { $0.lowercased().hasPrefix("http://") || $0.lowercased().hasPrefix("https://") ? $0 : nil }),
            "otherYears": .list(others), "hasOtherYears": .bool(!others.isEmpty),
            "problems": (errors + warnings + failed + unknown) > 0 ? ["errors": .int(errors), "warnings": .int(warnings), "failed": .int(failed), "unknown": .int(unknown)] : false,
            "sections": .list(sections),
            "diagnostics": reportNames.contains("diagnostics") ? .list(report.diagnostics.map(Self.diagnosticContext)) : .null,
            "diagnosticsHTML": .utf8(Self.diagnosticsHTML(report.diagnostics)),
            "hasDiagnostics": .bool(!report.diagnostics.isEmpty),
        ]
        return page("report", context: context, title: "\(agency.name) \(entry.year) 年报告", root: "../../../", canonicalPath: entry.path)
    }

    // MARK: Agency page

    func agencyPage(_ agency: Site.Agency) -> [UInt8] {
        func show(_ v: Int?) -> String { v.map(String.init) ?? "—" }
        let reports: [TemplateValue] = agency.entries.map { entry in
            let r = entry.digest
            let lawsuits: Int? = {
                guard let a = r.reviewLitigation("litigationDirect", 4), let b = r.reviewLitigation("litigationAfterReview", 4) else { return nil }
                return a + b
            }()
            return [
                "year": .int(entry.year),
                "received": .string(show(r.applications("received", 6))),
                "granted": .string(show(r.applications("granted", 6))),
                "reviews": .string(show(r.reviewLitigation("review", 4))),
                "lawsuits": .string(show(lawsuits)),
                "fees": .string(r.activeDisclosure("fees", "amount")?.description ?? "—"),
                "checkSummary": r.failed == 0 && r.unknown == 0 ? "全部相符" : "\(r.failed) 项不符，\(r.unknown) 项无法核对",
            ]
        }
        let series: [TemplateValue] = agency.entries.flatMap { entry in
            entry.digest.carriedOverChecks.map { check in
                var c = Self.checkContext(check)
                c["year"] = .int(entry.year)
                return TemplateValue.object(c)
            }
        }
        let context: TemplateObject = [
            "name": .string(agency.name), "region": TemplateValue(Self.regionText(agency.region)),
            "reports": .list(reports), "seriesChecks": .list(series), "hasSeriesChecks": .bool(!series.isEmpty),
            "chartsSVG": .utf8(agencyCharts(agency)),
        ]
        return page("agency", context: context, title: agency.name, root: "../../", canonicalPath: agency.path)
    }

    // MARK: Index, agencies, quality, 404

    func indexPage() -> [UInt8] {
        let entries = site.entries
        let received = entries.compactMap { $0.digest.applications("received", 6) }.reduce(0, +)
        // (A cell for each agency and year: some ten thousand on a large site, their texts joined
        // from pieces made once.)
        let years = site.years.map(String.init)
        let coverage: [TemplateValue] = site.agencies.map { agency in
            let path = agency.path
            let cells: [TemplateValue] = zip(site.years, years).map { year, text in
                // (An agency has a report for a few years: a look at each costs less than a set.)
                let published = agency.entries.contains { $0.year == year }
                var label = agency.name
                label.reserveCapacity(agency.name.utf8.count + 24)
                label += " "
                label += text
                label += published ? " 年报告" : " 年：无报告"
                return published ? ["path": .string(path + text + "/"), "label": .string(label)] : ["path": false, "label": .string(label)]
            }
            return ["name": .string(agency.name), "path": .string(path), "cells": .list(cells)]
        }
        let context: TemplateObject = [
            "description": site.config.description.isEmpty ? false : .string(site.config.description),
            "reportCount": .int(entries.count), "agencyCount": .int(site.agencies.count),
            "yearRange": .string(site.years.isEmpty ? "—" : (site.years.first == site.years.last ? "\(site.years.first!)" : "\(site.years.first!)–\(site.years.last!)")),
            "receivedTotal": .int(received),
            "years": .list(site.years.map(TemplateValue.int)), "coverage": .list(coverage),
            "checkCount": .int(entries.reduce(0) { $0 + $1.digest.checkCount }),
            "passCount": .int(entries.reduce(0) { $0 + $1.digest.passed }),
            "failCount": .int(entries.reduce(0) { $0 + $1.digest.failed }),
            "unknownCount": .int(entries.reduce(0) { $0 + $1.digest.unknown }),
            "unplacedCount": .int(site.unplaced.count), "hasUnplaced": .bool(!site.unplaced.isEmpty),
            "yearLinks": .list(site.years.map { ["year": .int($0)] }),
            "comparisons": .list(Metric.comparisons.map { ["slug": .string($0.slug), "title": .string($0.title)] }),
        ]
        return page("index", context: context, title: "首页", root: "", canonicalPath: "")
    }

    func agenciesPage() -> [UInt8] {
        var groups: [String: [Site.Agency]] = [:]
        for agency in site.agencies {
            let key = agency.region.flatMap { r in [r.province, r.city].compactMap { $0 }.joined(separator: " ") }.flatMap { $0.isEmpty ? nil : $0 } ?? "地区未注明"
            groups[key, default: []].append(agency)
        }
        let regions: [TemplateValue] = groups.keys.sorted { a, b in
            (a == "地区未注明" ? 1 : 0, a) < (b == "地区未注明" ? 1 : 0, b)
        }.map { key in
            [
                "name": .string(key),
                "agencies": .list(groups[key]!.sorted { $0.name < $1.name }.map { agency in
                    ["name": .string(agency.name), "slug": .string(agency.slug), "years": .string(agency.entries.map { String($0.year) }.joined(separator: "、"))]
                }),
            ]
        }
        return page("agencies", context: ["regions": .list(regions)], title: "机关", root: "../", canonicalPath: "agencies/")
    }

    func qualityPage() -> [UInt8] {
        func context(_ report: ReportDigest, path: String?, title: String) -> TemplateValue? {
            let checks = report.unsettledChecks
            var diagnostics = report.listedDiagnostics
            let hidden = report.unsettledCheckCount - checks.count + report.listedDiagnosticCount - diagnostics.count
            if hidden > 0 {
                diagnostics.append(Diagnostic(.note, "另有 \(hidden) 条未列出，见该报告的 report.json 或运行 gongkai check", at: SourceLocation(file: report.sourcePath, line: 1)))
            }
            guard !checks.isEmpty || !diagnostics.isEmpty else { return nil }
            return [
                "title": .string(title), "path": path.map { .string("../" + $0) } ?? false, "file": .string(report.sourcePath),
                "checks": .list(checks.map { .object(Self.checkContext($0)) }), "hasChecks": .bool(!checks.isEmpty),
                "diagnostics": .list(diagnostics.map(Self.diagnosticContext)), "hasDiagnostics": .bool(!diagnostics.isEmpty),
            ]
        }
        var reports: [TemplateValue] = site.agencies.flatMap { agency in
            agency.entries.compactMap { context($0.digest, path: $0.path, title: "\(agency.name) \($0.year) 年") }
        }
        reports += site.unplaced.compactMap { context($0, path: nil, title: "未发布：\($0.sourcePath)") }
        return page("quality", context: ["reports": .list(reports)], title: "数据质量", root: "../", canonicalPath: "quality/")
    }

    /// The search page (`theme/assets/search.js`): its filters list the site's years, regions
    /// (provinces, and cities within them) and agencies, each with the word that marks it in the
    /// index (`SearchTokens.filterWord`).
    func searchPage() -> [UInt8] {
        func option(_ value: String, _ label: String, _ kind: SearchTokens.FilterKind) -> TemplateValue {
            ["value": .string(value), "label": .string(label), "word": .string(SearchTokens.filterWord(kind, value))]
        }
        var regions = Set<String>()
        for agency in site.agencies {
            for entry in agency.entries { regions.formUnion(SearchTokens.regionValues(entry.digest.region).prefix(2)) }
        }
        let context: TemplateObject = [
            "shards": .string(String(SearchIndex.shardCount(reports: site.agencies.reduce(0) { $0 + $1.entries.count }))),
            "years": .list(site.years.reversed().map { option(String($0), String($0), .year) }),
            "regions": .list(regions.sorted().map { option($0, $0.replacingOccurrences(of: "/", with: " "), .region) }),
            "agencies": .list(site.agencies.sorted { ($0.name, $0.slug) < ($1.name, $1.slug) }.map { option($0.slug, $0.name, .agency) }),
        ]
        return page("search", context: context, title: "搜索", root: "../", canonicalPath: "search/", searchPage: true)
    }

    /// The 404 page is shown at any path, so its links are absolute (from `baseURL`), unlike the
    /// other pages' relative links.
    func notFoundPage() -> [UInt8] {
        page("404", context: [:], title: "找不到页面", root: site.config.baseURL, canonicalPath: nil)
    }
}
