import AnnualReports

/// Every report placed in the portal: by agency and year, with the site-wide checks.
public struct Site: Sendable {
    /// A report at its place in the site. A class: the site-wide pages pass each one through
    /// many lists (years, metrics, charts), and a copy of the struct retained each of its fields.
    public final class Entry: Sendable {
        /// What the site-wide pages use of the report: a compact digest, so that a build does
        /// not hold every report at once.
        public let digest: ReportDigest
        /// The report as published, whole: made when its own page is written.
        public let whole: @Sendable () -> Report
        public let agencySlug: String
        public let year: Int
        /// The UTF-8 of the original bytes' text, published as `source.txt`: read when it is
        /// written, so that a build does not hold every report's text at once.
        public let sourceText: @Sendable () -> [UInt8]
        /// `agencies/<slug>/<year>/` (made once: the site-wide pages link every report).
        public let path: String
        static func path(_ slug: String, _ year: Int) -> String { "agencies/\(slug)/\(year)/" }

        public init(digest: ReportDigest, whole: @escaping @Sendable () -> Report, agencySlug: String, year: Int, sourceText: @escaping @Sendable () -> [UInt8]) {
            self.digest = digest
            self.whole = whole
            self.agencySlug = agencySlug
            self.year = year
            self.sourceText = sourceText
            path = Self.path(agencySlug, year)
        }
    }

    public struct Agency: Sendable {
        public var name: String
        public var slug: String
        public var region: Region?
        /// The agency's reports, oldest year first.
        public var entries: [Entry]
        public var path: String { Self.path(slug) }
        static func path(_ slug: String) -> String { "agencies/\(slug)/" }
    }

    public var config: SiteConfig
    /// Agencies sorted by slug.
    public var agencies: [Agency]
    /// Reports that could not be placed (no agency or year), or lost to another file for the same
    /// agency and year; shown on the quality page with their diagnostics.
    public var unplaced: [ReportDigest]
    public var years: [Int]

    public var entries: [Entry] { agencies.flatMap(\.entries) }
}

/// What the site build needs to know about one report file to place it in the site, without
/// its text: kept in the build cache, so that a rebuild reads only the files that changed.
public struct ReportRecord: Sendable, Equatable {
    /// The report's path from the site folder (`content/…`).
    public var name: String
    public var agency: String?
    public var year: Int?
    /// The slug given in front matter.
    public var givenSlug: String?
    /// The region the report gives, and the one its agency's name implies (GB/T 2260).
    public var region: Region?
    public var inferredRegion: Region?
    /// `Slug.make(agency)`, kept so that a rebuild needs no transliteration.
    public var madeSlug: String?
    /// 上年结转 and 结转下年度 (表三 total row values by column), for `series.carriedOver`.
    public var carriedOver: [Int?]
    public var carriedForward: [Int?]
    public var diagnostics: [Diagnostic]
    /// Fingerprints: of the file's bytes; of the whole report; of what the site-wide pages use
    /// (the report without its narrative).
    public var source: Fingerprint
    public var full: Fingerprint
    public var summary: Fingerprint
    /// Of the parts of the digest, by what the site-wide files are made from.
    public var parts: ReportDigest.Parts
    /// Whether the file's bytes are its text as read (UTF-8 without a byte-order mark or CR), so
    /// that its `source.txt` is the file as it is.
    public var sourceIsText: Bool

    public init(name: String, agency: String?, year: Int?, givenSlug: String?, region: Region?, inferredRegion: Region?, madeSlug: String?, carriedOver: [Int?], carriedForward: [Int?], diagnostics: [Diagnostic], source: Fingerprint, full: Fingerprint, summary: Fingerprint, parts: ReportDigest.Parts, sourceIsText: Bool) {
        self.name = name
        self.agency = agency
        self.year = year
        self.givenSlug = givenSlug
        self.region = region
        self.inferredRegion = inferredRegion
        self.madeSlug = madeSlug
        self.carriedOver = carriedOver
        self.carriedForward = carriedForward
        self.diagnostics = diagnostics
        self.source = source
        self.full = full
        self.summary = summary
        self.parts = parts
        self.sourceIsText = sourceIsText
    }

    /// The record of a report just read from `bytes`, whose text is `text`; `blob` is its binary
    /// form (`Report.binary`), `digest` the binary form of what the site-wide pages use of it
    /// and its parts' fingerprints (`ReportDigest.encoded`). `earlier` is the last build's record
    /// of the same file: its inferred region is kept if the agency is the same (a rebuild that
    /// reads one edited report then does not load the list of divisions to infer it again).
    public init(report: Report, bytes: [UInt8], text: String, blob: [UInt8], digest: (bytes: [UInt8], parts: ReportDigest.Parts), earlier: ReportRecord? = nil) {
        name = report.source.path
        agency = report.agency
        year = report.year
        givenSlug = report.agencySlug
        region = report.region
        if let earlier, earlier.agency == report.agency {
            inferredRegion = earlier.inferredRegion
        } else {
            inferredRegion = report.agency.flatMap { RegionIndex.shared.infer($0) }
        }
        // Made by the site build, for every new name in one transliteration (`Slug.prepare`).
        madeSlug = nil
        carriedOver = Applications.columns.indices.map { report.tables.applications?.count("carriedOver", $0) }
        carriedForward = Applications.columns.indices.map { report.tables.applications?.count("carriedForward", $0) }
        diagnostics = report.diagnostics
        source = Fingerprint.of(bytes)
        full = Fingerprint.of(blob)
        summary = Fingerprint.of(digest.bytes)
        parts = digest.parts
        sourceIsText = SourceDecoder.isUTF8(of: text, bytes)
    }
}

