import AnnualReports
import Foundation
import Glibc
import Synchronization

/// `gongkai build`: content/ → reports → site → pages → public/, staged and swapped in whole.
public struct SiteBuilder: Sendable {
    public struct Options: Sendable {
        public var content: String
        public var theme: String?
        public var output: String
        public var config: String
        public var baseURL: String?
        public var strict: Bool
        /// Whether to use and keep the build cache beside the output folder.
        public var cache: Bool
        /// Whether to make the search index (with Pagefind, if it is installed).
        public var search: Bool
        /// Dead bytes the cache's pack may hold beyond as many as it has live (`BuildCache.openPack`).
        var packSlack = BuildCache.packSlack

        public init(content: String = "content", theme: String? = nil, output: String = "public", config: String = "site.yml", baseURL: String? = nil, strict: Bool = false, cache: Bool = true, search: Bool = true) {
            self.cache = cache
            self.search = search
            self.content = content
            self.theme = theme
            self.output = output
            self.config = config
            self.baseURL = baseURL
            self.strict = strict
        }
    }

    public struct Summary: Sendable {
        public var reports: Int
        public var pages: Int
        public var files: Int
        /// Files written by this build (all of them, unless the cache let it skip unchanged ones).
        public var written: Int
        /// Site-wide files made by this build (all of them, unless it is a rebuild: then only
        /// those whose inputs changed).
        public var siteFilesMade: Int
        public var warnings: Int
        public var errors: Int
        public var seconds: Double
        public var diagnostics: [Diagnostic]
        /// What the build has to say about the search index (Pagefind missing, a part that failed).
        public var searchNotes: [String]
        /// Wall and CPU time of each stage (`gongkai build --timings`).
        public var timings: PhaseTimer

        public var line: String {
            "构建完成：\(reports) 份报告，\(pages) 个页面（共 \(files) 个文件\(written < files ? "，本次写入 \(written) 个" : "")），\(warnings) 个警告，\(errors) 个错误，用时 \(String(format: "%.2f", seconds)) 秒"
        }
    }

    public struct BuildError: LocalizedError, Sendable {
        public var reason: String
        public var errorDescription: String? { reason }
    }

    public let options: Options

    /// The search engine builds use: Pagefind and its version, if it is installed.
    public static var searchEngine: String? { Pagefind.found.map { "Pagefind \($0.version)" } }

    public init(options: Options) {
        self.options = options
    }

