import AnnualReports

/// The fingerprint of every output's inputs, from the records and their placement alone: a page
/// whose fingerprint is the last build's is not rendered again.
///
/// - a report's page and report.json: the report, what the placement adds to it, its agency's
///   name, slug, region and years (the page links to the other years);
/// - source.txt: the file's bytes;
/// - an agency's page: its reports' page fingerprints;
/// - the site-wide pages and data: every placed report without its narrative, with its placement,
///   and every unplaced report;
/// - data/reports.json: every report's page fingerprint, in order.
/// The generator, theme and configuration (`keys`) go into each.
struct OutputFingerprints: Sendable {
    var pages: [String: Fingerprint] = [:]
    var sources: [String: Fingerprint] = [:]
    var agencies: [String: Fingerprint] = [:]
    var site: Fingerprint
    var reportsJSON: Fingerprint

    init(_ placement: Placement, _ records: [ReportRecord], keys: Fingerprint) {
        var site = Fingerprint.Hasher()
        site.combine(keys)
        var json = Fingerprint.Hasher()
        json.combine(keys)
        let count = placement.agencies.reduce(0) { $0 + $1.entries.count }
        pages.reserveCapacity(count)
        sources.reserveCapacity(count)
        agencies.reserveCapacity(placement.agencies.count)
        for year in placement.years { site.combine(year) }
        for agency in placement.agencies {
            var about = ByteWriter()
            about.string(agency.name)
            about.string(agency.slug)
            about.optional(agency.region) { Report.encodeRegion($1, into: &$0) }
            about.array(agency.entries) { $0.int($1.year) }
            site.combine(about.bytes)
            var page = Fingerprint.Hasher()
            page.combine(keys)
            page.combine(about.bytes)
            for entry in agency.entries {
                let added = Self.added(entry)
                var h = Fingerprint.Hasher()
                h.combine(keys)
                h.combine(about.bytes)
                h.combine(records[entry.record].full)
                h.combine(added)
                let path = Site.Entry.path(agency.slug, entry.year)
                let fingerprint = h.value
                pages[path] = fingerprint
                sources[path] = records[entry.record].source
                page.combine(fingerprint)
                site.combine(records[entry.record].summary)
                site.combine(added)
                json.combine(path)
                json.combine(fingerprint)
            }
            agencies[Site.Agency.path(agency.slug)] = page.value
        }
        site.combine(-1)
        for item in placement.unplaced {
            site.combine(records[item.record].summary)
            var w = ByteWriter()
            w.array(item.addedDiagnostics) { Report.encodeDiagnostic($1, into: &$0) }
            site.combine(w.bytes)
        }
        self.site = site.value
        reportsJSON = json.value
    }

    /// What the placement adds to a report, as bytes.
    static func added(_ entry: Placement.Entry) -> [UInt8] {
        var w = ByteWriter()
        w.int(entry.year)
        w.optional(entry.region) { Report.encodeRegion($1, into: &$0) }
        w.array(entry.notes) { Report.encodeDiagnostic($1, into: &$0) }
        // The checks' inputs stand for the checks and warnings they give.
        w.optional(entry.series) { $1.encode(into: &$0) }
        return w.bytes
    }

    /// What the manifest keeps of a report's outputs, with where its JSON is in data/reports.json.
    func output(_ path: String, at span: (offset: Int, length: Int)) -> BuildManifest.EntryOutput {
        BuildManifest.EntryOutput(page: pages[path]!, source: sources[path]!, offset: span.offset, length: span.length)
    }

    /// Whether a rebuild in place is worth it: at most a quarter of the reports and agencies
    /// changed. Otherwise the whole site is built into a new folder and swapped in.
    func fewChanges(since previous: BuildManifest) -> Bool {
        let changed = pages.reduce(0) { $0 + (previous.entries[$1.key]?.page != $1.value ? 1 : 0) }
            + agencies.reduce(0) { $0 + (previous.agencies[$1.key] != $1.value ? 1 : 0) }
        return changed * 4 <= pages.count + agencies.count
    }
}