/// Where each report goes: agencies and their slugs, years, regions, and what the site-wide
/// checks add to each report. Made from records alone.
public struct Placement: Sendable {
    public struct Entry: Sendable {
        /// Index of the report's record.
        public var record: Int
        public var year: Int
        public var region: Region?
        /// A note when its agency's address was taken.
        public var notes: [Diagnostic] = []
        /// `series.carriedOver`'s inputs, when the agency has a report for the year before.
        var series: SeriesCheck.Inputs?

        public init(record: Int, year: Int, region: Region?) {
            self.record = record
            self.year = year
            self.region = region
        }

        /// Added to the report's own diagnostics: the note, and a warning for each
        /// `series.carriedOver` check that fails.
        public var addedDiagnostics: [Diagnostic] { notes + (series?.diagnostics ?? []) }
        /// The results of `series.carriedOver`, made when asked for (a rebuild asks only for
        /// the reports it renders again).
        public var addedChecks: [Check] { series?.checks ?? [] }
    }

    public struct Agency: Sendable {
        public var name: String
        public var slug: String
        public var region: Region?
        public var entries: [Entry]
    }

    public var agencies: [Agency]
    /// Records not published (no agency or year, or another file has the same agency and year),
    /// with any diagnostic the placement adds.
    public var unplaced: [(record: Int, addedDiagnostics: [Diagnostic])]
    public var years: [Int]
}

/// Groups reports into agencies and years, makes slugs unique, and runs the checks that need
/// the whole site (`series.carriedOver`).
public enum SiteAssembler {
    /// Two files for the same agency and year: the one whose path sorts first is published; the
    /// other is listed on the quality page with an error naming both files.
    public static func place(_ records: [ReportRecord]) -> Placement {
        var unplaced: [(record: Int, addedDiagnostics: [Diagnostic])] = []
        // Each agency by a number: its name is hashed once for each report (hashing Han text
        // checks its normalisation), and the rest is kept in arrays.
        var ids: [String: Int] = [:]
        var names: [String] = []
        var byAgency: [[Placement.Entry]] = []
        var regions: [Region?] = []
        var slugs: [String] = []
        var explicit: [Bool] = []
        for index in records.indices.sorted(by: { records[$0].name < records[$1].name }) {
            let record = records[index]
            guard let agency = record.agency, let year = record.year, (2007...2100).contains(year) else {
                unplaced.append((index, []))
                continue
            }
            let id: Int
            if let known = ids[agency] {
                id = known
                if let existing = byAgency[id].first(where: { $0.year == year }) {
                    unplaced.append((index, [Diagnostic(.error, "与 \(records[existing.record].name) 是同一机关（\(agency)）同一年度（\(year)）的报告；只发布路径排序在前的文件，请删除或改正其中一个", at: SourceLocation(file: record.name, line: 1))]))
                    continue
                }
            } else {
                id = names.count
                ids[agency] = id
                names.append(agency)
                byAgency.append([])
                regions.append(nil)
                let made = record.madeSlug ?? Slug.make(agency)
                if let given = record.givenSlug, given != made, Slug.isValid(given) {
                    slugs.append(given)
                    explicit.append(true)
                } else {
                    // A name the slug cannot spell out whole gets a suffix from its bytes.
                    slugs.append(Slug.isFaithful(agency) ? made : made + "-" + SHA256.hex(Array(agency.utf8)).prefix(6))
                    explicit.append(false)
                }
            }
            // Front matter gives the region; otherwise the agency's name, where the GB/T 2260 list settles it.
            let region = record.region ?? regions[id] ?? record.inferredRegion
            if regions[id] == nil, let region { regions[id] = region }
            byAgency[id].append(Placement.Entry(record: index, year: year, region: region))
        }
        // Unique slugs: slugs made from names are placed before slugs given in front matter (so that
        // a given slug cannot take another agency's address); where two share one, the later name
        // (in Unicode order) gets -2, -3, …
        var taken: Set<String> = []
        var agencies: [Placement.Agency] = []
        for id in names.indices.sorted(by: { (explicit[$0] ? 1 : 0, names[$0]) < (explicit[$1] ? 1 : 0, names[$1]) }) {
            let name = names[id]
            var slug = slugs[id]
            var n = 2
            while taken.contains(slug) {
                slug = "\(slugs[id])-\(n)"
                n += 1
            }
            taken.insert(slug)
            var entries = byAgency[id].sorted { $0.year < $1.year }
            if n > 2, let first = entries.first {
                let other = names.indices.filter { slugs[$0] == slugs[id] && $0 != id }.map { names[$0] }.min() ?? "另一机关"
                entries[0].notes.append(Diagnostic(explicit[id] ? .warning : .note, "网址 agencies/\(slugs[id])/ 已属于“\(other)”，本机关改用 agencies/\(slug)/；如需固定网址，请在前置信息中写明一个未被使用的 slug", at: SourceLocation(file: records[first.record].name, line: 1)))
            }
            SeriesCheck.apply(&entries, records)
            agencies.append(Placement.Agency(name: name, slug: slug, region: regions[id], entries: entries))
        }
        agencies.sort { $0.slug < $1.slug }
        let years = Array(Set(agencies.flatMap { $0.entries.map(\.year) })).sorted()
        return Placement(agencies: agencies, unplaced: unplaced, years: years)
    }

