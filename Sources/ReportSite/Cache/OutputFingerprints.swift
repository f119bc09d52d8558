import AnnualReports

/// The fingerprint of every output's inputs, from the records and their placement alone: a page
/// whose fingerprint is the last build's is not rendered again.
///
/// - a report's page and report.json: the report, what the placement adds to it, its agency's
///   name, slug, region and years (the page links to the other years);
/// - source.txt: the file's bytes;
/// - an agency's page: its reports' page fingerprints;
/// - each site-wide page or data file: the site's structure (its years, its agencies with their
///   names, slugs, regions and years, and every report's identity and place), and the parts of
///   every report's digest the file is made from (`SiteInputs`);
/// - data/reports.json: every report's page fingerprint, in order.
/// The generator, theme and configuration (`keys`) go into each.
struct OutputFingerprints: Sendable {
    var pages: [String: Fingerprint] = [:]
    var sources: [String: Fingerprint] = [:]
    var agencies: [String: Fingerprint] = [:]
    var reportsJSON: Fingerprint
    /// Each agency's path, and its reports' paths, in the placement's order.
    private(set) var agencyPaths: [String] = []
    private(set) var entryPaths: [[String]] = []
    /// The site-wide files' inputs, by part (`SiteInputs`); `values` of every report, and of each
    /// year's.
    private var structure: Fingerprint
    private var published: Fingerprint
    private var values: Fingerprint
    private var valuesByYear: [Int: Fingerprint]
    private var checks: Fingerprint

    init(_ placement: Placement, _ records: [ReportRecord], keys: Fingerprint) {
        var structure = Fingerprint.Hasher(), published = Fingerprint.Hasher(), values = Fingerprint.Hasher(), checks = Fingerprint.Hasher()
        var byYear: [Int: Fingerprint.Hasher] = [:]
        structure.combine(keys)
        var json = Fingerprint.Hasher()
        json.combine(keys)
        let count = placement.agencies.reduce(0) { $0 + $1.entries.count }
        pages.reserveCapacity(count)
        sources.reserveCapacity(count)
        agencies.reserveCapacity(placement.agencies.count)
        agencyPaths.reserveCapacity(placement.agencies.count)
        entryPaths.reserveCapacity(placement.agencies.count)
        for year in placement.years { structure.combine(year) }
        for agency in placement.agencies {
            // (Small writers: the default room is 4 KB, and these are made for every agency and report.)
            var about = ByteWriter(capacity: 256)
            about.string(agency.name)
            about.string(agency.slug)
            about.optional(agency.region) { Report.encodeRegion($1, into: &$0) }
            about.array(agency.entries) { $0.int($1.year) }
            structure.combine(about.bytes)
            var page = Fingerprint.Hasher()
            page.combine(keys)
            page.combine(about.bytes)
            var paths: [String] = []
            paths.reserveCapacity(agency.entries.count)
            for entry in agency.entries {
                let (place, checked) = Self.added(entry)
                var h = Fingerprint.Hasher()
                h.combine(keys)
                h.combine(about.bytes)
                h.combine(records[entry.record].full)
                h.combine(place)
                h.combine(checked)
                let path = Site.Entry.path(agency.slug, entry.year)
                paths.append(path)
                let fingerprint = h.value
                pages[path] = fingerprint
                sources[path] = records[entry.record].source
                page.combine(fingerprint)
                let parts = records[entry.record].parts
                structure.combine(parts.identity)
                structure.combine(place)
                published.combine(parts.published)
                values.combine(parts.values)
                byYear[entry.year, default: Fingerprint.Hasher()].combine(parts.values)
                checks.combine(parts.checks)
                checks.combine(checked)
                json.combine(path)
                json.combine(fingerprint)
            }
            let path = Site.Agency.path(agency.slug)
            agencies[path] = page.value
            agencyPaths.append(path)
            entryPaths.append(paths)
        }
        structure.combine(-1)
        for item in placement.unplaced {
            let parts = records[item.record].parts
            structure.combine(parts.identity)
            published.combine(parts.published)
            values.combine(parts.values)
            checks.combine(parts.checks)
            var w = ByteWriter(capacity: 256)
            w.array(item.addedDiagnostics) { Report.encodeDiagnostic($1, into: &$0) }
            checks.combine(w.bytes)
        }
        self.structure = structure.value
        self.published = published.value
        self.values = values.value
        valuesByYear = byYear.mapValues(\.value)
        self.checks = checks.value
        reportsJSON = json.value
    }

    /// The fingerprint of a site-wide file's inputs.
    func site(_ inputs: SiteInputs) -> Fingerprint {
        var h = Fingerprint.Hasher()
        h.combine(structure)
        if inputs.published { h.combine(published) }
        switch inputs.values {
        case .none: h.combine(0)
        case .all: h.combine(values)
        case .year(let year): h.combine(valuesByYear[year] ?? Fingerprint.Hasher().value)
        }
        if inputs.checks { h.combine(checks) }
        return h.value
    }

    /// What the placement adds to a report, as bytes: its place (year and region), and the
    /// diagnostics and checks it adds.
    static func added(_ entry: Placement.Entry) -> (place: [UInt8], checks: [UInt8]) {
        var place = ByteWriter(capacity: 64)
        place.int(entry.year)
        place.optional(entry.region) { Report.encodeRegion($1, into: &$0) }
        var checks = ByteWriter(capacity: 256)
        checks.array(entry.notes) { Report.encodeDiagnostic($1, into: &$0) }
        // The checks' inputs stand for the checks and warnings they give.
        checks.optional(entry.series) { $1.encode(into: &$0) }
        return (place.bytes, checks.bytes)
    }

    /// What the manifest keeps of a report's outputs, with where its JSON is in data/reports.json.
    func output(_ path: String, at span: (offset: Int, length: Int), search: Fingerprint) -> BuildManifest.EntryOutput {
        BuildManifest.EntryOutput(page: pages[path]!, source: sources[path]!, offset: span.offset, length: span.length, search: search)
    }

    /// Whether a rebuild in place is worth it: at most a quarter of the reports and agencies
    /// changed. Otherwise the whole site is built into a new folder and swapped in.
    func fewChanges(since previous: BuildManifest) -> Bool {
        let changed = pages.reduce(0) { $0 + (previous.entries[$1.key]?.page != $1.value ? 1 : 0) }
            + agencies.reduce(0) { $0 + (previous.agencies[$1.key] != $1.value ? 1 : 0) }
        return changed * 4 <= pages.count + agencies.count
    }
}

/// What a site-wide file is made from, beyond the site's structure (its years; its agencies, with
/// their names, slugs, regions and years; each report's agency, region, source path and place),
/// which every file is taken to depend on. A rebuild makes a file again only when the fingerprint
/// of its inputs changed, so a file must name every part of the reports' digests it reads: an
/// edit of a part it reads but does not name would leave it stale (the incremental build tests
/// edit each part and compare the rebuilt site with a whole build).
struct SiteInputs: Sendable {
    enum Values: Sendable {
        case none
        /// Every report's templates and table values.
        case all
        /// Those of the reports of one year.
        case year(Int)
    }

    /// Publication dates.
    var published = false
    var values = Values.none
    /// Counts of checks and diagnostics, those listed, and those the placement adds.
    var checks = false

    static let structure = SiteInputs()
}
