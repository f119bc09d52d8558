import AnnualReports
import Foundation
import Mustache

/// Renders the pages of a site from its model through the theme's Mustache templates. Tables and
/// narrative are rendered to HTML here (escaped, and through cmark-gfm in safe mode); templates
/// receive plain values, which Mustache escapes.
struct PageRenderer {
    let site: Site
    let theme: Theme
    let markdown = MarkdownRenderer()
    private var cache: [String: MustacheTemplate] = [:]

    init(site: Site, theme: Theme) throws {
        self.site = site
        self.theme = theme
        for name in ["base", "report", "agency", "index", "agencies", "quality", "404", "year", "compare", "compare-index"] {
            cache[name] = try theme.template(name)
        }
    }

    /// A whole page: the named template inside `base`. Characters that must never reach a page
    /// are removed from the page as rendered (`HTML.clean`), which is the same as removing them
    /// from every value first: escaping leaves them as they are, and the theme has none.
    func page(_ template: String, context: [String: Any], title: String, root: String, canonicalPath: String?) -> String {
        var context = context
        context["root"] = root
        context["siteTitle"] = site.config.title
        let body = cache[template]!.render(context)
        let base: [String: Any?] = [
            "lang": site.config.language,
            "pageTitle": title,
            "siteTitle": site.config.title,
            "description": site.config.description.isEmpty ? nil : site.config.description,
            "root": root,
            "body": body,
            "canonical": canonicalPath.map { site.config.baseURL + $0 },
        ]
        return HTML.clean(cache["base"]!.render(base.compactMapValues { $0 }))
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

    static func checkContext(_ check: Check) -> [String: Any] {
        ["id": check.id, "scope": check.scope, "status": check.status.rawValue, "statusLabel": statusLabel(check.status), "message": check.message]
    }

    /// The list items of a table's checks, as the default theme shows them. Written here rather
    /// than through a Mustache loop: a report has some forty checks, and the loop was the costliest
    /// part of rendering. Themes can still loop over `checks` themselves.
    static func checksHTML(_ checks: [Check]) -> String {
        var html = "<ul>"
        for check in checks {
            html += "<li class=\"check \(check.status.rawValue)\"><span class=\"badge\">\(statusLabel(check.status))</span> \(HTML.escape(check.message))</li>"
        }
        return html + "</ul>"
    }

    /// The diagnostics list of a report page (see `checksHTML`).
    static func diagnosticsHTML(_ diagnostics: [Diagnostic]) -> String {
        var html = "<ul class=\"diagnostics\">"
        for d in diagnostics {
            html += "<li class=\"\(d.severity.rawValue)\"><span class=\"badge\">\(severityLabel(d.severity))</span> 第 \(d.location.line) 行：\(HTML.escape(d.message))</li>"
        }
        return html + "</ul>"
    }

    static func diagnosticContext(_ d: Diagnostic) -> [String: Any] {
        ["severity": d.severity.rawValue, "severityLabel": severityLabel(d.severity), "line": d.location.line, "message": d.message]
    }

    // MARK: Report page

    /// The page of a report; `report` is the entry's whole report (`entry.whole()`).
    func reportPage(_ entry: Site.Entry, whole report: Report, agency: Site.Agency) -> String {
        let tableChecks: [Int: [Check]] = [
            2: [],
            3: report.checks.filter { $0.id.hasPrefix("applications.") || $0.id == "series.carriedOver" },
            4: report.checks.filter { $0.id.hasPrefix("reviewLitigation.") },
        ]
        var sections: [[String: Any]] = []
        for section in report.sections {
            var context: [String: Any] = [
                "number": section.number,
                "numeral": Self.numerals[section.number - 1],
                "title": section.title,
                "found": section.markdown != nil,
                "html": markdown.html(section.markdown ?? ""),
            ]
            if (2...4).contains(section.number) {
                let tableHTML: String?
                switch section.number {
                case 2: tableHTML = report.tables.activeDisclosure.map { TableHTML.activeDisclosure($0, reasons: Self.reasons(report, "activeDisclosure")) }
                case 3: tableHTML = report.tables.applications.map { TableHTML.applications($0, reasons: Self.reasons(report, "applications")) }
                default: tableHTML = report.tables.reviewLitigation.map { TableHTML.reviewLitigation($0, reasons: Self.reasons(report, "reviewLitigation")) }
                }
                var checks = tableChecks[section.number] ?? []
                if section.number == 3 { checks += report.checks.filter { $0.id == "narrative.received" } }
                let fails = checks.filter { $0.status == .fail }.count
                let unknowns = checks.filter { $0.status == .unknown }.count
                context["table"] = ([
                    "tableHTML": tableHTML,
                    "checks": checks.map(Self.checkContext),
                    "checksHTML": Self.checksHTML(checks),
                    "hasChecks": !checks.isEmpty,
                    "passCount": checks.count - fails - unknowns,
                    "failCount": fails, "hasFails": fails > 0,
                    "unknownCount": unknowns, "hasUnknowns": unknowns > 0,
                    "hasProblems": fails > 0,
                ] as [String: Any?]).compactMapValues { $0 }
            }
            sections.append(context)
        }
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let warnings = report.diagnostics.filter { $0.severity == .warning }.count
        let failed = report.checks.filter { $0.status == .fail }.count
        let unknown = report.checks.filter { $0.status == .unknown }.count
        let others = agency.entries.filter { $0.year != entry.year }.map { ["year": $0.year] }
        let context: [String: Any?] = [
            "agency": agency.name,
            "year": entry.year,
            "region": Self.regionText(report.region ?? agency.region),
            "template": report.template?.rawValue ?? "未知",
            "published": report.published,
            "sourceURL": report.source.url.flatMap { $0.lowercased().hasPrefix("http://") || $0.lowercased().hasPrefix("https://") ? $0 : nil },
            "otherYears": others, "hasOtherYears": !others.isEmpty,
            "problems": (errors + warnings + failed + unknown) > 0 ? ["errors": errors, "warnings": warnings, "failed": failed, "unknown": unknown] as [String: Any] : false,
            "sections": sections,
            "diagnostics": report.diagnostics.map(Self.diagnosticContext),
            "diagnosticsHTML": Self.diagnosticsHTML(report.diagnostics),
            "hasDiagnostics": !report.diagnostics.isEmpty,
        ]
        return page("report", context: context.compactMapValues { $0 }, title: "\(agency.name) \(entry.year) 年报告", root: "../../../", canonicalPath: entry.path)
    }

    // MARK: Agency page

    func agencyPage(_ agency: Site.Agency) -> String {
        func show(_ v: Int?) -> String { v.map(String.init) ?? "—" }
        let reports: [[String: Any]] = agency.entries.map { entry in
            let r = entry.report
            let review = r.tables.reviewLitigation
            let lawsuits: Int? = {
                guard let a = review?.count("litigationDirect", 4), let b = review?.count("litigationAfterReview", 4) else { return nil }
                return a + b
            }()
            let fails = r.checks.filter { $0.status == .fail }.count
            let unknowns = r.checks.filter { $0.status == .unknown }.count
            return [
                "year": entry.year,
                "received": show(r.tables.applications?.count("received", 6)),
                "granted": show(r.tables.applications?.count("granted", 6)),
                "reviews": show(review?.count("review", 4)),
                "lawsuits": show(lawsuits),
                "fees": r.tables.activeDisclosure?.value("fees", "amount")?.description ?? "—",
                "checkSummary": fails == 0 && unknowns == 0 ? "全部相符" : "\(fails) 项不符，\(unknowns) 项无法核对",
            ]
        }
        let series: [[String: Any]] = agency.entries.flatMap { entry in
            entry.report.checks.filter { $0.id == "series.carriedOver" && $0.scope == "total" }.map { check in
                var c = Self.checkContext(check)
                c["year"] = entry.year
                return c
            }
        }
        let context: [String: Any?] = [
            "name": agency.name, "region": Self.regionText(agency.region),
            "reports": reports, "seriesChecks": series, "hasSeriesChecks": !series.isEmpty,
            "chartsSVG": agencyCharts(agency),
        ]
        return page("agency", context: context.compactMapValues { $0 }, title: agency.name, root: "../../", canonicalPath: agency.path)
    }

    // MARK: Index, agencies, quality, 404

    func indexPage() -> String {
        let entries = site.entries
        let checks = entries.flatMap(\.report.checks)
        let received = entries.compactMap { $0.report.tables.applications?.count("received", 6) }.reduce(0, +)
        let coverage: [[String: Any]] = site.agencies.map { agency in
            let years = Set(agency.entries.map(\.year))
            return [
                "name": agency.name, "path": agency.path,
                "cells": site.years.map { year -> [String: Any] in
                    years.contains(year)
                        ? ["path": "\(agency.path)\(year)/", "label": "\(agency.name) \(year) 年报告"]
                        : ["path": false, "label": "\(agency.name) \(year) 年：无报告"]
                },
            ]
        }
        let context: [String: Any] = [
            "description": site.config.description.isEmpty ? false : site.config.description,
            "reportCount": entries.count, "agencyCount": site.agencies.count,
            "yearRange": site.years.isEmpty ? "—" : (site.years.first == site.years.last ? "\(site.years.first!)" : "\(site.years.first!)–\(site.years.last!)"),
            "receivedTotal": received,
            "years": site.years, "coverage": coverage,
            "checkCount": checks.count,
            "passCount": checks.filter { $0.status == .pass }.count,
            "failCount": checks.filter { $0.status == .fail }.count,
            "unknownCount": checks.filter { $0.status == .unknown }.count,
            "unplacedCount": site.unplaced.count, "hasUnplaced": !site.unplaced.isEmpty,
            "yearLinks": site.years.map { ["year": $0] },
            "comparisons": Metric.comparisons.map { ["slug": $0.slug, "title": $0.title] },
        ]
        return page("index", context: context, title: "首页", root: "", canonicalPath: "")
    }

    func agenciesPage() -> String {
        var groups: [String: [Site.Agency]] = [:]
        for agency in site.agencies {
            let key = agency.region.flatMap { r in [r.province, r.city].compactMap { $0 }.joined(separator: " ") }.flatMap { $0.isEmpty ? nil : $0 } ?? "地区未注明"
            groups[key, default: []].append(agency)
        }
        let regions: [[String: Any]] = groups.keys.sorted { a, b in
            (a == "地区未注明" ? 1 : 0, a) < (b == "地区未注明" ? 1 : 0, b)
        }.map { key in
            [
                "name": key,
                "agencies": groups[key]!.sorted { $0.name < $1.name }.map { agency in
                    ["name": agency.name, "slug": agency.slug, "years": agency.entries.map { String($0.year) }.joined(separator: "、")] as [String: Any]
                },
            ]
        }
        return page("agencies", context: ["regions": regions], title: "机关", root: "../", canonicalPath: "agencies/")
    }

    func qualityPage() -> String {
        /// At most this many checks and diagnostics a report, so that the page stays readable when
        /// thousands of broken files are dropped into content/; the rest are in each report.json.
        let limit = 30
        func context(_ report: Report, path: String?, title: String) -> [String: Any]? {
            let allChecks = report.checks.filter { $0.status != .pass }
            let allDiagnostics = report.diagnostics.filter { $0.severity != .note }
            let checks = Array(allChecks.prefix(limit))
            var diagnostics = Array(allDiagnostics.prefix(limit))
            let hidden = allChecks.count - checks.count + allDiagnostics.count - diagnostics.count
            if hidden > 0 {
                diagnostics.append(Diagnostic(.note, "另有 \(hidden) 条未列出，见该报告的 report.json 或运行 gongkai check", at: SourceLocation(file: report.source.path, line: 1)))
            }
            guard !checks.isEmpty || !diagnostics.isEmpty else { return nil }
            return [
                "title": title, "path": path.map { "../" + $0 } ?? false, "file": report.source.path,
                "checks": checks.map(Self.checkContext), "hasChecks": !checks.isEmpty,
                "diagnostics": diagnostics.map(Self.diagnosticContext), "hasDiagnostics": !diagnostics.isEmpty,
            ]
        }
        var reports: [[String: Any]] = site.agencies.flatMap { agency in
            agency.entries.compactMap { context($0.report, path: $0.path, title: "\(agency.name) \($0.year) 年") }
        }
        reports += site.unplaced.compactMap { context($0, path: nil, title: "未发布：\($0.source.path)") }
        return page("quality", context: ["reports": reports], title: "数据质量", root: "../", canonicalPath: "quality/")
    }

    /// The 404 page is shown at any path, so its links are absolute (from `baseURL`), unlike the
    /// other pages' relative links.
    func notFoundPage() -> String {
        page("404", context: [:], title: "找不到页面", root: site.config.baseURL, canonicalPath: nil)
    }
}