    /// The site: `digest(i)` gives what the site-wide pages use of record i's report,
    /// `whole(i)` the whole report as read, `text(i)` its source text.
    public static func site(_ placement: Placement, config: SiteConfig, digest: @Sendable (Int) -> ReportDigest, whole: @escaping @Sendable (Int) -> Report,
                            text: @escaping @Sendable (Int) -> [UInt8]) -> Site {
        let unplaced = placement.unplaced.map { item in
            var s = digest(item.record)
            s.add(diagnostics: item.addedDiagnostics)
            return s
        }
        // Agencies are independent of each other: made on every core (a rebuild waits for this).
        let agencies = Parallel.map(placement.agencies.count) { agency(placement.agencies[$0], digest: digest, whole: whole, text: text) }
        return Site(config: config, agencies: agencies, unplaced: unplaced, years: placement.years)
    }

    /// One agency of the site (`digest`, `whole` and `text` as for `site`).
    static func agency(_ agency: Placement.Agency, digest: (Int) -> ReportDigest, whole: @escaping @Sendable (Int) -> Report,
                       text: @escaping @Sendable (Int) -> [UInt8]) -> Site.Agency {
        Site.Agency(name: agency.name, slug: agency.slug, region: agency.region, entries: agency.entries.map { entry in
            var s = digest(entry.record)
            s.region = entry.region
            s.add(diagnostics: entry.addedDiagnostics)
            if let series = entry.series { s.add(series: series) }
            return Site.Entry(digest: s, whole: { placed(whole(entry.record), entry, slug: agency.slug) },
                              agencySlug: agency.slug, year: entry.year, sourceText: { text(entry.record) })
        })
    }

    /// A report as published: with its agency's slug and region, and what the site-wide checks add.
    static func placed(_ report: Report, _ entry: Placement.Entry, slug: String) -> Report {
        var report = report
        report.region = entry.region
        report.diagnostics += entry.addedDiagnostics
        report.agencySlug = slug
        report.checks += entry.addedChecks
        return report
    }
}

/// `series.carriedOver`: this year's 上年结转 equals the same agency's previous-year 结转下年度.
enum SeriesCheck {
    /// The numbers one report's checks compare: the previous year's 结转下年度 (`expected`) and this
    /// year's 上年结转 (`actual`), a value for each column of `Applications.columns`.
    struct Inputs: Sendable {
        var year: Int
        var file: String
        var expected: [Int?]
        var actual: [Int?]

        func status(_ c: Int) -> Check.Status {
            let e = expected[c], a = actual[c]
            return e == nil || a == nil ? .unknown : (e == a ? .pass : .fail)
        }

        func message(_ c: Int) -> String {
            let show = { (v: Int?) in v.map(String.init) ?? "空" }
            let status = status(c)
            return "\(year - 1) 年报告的结转下年度（\(show(expected[c]))）= 本年报告的上年结转（\(show(actual[c]))）：\(status == .pass ? "相符" : status == .fail ? "不符" : "有空值，无法核对")"
        }

        /// The check of column `c`.
        func check(_ c: Int) -> Check {
            Check(id: "series.carriedOver", scope: Applications.columns[c], status: status(c), message: message(c), expected: expected[c], actual: actual[c])
        }

        var checks: [Check] { Applications.columns.indices.map(check) }

        var diagnostics: [Diagnostic] {
            Applications.columns.indices.filter { status($0) == .fail }.map { c in
                Diagnostic(.warning, "勾稽关系不符（series.carriedOver，\(Applications.columns[c])）：\(message(c))", at: SourceLocation(file: file, line: 1))
            }
        }

        /// The inputs as bytes, for the fingerprint of what the placement adds to a report.
        func encode(into w: inout ByteWriter) {
            w.int(year)
            w.string(file)
            w.array(expected) { $0.int($1) }
            w.array(actual) { $0.int($1) }
        }
    }

    /// Gives each report whose agency has a report for the year before the inputs of its checks.
    static func apply(_ entries: inout [Placement.Entry], _ records: [ReportRecord]) {
        for i in entries.indices where i > 0 && entries[i - 1].year == entries[i].year - 1 {
            let current = records[entries[i].record]
            entries[i].series = Inputs(year: entries[i].year, file: current.name, expected: records[entries[i - 1].record].carriedForward, actual: current.carriedOver)
        }
    }
}