    public func build() throws -> Summary {
        let start = Date()
        var timer = PhaseTimer()
        guard let themeDirectories = Theme.directories(siteTheme: options.theme) else {
            throw BuildError(reason: "找不到默认主题（theme/templates/base.mustache）；请用 --theme 指定主题文件夹，或设置 GONGKAI_THEME")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if let theme = options.theme, !(fm.fileExists(atPath: theme, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw BuildError(reason: "--theme \(theme) 不存在或不是文件夹")
        }
        guard fm.fileExists(atPath: options.content, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildError(reason: "--content \(options.content) 不存在或不是文件夹；请指定放报告的文件夹")
        }
        try OutputGuard.check(output: options.output, content: options.content, themes: themeDirectories, config: options.config)
        var config = try SiteConfig.load(options.config)
        if let base = options.baseURL {
            do { config.baseURL = try SiteConfig.checkedBaseURL(base) } catch { throw BuildError(reason: "--base-url：\(error.localizedDescription)") }
        }
        let theme = Theme(directories: themeDirectories)

        let loader = ContentLoader()
        // Reports are named by their path from the site folder (`content/…`), wherever the build
        // runs from, so that the published data does not depend on the machine.
        let contentRoot = URL(fileURLWithPath: options.content).standardizedFileURL
        let output = URL(fileURLWithPath: options.output).standardizedFileURL.path
        let cacheDirectory = BuildCache.directory(forOutput: output)
        // A rebuild killed while applying its changes is finished first.
        try BuildCache.recover(output: output, staging: OutputWriter.staging(for: output), cache: cacheDirectory)
        // Old files the last build set aside go while this one runs (without the cache, the
        // whole cache folder goes, below).
        let emptying = options.cache ? Background { BuildCache.emptyTrash(cacheDirectory) } : nil
        defer { emptying?.wait() }
        let keys = BuildCache.keys(themes: themeDirectories, config: options.config, options: [options.baseURL ?? "", contentRoot.lastPathComponent])
        // The last build's manifest is decoded while the content folder is listed.
        let loading = Background { [options] in options.cache ? BuildCache.load(cacheDirectory, keys: keys, output: output) : nil }
        defer { _ = loading.wait() }
        let (files, skipped) = try loader.find(in: [options.content])
        var last = loading.wait()
        timer.mark("读取缓存、列出文件")
        // Files found under the content folder start with its path as given: the rest is kept as
        // is (without Foundation's URL, which costs more than the rest of a rebuild's listing).
        let given = options.content.hasSuffix("/") ? options.content : options.content + "/"
        let root = contentRoot.lastPathComponent
        func name(_ file: String) -> String {
            if file.hasPrefix(given) { return root + "/" + String(decoding: file.utf8.dropFirst(given.utf8.count), as: UTF8.self) }
            let relative = URL(fileURLWithPath: file).standardizedFileURL.path.dropFirst(contentRoot.path.count).drop { $0 == "/" }
            return root + "/" + relative
        }
        let loaderDiagnostics = skipped.map { $0.diagnostic(named: name($0.path)) }
        if files.isEmpty {
            throw BuildError(reason: "\(options.content) 中没有报告文件（.txt 或 .md）；为免用空网站替换现有网站，未生成。请检查 --content 是否指向放报告的文件夹")
        }

        // Reports are read on every core (only those that changed since the last build, where
        // there is a cache); the order stays the files' sorted order.
        let names = files.map(name)
        let reader = ReportReader(makesSlugs: false)
        // Reports read are kept in binary form in the cache's pack file, not in memory, until their
        // pages are written. Without the cache (--no-cache), the pack lasts only for this build.
        if !options.cache { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        defer { if !options.cache { try? FileManager.default.removeItem(atPath: cacheDirectory) } }
        let pack = BuildCache.openPack(cacheDirectory, previous: &last, slack: options.packSlack)
        let previous = last
        let recordedAt = FileStamp.now()
        // Many reports to read (a first build, or many new files) bring agency names the cache has
        // no slug for: one worker then has ICU compile its transliterators while the others read.
        let readSoFar = Atomic<Int>(previous == nil ? Self.readsBeforeSlugWarmUp : 0)
        let scans: [Scan] = Parallel.map(files.count) { i in
            let stamp = FileStamp.of(files[i])
            if let previous, let stamp, let item = previous.items[names[i]], item.stamp == stamp {
                // A file changed just before the last build looked may keep its time: compare it.
                if stamp.modified < previous.recordedAt - 2_000_000_000 { return .cached(item) }
                if let bytes = try? loader.bytes(files[i]), Fingerprint.of(bytes) == item.record.source { return .cached(item) }
            }
            if readSoFar.add(1, ordering: .relaxed).newValue == Self.readsBeforeSlugWarmUp + 1 { Slug.warmUp() }
            let (report, text, bytes) = loader.read(files[i], name: names[i], reader: reader)
            let blob = report.binary
            let digest = ReportDigest(report)
            let encoded = digest.encoded
            let digestBinary = encoded.bytes
            let record = ReportRecord(report: report, bytes: bytes, text: text, blob: blob, digest: encoded, earlier: previous?.items[names[i]]?.record)
            let item = stamp.flatMap { stamp in
                pack?.append(blob + digestBinary).map {
                    BuildManifest.Item(stamp: stamp, record: record, pack: pack!.name, offset: $0.offset, length: blob.count, digestLength: digestBinary.count)
                }
            }
            // The whole report is held in memory only if the pack could not take it.
            return .fresh(item == nil ? report : nil, digest, record, item)
        }
        pack?.close()
        var records = scans.map(\.record)
        // Slugs for the new names, in one transliteration (names the cache knows keep theirs).
        var known: [String: String] = [:]
        for record in records { if let agency = record.agency, let slug = record.madeSlug { known[agency] = slug } }
        let unnamed = records.indices.filter { records[$0].madeSlug == nil && records[$0].agency != nil }
        Slug.prepare(unnamed.compactMap { records[$0].agency }.filter { known[$0] == nil })
        for i in unnamed { records[i].madeSlug = known[records[i].agency!] ?? Slug.make(records[i].agency!) }
        timer.mark("读取报告")

        let placement = SiteAssembler.place(records)
        let placedDiagnostics = placement.agencies.flatMap { $0.entries.flatMap { records[$0.record].diagnostics + $0.addedDiagnostics } }
            + placement.unplaced.flatMap { records[$0.record].diagnostics + $0.addedDiagnostics }
        let diagnostics = loaderDiagnostics + placedDiagnostics
        let errors = diagnostics.filter { $0.severity == .error }.count
        if options.strict && errors > 0 {
            throw BuildError(reason: "内容中有 \(errors) 个错误，--strict 模式下不生成网站；之前的网站保持不变")
        }
        let fingerprints = OutputFingerprints(placement, records, keys: keys)
        timer.mark("组织网站")

        // Reports as read, from their binary form in the pack (the file read again if damaged).
        let packs = BuildCache.PackReader(directory: cacheDirectory)
        let report: @Sendable (Int) -> Report = { i in
            switch scans[i] {
            case .fresh(let report?, _, _, _): return report
            case .fresh(_, _, _, let item?), .cached(let item):
                if let blob = packs.blob(item), let report = try? Report.decode(blob) { return report }
            case .fresh(nil, _, _, nil): break
            }
            return loader.read(files[i], name: names[i], reader: reader).report
        }
        // The text is read again when its source.txt is written, not held for the whole build.
        let verbatim = records.map { $0.sourceIsText ? $0.source : nil }
        let text: @Sendable (Int) -> [UInt8] = { loader.sourceText(files[$0], name: names[$0], verbatim: verbatim[$0]) }
        var items: [String: BuildManifest.Item] = [:]
        items.reserveCapacity(scans.count)
        for (i, scan) in scans.enumerated() {
            switch scan {
            case .cached(let item): items[names[i]] = item
            case .fresh(_, _, _, let item?):
                var item = item
                item.record.madeSlug = records[i].madeSlug
                items[names[i]] = item
            case .fresh: break
            }
        }
        var manifest = BuildManifest(
            keys: keys, outputDevice: 0, outputInode: 0, recordedAt: recordedAt, items: items,
            entries: [:], agencies: fingerprints.agencies, sitePaths: [], siteFingerprints: [],
            reportsJSON: fingerprints.reportsJSON, pack: pack?.name ?? "", itemOrder: names, entryOrder: Array(fingerprints.entryPaths.joined()))

        // The whole site: every report as the site-wide pages use it (without its narrative; those
        // from the cache decoded on every core); each whole report is decoded again when its page
        // is written.
        let wholeSite: (_ text: @escaping @Sendable (Int) -> [UInt8]) -> Site = { text in
            let digests = Parallel.map(records.count) { i in
                switch scans[i] {
                case .fresh(_, let digest, _, _): return digest
                case .cached(let item): return packs.digest(item) ?? ReportDigest(report(i))
                }
            }
            return SiteAssembler.site(placement, config: config, digest: { digests[$0] }, whole: report, text: text)
        }

        let writer = try OutputWriter(output: options.output)
        var search = SearchRun(enabled: options.search, cache: cacheDirectory)
        defer { search.finish() }
        do {
            let written: Written
            if let previous, fingerprints.fewChanges(since: previous), FileManager.default.fileExists(atPath: output + "/data/reports.json") {
                written = try rebuild(placement, fingerprints, previous: previous, report: report, text: text, whole: { wholeSite { _ in [] } }, config: config, theme: theme, writer: writer, manifest: &manifest, search: &search, timer: &timer)
            } else {
                let site = wholeSite(text)
                timer.mark("取出报告")
                written = try write(site, theme: theme, to: writer, fingerprints: fingerprints, manifest: &manifest, search: &search, timer: &timer)
                // The old manifest goes before the swap: a build killed between the two leaves no
                // cache rather than one that describes the previous site.
                unlink(cacheDirectory + "/manifest")
                if let identity = BuildCache.outputIdentity(writer.staging) {
                    manifest.outputDevice = identity.device
                    manifest.outputInode = identity.inode
                }
                try writer.commit()
                if options.cache { BuildCache.save(manifest, to: cacheDirectory) }
            }
            timer.mark("替换输出")
            let searchFiles = manifest.searchShards.reduce(0) { $0 + $1.files }
            return Summary(
                reports: placement.agencies.reduce(0) { $0 + $1.entries.count }, pages: written.pages, files: written.files + searchFiles,
                written: written.written, siteFilesMade: written.siteFilesMade, warnings: diagnostics.filter { $0.severity == .warning }.count, errors: errors,
                seconds: Date().timeIntervalSince(start), diagnostics: diagnostics, searchNotes: search.notes, timings: timer)
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Reports a rebuild reads before it has ICU's transliterators made ready for new names.
    static let readsBeforeSlugWarmUp = 64

    /// A report file after the scan: unchanged since the last build (its cache item), or read now.
    enum Scan: Sendable {
        case cached(BuildManifest.Item)
        /// The whole report only where the pack could not take its binary form, and its digest
        /// (kept, so that a whole build does not decode it back from the pack).
        case fresh(Report?, ReportDigest, ReportRecord, BuildManifest.Item?)

        var record: ReportRecord {
            switch self {
            case .cached(let item): item.record
            case .fresh(_, _, let record, _): record
            }
        }
    }

    /// What a build wrote: HTML pages, files in the site, files written this time, and site-wide
    /// files made this time.
    struct Written {
        var pages: Int
        var files: Int
        var written: Int
        var siteFilesMade: Int

        /// The site-wide files, then each agency's page and each report's page, report.json and
        /// source.txt, and data/reports.json.
        init(sitePaths: [String], reportsByAgency: [Int], written: Int, siteFilesMade: Int) {
            let reports = reportsByAgency.reduce(0, +)
            pages = sitePaths.filter { $0.hasSuffix(".html") }.count + reportsByAgency.count + reports
            files = sitePaths.count + reportsByAgency.count + 3 * reports + 1
            self.written = written
            self.siteFilesMade = siteFilesMade
        }
    }

    /// One site-wide file: its path, what it is made from, and how to make its bytes from the
    /// site (through its renderer).
    private struct SiteFile {
        var path: String
        var inputs: SiteInputs
        var make: @Sendable (Site, PageRenderer) throws -> [UInt8]
    }

    /// The site-wide files (everything but the agency and report folders and data/reports.json),
    /// in the order they are written, for a site of these years.
    private func siteFileList(years: [Int], theme: Theme) throws -> [SiteFile] {
        var files: [SiteFile] = [
            SiteFile(path: "index.html", inputs: SiteInputs(values: .all, checks: true)) { $1.indexPage() },
            SiteFile(path: "agencies/index.html", inputs: .structure) { $1.agenciesPage() },
            SiteFile(path: "quality/index.html", inputs: SiteInputs(checks: true)) { $1.qualityPage() },
        ]
        for year in years { files.append(SiteFile(path: "years/\(year)/index.html", inputs: SiteInputs(values: .year(year))) { $1.yearPage(year) }) }
        files.append(SiteFile(path: "compare/index.html", inputs: .structure) { $1.compareIndexPage() })
        for comparison in Metric.comparisons {
            files.append(SiteFile(path: "compare/\(comparison.slug)/index.html", inputs: SiteInputs(values: .all)) {
                $1.comparePage(slug: comparison.slug, title: comparison.title, metrics: comparison.metrics)
            })
        }
        files.append(SiteFile(path: "search/index.html", inputs: .structure) { $1.searchPage() })
        files.append(SiteFile(path: "404.html", inputs: .structure) { $1.notFoundPage() })
        files.append(SiteFile(path: "data/reports.csv", inputs: SiteInputs(published: true, values: .all, checks: true)) { site, _ in DataFiles.csv(site.entries) })
        let pagePaths = files.map(\.path).filter { $0.hasSuffix("index.html") }.map { String($0.dropLast("index.html".count)) }
        files.append(SiteFile(path: "sitemap.xml", inputs: .structure) { site, _ in
            DataFiles.sitemap(pagePaths + site.agencies.flatMap { [$0.path] + $0.entries.map(\.path) }, baseURL: site.config.baseURL)
        })
        files.append(SiteFile(path: "feed.xml", inputs: SiteInputs(published: true)) { site, _ in DataFiles.feed(site) })
        files.append(SiteFile(path: "robots.txt", inputs: .structure) { site, _ in Array("User-agent: *\nAllow: /\nSitemap: \(site.config.baseURL)sitemap.xml\n".utf8) })
        for asset in try theme.assets() {
            files.append(SiteFile(path: "assets/" + asset.relativePath, inputs: .structure) { _, _ in
                guard let bytes = FileBytes.read(asset.source) else {
                    throw BuildError(reason: "\(asset.source): 无法读取主题文件")
                }
                return bytes
            })
        }
        return files
    }

    /// Writes every file of the site into the staging folder.
    private func write(_ site: Site, theme: Theme, to writer: OutputWriter, fingerprints: OutputFingerprints, manifest: inout BuildManifest, search: inout SearchRun, timer: inout PhaseTimer) throws -> Written {
        let renderer = try PageRenderer(site: site, theme: theme)
        // The site-wide pages (one thread) are rendered and written while the agency and report
        // pages are (every core).
        let files = try siteFileList(years: site.years, theme: theme)
        let siteWide = Background {
            // One at a time, so that this thread holds one file at a time.
            Result { for file in files { try writer.write(file.make(site, renderer), to: file.path) } }
        }
        // Not left writing into the staging folder if the pages below fail.
        defer { _ = siteWide.wait() }
        // Agency and report pages are rendered and written on every core, a chunk of agencies at a
        // time: memory holds one chunk of pages, not the site. data/reports.json is written in
        // order as each chunk is done: the array of every report's JSON, one report a line.
        let all = ReportsJSON(try writer.open("data/reports.json"))
        // Each report's search document is made beside its page, and written into the index's
        // input folder if there is an index to make.
        let shards = SearchIndex.shardCount(reports: fingerprints.pages.count)
        let markdown = renderer.markdown
        let indexing = search.start()
        let input = indexing?.input
        let chunk = 64
        for start in stride(from: 0, to: site.agencies.count, by: chunk) {
            let agencies = Array(site.agencies[start..<min(start + chunk, site.agencies.count)])
            let written = Parallel.map(agencies.count) { i in
                Result { () throws -> [(json: [UInt8], search: Fingerprint)] in
                    let agency = agencies[i]
                    try writer.write(renderer.agencyPage(agency), to: agency.path + "index.html")
                    return try agency.entries.map { entry in
                        let whole = entry.whole()
                        try writer.write(renderer.reportPage(entry, whole: whole, agency: agency), to: entry.path + "index.html")
                        let line = whole.compactJSONBytes
                        try writer.write(line, to: entry.path + "report.json")
                        try writer.write(entry.sourceText(), to: entry.path + "source.txt")
                        // (Without an index to make, no document: its fingerprint is zero, which no
                        // document has, and the next build that makes the index makes every part.)
                        guard let input else { return (line, Fingerprint(high: 0, low: 0)) }
                        let document = SearchDocument(agency: agency.name, slug: agency.slug, year: entry.year, region: whole.region, sections: whole.sections, markdown: markdown)
                        try SearchIndex.writeDocument(document, shard: SearchIndex.shard(of: entry.path, count: shards), input: input)
                        return (line, document.fingerprint)
                    }
                }
            }
            for (agency, result) in zip(agencies, written) {
                for (entry, (json, search)) in zip(agency.entries, try result.get()) {
                    manifest.entries[entry.path] = fingerprints.output(entry.path, at: try all.append(json), search: search)
                }
            }
        }
        try all.close()
        try siteWide.wait().get()
        manifest.sitePaths = files.map(\.path)
        manifest.siteFingerprints = files.map { fingerprints.site($0.inputs) }
        timer.mark("机关、报告和全站页面")
        if let (input, pagefind) = indexing {
            let parts = SearchIndex.index(Array(0..<shards), input: input, output: writer.staging + "/" + SearchIndex.folder, with: pagefind)
            let made = SearchIndex.shardFingerprints(manifest.searchDocuments(fingerprints), count: shards, version: pagefind.version)
            manifest.searchShards = made.indices.map { k in
                (try? parts[k]?.get()).map { .init(fingerprint: made[k], files: $0.count) } ?? .none
            }
            manifest.searchVersion = pagefind.version
            search.record(parts)
            timer.mark("搜索索引（Pagefind）")
        } else {
            manifest.searchShards = Array(repeating: .none, count: shards)
        }
        // (Pagefind wrote the search index's files into the staging folder itself.)
        let searchFiles = manifest.searchShards.reduce(0) { $0 + $1.files }
        return Written(sitePaths: manifest.sitePaths, reportsByAgency: site.agencies.map(\.entries.count), written: writer.filesWritten + searchFiles, siteFilesMade: files.count)
    }

    /// Applies a rebuild: renders only the pages whose inputs changed, stages only the files whose
    /// bytes changed, and moves them into the output folder through the cache's journal.
    private func rebuild(
        _ placement: Placement, _ fingerprints: OutputFingerprints, previous: BuildManifest,
        report: @escaping @Sendable (Int) -> Report, text: @Sendable (Int) -> [UInt8], whole: () -> Site, config: SiteConfig, theme: Theme,
        writer: OutputWriter, manifest: inout BuildManifest, search: inout SearchRun, timer: inout PhaseTimer
    ) throws -> Written {
        let output = writer.output
        var moves: [String] = []
        func put(_ bytes: [UInt8], _ path: String) throws {
            if try writer.writeIfChanged(bytes, to: path) { moves.append(path) }
        }
        // The agencies with a page or a report that changed.
        let touched = placement.agencies.indices.filter { i in
            let path = fingerprints.agencyPaths[i]
            return previous.agencies[path] != fingerprints.agencies[path]
                || fingerprints.entryPaths[i].contains { previous.entries[$0]?.page != fingerprints.pages[$0] }
        }.map { placement.agencies[$0] }
        // Each report of a touched agency is read once: for its digest (the agency page) and, if
        // its page changed, for its page and JSON.
        let read = Parallel.map(touched.count) { i in touched[i].entries.map { report($0.record) } }
        let realized = touched.indices.map { i in
            let byRecord = Dictionary(uniqueKeysWithValues: zip(touched[i].entries.map(\.record), read[i]))
            return SiteAssembler.agency(touched[i], digest: { ReportDigest(byRecord[$0]!) }, whole: report, text: { _ in [] })
        }
        let wholes = touched.indices.map { i in zip(touched[i].entries, read[i]).map { SiteAssembler.placed($1, $0, slug: touched[i].slug) } }
        // The JSON of each report whose page changes, first: data/reports.json is then written on
        // another thread while the pages are rendered and the manifest is written.
        // And its search document.
        var json: [String: [UInt8]] = [:]
        var documents: [String: SearchDocument] = [:]
        let markdown = MarkdownRenderer()
        for (site, reports) in zip(realized, wholes) {
            for (siteEntry, whole) in zip(site.entries, reports) where previous.entries[siteEntry.path]?.page != fingerprints.pages[siteEntry.path] {
                json[siteEntry.path] = whole.compactJSONBytes
                if options.search { documents[siteEntry.path] = SearchDocument(agency: site.name, slug: site.slug, year: siteEntry.year, region: whole.region, sections: whole.sections, markdown: markdown) }
            }
        }
        // data/reports.json: the unchanged reports' JSON copied from the last build's file.
        var entries: [String: BuildManifest.EntryOutput] = [:]
        entries.reserveCapacity(fingerprints.pages.count)
        let ordered = fingerprints.entryPaths.joined()
        let oldJSON = output + "/data/reports.json"
        // Planned here, written on another thread meanwhile.
        var writing: Background<Result<Void, Error>>?
        defer { _ = writing?.wait() }
        if previous.reportsJSON != fingerprints.reportsJSON {
            let source = open(oldJSON, O_RDONLY | O_CLOEXEC)
            let plan = ReportsJSON(nil)
            for path in ordered {
                if let old = previous.entries[path], old.page == fingerprints.pages[path], source >= 0 {
                    entries[path] = fingerprints.output(path, at: try plan.copy(offset: old.offset, length: old.length), search: old.search)
                } else {
                    guard let line = json[path] else {
                        if source >= 0 { close(source) }
                        throw BuildError(reason: "\(output)/data/reports.json：无法读取上次构建的文件；请用 gongkai build --no-cache 整站重新构建")
                    }
                    entries[path] = fingerprints.output(path, at: try plan.append(line), search: documents[path]?.fingerprint ?? Fingerprint(high: 0, low: 0))
                }
            }
            try plan.close()
            let file: OutputWriter.File
            do {
                file = try writer.open("data/reports.json")
            } catch {
                if source >= 0 { close(source) }
                throw error
            }
            let pieces = plan.planned
            writing = Background {
                Result {
                    defer { if source >= 0 { close(source) } }
                    try ReportsJSON.write(pieces, to: file, previous: source)
                    try file.close()
                }
            }
            moves.append("data/reports.json")
        } else {
            for path in ordered {
                let old = previous.entries[path]!
                entries[path] = fingerprints.output(path, at: (old.offset, old.length), search: old.search)
            }
        }
        let partial = Site(config: config, agencies: realized, unplaced: [], years: placement.years)
        let renderer = try PageRenderer(site: partial, theme: theme)
        for (placed, (site, reports)) in zip(touched, zip(realized, wholes)) {
            if previous.agencies[site.path] != fingerprints.agencies[site.path] {
                try put(renderer.agencyPage(site), site.path + "index.html")
            }
            for (entry, (siteEntry, whole)) in zip(placed.entries, zip(site.entries, reports)) where previous.entries[siteEntry.path]?.page != fingerprints.pages[siteEntry.path] {
                try put(renderer.reportPage(siteEntry, whole: whole, agency: site), siteEntry.path + "index.html")
                try put(json[siteEntry.path]!, siteEntry.path + "report.json")
                if previous.entries[siteEntry.path]?.source != fingerprints.sources[siteEntry.path] {
                    try put(text(entry.record), siteEntry.path + "source.txt")
                }
            }
        }
        timer.mark("机关和报告页面")
        // The site-wide files whose inputs changed are made again, on every core (about 30 MB of
        // pages for 10,000 reports if all of them are); those whose bytes changed are staged.
        let files = try siteFileList(years: placement.years, theme: theme)
        manifest.sitePaths = files.map(\.path)
        manifest.siteFingerprints = files.map { fingerprints.site($0.inputs) }
        let before = Dictionary(zip(previous.sitePaths, previous.siteFingerprints), uniquingKeysWith: { a, _ in a })
        let stale = files.indices.filter { before[files[$0].path] != manifest.siteFingerprints[$0] }
        if !stale.isEmpty {
            let site = whole()
            let renderer = try PageRenderer(site: site, theme: theme)
            let changed = Parallel.map(stale.count) { i in
                Result { try writer.writeIfChanged(files[stale[i]].make(site, renderer), to: files[stale[i]].path) }
            }
            for (i, result) in zip(stale, changed) where try result.get() { moves.append(files[i].path) }
        }
        timer.mark("全站页面")
        manifest.entries = entries
        // What the site no longer has.
        var removals: [String] = []
        try updateSearchIndex(placement, fingerprints, previous: previous, documents: documents, report: report, writer: writer, manifest: &manifest, search: &search, moves: &moves, removals: &removals)
        timer.mark("搜索索引")
        // (The few paths gone are sorted, not every path.)
        for path in previous.entries.keys.filter({ entries[$0] == nil }).sorted() {
            removals += ["index.html", "report.json", "source.txt"].map { path + $0 }
        }
        for path in previous.agencies.keys.filter({ fingerprints.agencies[$0] == nil }).sorted() { removals.append(path + "index.html") }
        let kept = Set(manifest.sitePaths)
        removals += previous.sitePaths.filter { !kept.contains($0) }
        manifest.outputDevice = previous.outputDevice
        manifest.outputInode = previous.outputInode
        timer.mark("要删除的文件")
        let cache = BuildCache.directory(forOutput: output)
        try BuildCache.write(manifest.encoded(), to: cache + "/manifest.new")
        try writing?.wait().get()
        try BuildCache.apply(BuildCache.Journal(moves: moves, removals: removals), staging: writer.staging, output: output, cache: cache)
        BuildCache.removePacks(cache, except: manifest.pack)
        return Written(sitePaths: manifest.sitePaths, reportsByAgency: placement.agencies.map(\.entries.count), written: moves.count, siteFilesMade: stale.count)
    }
}

extension SiteBuilder {
    /// A rebuild's share of the search index: the parts (`SearchIndex`) whose documents changed
    /// are indexed again, into the cache folder, and their files whose bytes changed are staged;
    /// their files Pagefind no longer writes, and the parts the site no longer has, go. The parts
    /// are left as they are when Pagefind is missing (and made by the next build that finds it).
    /// `documents` are those of the reports whose page changed; the others are made from the pack.
    fileprivate func updateSearchIndex(
        _ placement: Placement, _ outputs: OutputFingerprints, previous: BuildManifest, documents: [String: SearchDocument], report: @escaping @Sendable (Int) -> Report,
        writer: OutputWriter, manifest: inout BuildManifest, search: inout SearchRun, moves: inout [String], removals: inout [String]
    ) throws {
        let indexFolder = writer.output + "/" + SearchIndex.folder
        let zero = Fingerprint(high: 0, low: 0)
        // A part left as it is: its files stay.
        func kept(_ k: Int, _ fingerprint: Fingerprint) -> BuildManifest.SearchShard {
            .init(fingerprint: fingerprint, files: k < previous.searchShards.count ? previous.searchShards[k].files : 0)
        }
        /// Every file of the index's folder `under` (`""` for all, `"3/"` for a part) goes.
        func removeAll(_ under: String) {
            removals += SearchIndex.files(in: indexFolder + "/" + under).map { SearchIndex.folder + "/" + under + $0 }
        }
        guard options.search else {
            removeAll("")
            manifest.searchShards = []
            manifest.searchVersion = ""
            return
        }
        let fingerprints = manifest.searchDocuments(outputs)
        let count = SearchIndex.shardCount(reports: fingerprints.count)
        var version = previous.searchVersion
        var made = SearchIndex.shardFingerprints(fingerprints, count: count, version: version)
        let newLayout = previous.searchShards.count != count
        func dirty() -> [Int] {
            made.indices.filter { newLayout || previous.searchShards[$0].fingerprint != made[$0] }
        }
        guard !dirty().isEmpty else {
            manifest.searchVersion = version
            manifest.searchShards = made.indices.map { kept($0, made[$0]) }
            return
        }
        guard let (input, pagefind) = search.start() else {
            // Without Pagefind the site has no index, as a whole build would make it (the parts
            // left would find reports that changed or went).
            removeAll("")
            manifest.searchShards = Array(repeating: .none, count: count)
            return
        }
        if pagefind.version != version {
            version = pagefind.version
            made = SearchIndex.shardFingerprints(fingerprints, count: count, version: version)
        }
        let todo = dirty()
        let wanted = Set(todo)
        // The documents of those parts, on every core (those of unchanged reports from the pack).
        let places = placement.agencies.flatMap { agency in agency.entries.map { (agency, $0) } }.filter { wanted.contains(SearchIndex.shard(of: Site.Entry.path($0.0.slug, $0.1.year), count: count)) }
        let markdown = MarkdownRenderer()
        let written = Parallel.map(places.count) { i in
            Result {
                let (agency, entry) = places[i]
                let path = Site.Entry.path(agency.slug, entry.year)
                let document = documents[path] ?? SearchDocument(agency: agency.name, slug: agency.slug, year: entry.year, region: entry.region, sections: report(entry.record).sections, markdown: markdown)
                try SearchIndex.writeDocument(document, shard: SearchIndex.shard(of: path, count: count), input: input)
            }
        }
        for result in written { try result.get() }
        let produced = search.work + "/output"
        let parts = SearchIndex.index(todo, input: input, output: produced, with: pagefind)
        for k in todo {
            guard case .success(let files) = parts[k] else { continue }
            let part = "\(SearchIndex.folder)/\(k)/"
            for file in files {
                guard let bytes = FileBytes.read("\(produced)/\(k)/\(file)") else {
                    throw BuildError(reason: "\(produced)/\(k)/\(file): 无法读取 Pagefind 写的文件")
                }
                if try writer.writeIfChanged(bytes, to: part + file) { moves.append(part + file) }
            }
            let current = Set(files)
            removals += SearchIndex.files(in: "\(indexFolder)/\(k)").filter { !current.contains($0) }.map { part + $0 }
        }
        // Parts beyond the count.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: indexFolder))?.sorted() ?? [] where (Int(name) ?? 0) >= count {
            removeAll(name + "/")
        }
        manifest.searchVersion = version
        // A part that failed is made again by the next build; meanwhile it keeps its files, unless
        // the parts are new ones (their count changed), whose files it would mix with the old.
        search.record(parts)
        for k in search.failed.keys.sorted() where newLayout { removeAll("\(k)/") }
        manifest.searchShards = made.indices.map { k in
            switch parts[k] {
            case .success(let files)?: .init(fingerprint: made[k], files: files.count)
            case .failure?: newLayout ? .none : kept(k, zero)
            case nil: kept(k, made[k])
            }
        }
    }
}

/// data/reports.json, a report at a time: the array of every report's JSON, one report a line
/// (`Report.compactJSONBytes`, the bytes of its report.json), so that the whole data set can be read a report at
/// a time by line-oriented tools as well as by any JSON parser. Each report's place in the file is
/// returned, so that a rebuild can copy the unchanged ones from the last build's file; reports
/// that lay one after another there are copied in one piece, with the separators between them.
///
/// Places are counted, not asked of the file: given no file, it only plans what to write
/// (`planned`), which `write(_:to:previous:)` writes later, on another thread if need be.
final class ReportsJSON {
    enum Piece: Sendable {
        case text([UInt8])
        /// Bytes of the previous build's file.
        case copy(offset: Int, length: Int)
    }

    private let file: OutputWriter.File?
    private let previous: Int32
    private(set) var planned: [Piece] = []
    private var size = 0
    private var count = 0
    /// A span of the previous file not yet copied.
    private var pending: (from: Int, to: Int)?
    /// Every separator (`[\n`, `,\n`) is two bytes.
    private static let separator = 2

    /// Writes into `file` as it goes, or, given none, plans.
    init(_ file: OutputWriter.File?, previous: Int32 = -1) {
        self.file = file
        self.previous = previous
    }

    private func put(_ piece: Piece) throws {
        switch piece {
        case .text(let text): size += text.count
        case .copy(_, let length): size += length
        }
        if let file { try Self.write([piece], to: file, previous: previous) } else { planned.append(piece) }
    }

    /// Where the next byte will be once what is pending is copied.
    private var position: Int { size + (pending.map { $0.to - $0.from } ?? 0) }

    private func flush() throws {
        if let span = pending { try put(.copy(offset: span.from, length: span.to - span.from)) }
        pending = nil
    }

    private static let opening = Array("[\n".utf8), between = Array(",\n".utf8)

    /// Appends one report's compact JSON (`Report.compactJSONBytes`).
    func append(_ json: [UInt8]) throws -> (offset: Int, length: Int) {
        try flush()
        try put(.text(count == 0 ? Self.opening : Self.between))
        count += 1
        let start = size
        try put(.text(json))
        return (start, size - start)
    }

    /// Copies one report's JSON from the previous file, where it was at `offset`.
    func copy(offset: Int, length: Int) throws -> (offset: Int, length: Int) {
        let start = position + Self.separator
        if count > 0, let span = pending, span.to + Self.separator == offset {
            pending = (span.from, offset + length)
        } else {
            try flush()
            try put(.text(count == 0 ? Self.opening : Self.between))
            pending = (offset, offset + length)
        }
        count += 1
        return (start, length)
    }

    /// Ends the array (and closes the file, if writing).
    func close() throws {
        try flush()
        try put(.text(Array((count == 0 ? "[]\n" : "\n]\n").utf8)))
        try file?.close()
    }

    /// Writes pieces planned, copying from `previous`, the last build's file.
    static func write(_ pieces: [Piece], to file: OutputWriter.File, previous: Int32) throws {
        for piece in pieces {
            switch piece {
            case .text(let text): try text.withUnsafeBytes { try file.append($0) }
            case .copy(let offset, let length): try file.copy(from: previous, offset: offset, length: length)
            }
        }
    }
}


/// Refuses output folders whose replacement would destroy something: `/`, the home folder, the
/// current folder or one of its parents, a repository root (`.git`, `Package.swift`), an existing
/// file, and any folder that is, contains or lies inside the content, a theme or the config.
enum OutputGuard {
    static func check(output: String, content: String, themes: [String], config: String) throws {
        let fm = FileManager.default
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        func refuse(_ why: String) -> SiteBuilder.BuildError {
            SiteBuilder.BuildError(reason: "--output \(output) \(why)；请指定一个专门的输出文件夹，例如 public")
        }
        let out = resolved(output)
        let homes = [fm.homeDirectoryForCurrentUser.path, ProcessInfo.processInfo.environment["HOME"]].compactMap { $0 }.filter { !$0.isEmpty }.map(resolved)
        if out == "/" || homes.contains(out) {
            throw refuse("会整个替换 \(out)")
        }
        let here = resolved(fm.currentDirectoryPath)
        if here == out || here.hasPrefix(out + "/") {
            throw refuse("是当前文件夹或它的上级（\(out)），构建会整个替换它")
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw refuse("是一个文件，不是文件夹")
        }
        if let marker = [".git", "Package.swift"].first(where: { fm.fileExists(atPath: out + "/" + $0) }) {
            throw refuse("里有 \(marker)，像是一个代码仓库的根目录，构建会整个替换它")
        }
        for (protected, what) in [(content, "内容文件夹"), (config, "网站配置文件")] + themes.map({ ($0, "主题文件夹") }) {
            let p = resolved(protected)
            if p == out || p.hasPrefix(out + "/") {
                throw refuse("包含\(what) \(protected)，构建会删除它")
            }
            if out.hasPrefix(p + "/") {
                throw refuse("位于\(what) \(protected) 之内")
            }
        }
    }
}
