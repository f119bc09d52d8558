import AnnualReports

/// Every report placed in the portal: by agency and year, with the site-wide checks.
public struct Site: Sendable {
    /// A report at its place in the site.
    public struct Entry: Sendable {
        public var report: Report
        public var agencySlug: String
        public var year: Int
        /// The original bytes' text, published as `source.txt`.
        public var sourceText: String
        /// `agencies/<slug>/<year>/`
        public var path: String { "agencies/\(agencySlug)/\(year)/" }
    }

    public struct Agency: Sendable {
        public var name: String
        public var slug: String
        public var region: Region?
        /// The agency's reports, oldest year first.
        public var entries: [Entry]
        public var path: String { "agencies/\(slug)/" }
    }

    public var config: SiteConfig
    /// Agencies sorted by slug.
    public var agencies: [Agency]
    /// Reports that could not be placed (no agency or year), or lost to another file for the same
    /// agency and year; shown on the quality page with their diagnostics.
    public var unplaced: [Report]
    public var years: [Int]

    public var entries: [Entry] { agencies.flatMap(\.entries) }
}

/// Groups reports into agencies and years, makes slugs unique, and runs the checks that need
/// the whole site (`series.carriedOver`).
public enum SiteAssembler {
    /// Two files for the same agency and year: the one whose path sorts first is published; the
    /// other is listed on the quality page with an error naming both files.
    public static func assemble(_ loaded: [(report: Report, sourceText: String)], config: SiteConfig) -> Site {
        var unplaced: [Report] = []
        var byAgency: [String: [Site.Entry]] = [:]
        var regions: [String: Region] = [:]
        var slugs: [String: String] = [:]
        var explicit: Set<String> = []
        for (report, text) in loaded.sorted(by: { $0.report.source.path < $1.report.source.path }) {
            guard let agency = report.agency, let year = report.year, (2007...2100).contains(year) else {
                unplaced.append(report)
                continue
            }
            if let existing = byAgency[agency]?.first(where: { $0.year == year }) {
                var duplicate = report
                duplicate.diagnostics.append(Diagnostic(.error, "与 \(existing.report.source.path) 是同一机关（\(agency)）同一年度（\(year)）的报告；只发布路径排序在前的文件，请删除或改正其中一个", at: SourceLocation(file: report.source.path, line: 1)))
                unplaced.append(duplicate)
                continue
            }
            if slugs[agency] == nil {
                let made = Slug.make(agency)
                if let given = report.agencySlug, given != made, Slug.isValid(given) {
                    slugs[agency] = given
                    explicit.insert(agency)
                } else {
                    // A name the slug cannot spell out whole gets a suffix from its bytes.
                    slugs[agency] = Slug.isFaithful(agency) ? made : made + "-" + SHA256.hex(Array(agency.utf8)).prefix(6)
                }
            }
            // Front matter gives the region; otherwise the agency's name, where the GB/T 2260 list settles it.
            var report = report
            if report.region == nil { report.region = regions[agency] ?? RegionIndex.shared.infer(agency) }
            if regions[agency] == nil, let region = report.region { regions[agency] = region }
            byAgency[agency, default: []].append(Site.Entry(report: report, agencySlug: "", year: year, sourceText: text))
        }
        // Unique slugs: slugs made from names are placed before slugs given in front matter (so that
        // a given slug cannot take another agency's address); where two share one, the later name
        // (in Unicode order) gets -2, -3, …
        var taken: Set<String> = []
        var agencies: [Site.Agency] = []
        for name in byAgency.keys.sorted(by: { (explicit.contains($0) ? 1 : 0, $0) < (explicit.contains($1) ? 1 : 0, $1) }) {
            var slug = slugs[name]!
            var n = 2
            while taken.contains(slug) {
                slug = "\(slugs[name]!)-\(n)"
                n += 1
            }
            taken.insert(slug)
            var entries = byAgency[name]!.sorted { $0.year < $1.year }
            if n > 2, let first = entries.first {
                let other = byAgency.keys.sorted().first { slugs[$0] == slugs[name] && $0 != name } ?? "另一机关"
                entries[0].report.diagnostics.append(Diagnostic(explicit.contains(name) ? .warning : .note, "网址 agencies/\(slugs[name]!)/ 已属于“\(other)”，本机关改用 agencies/\(slug)/；如需固定网址，请在前置信息中写明一个未被使用的 slug", at: SourceLocation(file: first.report.source.path, line: 1)))
            }
            for i in entries.indices {
                entries[i].agencySlug = slug
                entries[i].report.agencySlug = slug
            }
            SeriesCheck.apply(&entries)
            agencies.append(Site.Agency(name: name, slug: slug, region: regions[name], entries: entries))
        }
        agencies.sort { $0.slug < $1.slug }
        let years = Array(Set(agencies.flatMap { $0.entries.map(\.year) })).sorted()
        return Site(config: config, agencies: agencies, unplaced: unplaced, years: years)
    }
}

/// `series.carriedOver`: this year's 上年结转 equals the same agency's previous-year 结转下年度.
enum SeriesCheck {
    static func apply(_ entries: inout [Site.Entry]) {
        for i in entries.indices where i > 0 && entries[i - 1].year == entries[i].year - 1 {
            let previous = entries[i - 1].report.tables.applications
            let current = entries[i].report.tables.applications
            for (c, column) in Applications.columns.enumerated() {
                let expected = previous?.count("carriedForward", c)
                let actual = current?.count("carriedOver", c)
                let status: Check.Status = expected == nil || actual == nil ? .unknown : (expected == actual ? .pass : .fail)
                let show = { (v: Int?) in v.map(String.init) ?? "空" }
                let message = "\(entries[i].year - 1) 年报告的结转下年度（\(show(expected))）= 本年报告的上年结转（\(show(actual))）：\(status == .pass ? "相符" : status == .fail ? "不符" : "有空值，无法核对")"
                entries[i].report.checks.append(Check(id: "series.carriedOver", scope: column, status: status, message: message, expected: expected, actual: actual))
                if status == .fail {
                    entries[i].report.diagnostics.append(Diagnostic(.warning, "勾稽关系不符（series.carriedOver，\(column)）：\(message)", at: SourceLocation(file: entries[i].report.source.path, line: 1)))
                }
            }
        }
    }
}
