import AnnualReports
import Foundation

/// `gongkai build`: content/ → reports → site → pages → public/, staged and swapped in whole.
public struct SiteBuilder {
    public struct Options: Sendable {
        public var content: String
        public var theme: String?
        public var output: String
        public var config: String
        public var baseURL: String?
        public var strict: Bool

        public init(content: String = "content", theme: String? = nil, output: String = "public", config: String = "site.yml", baseURL: String? = nil, strict: Bool = false) {
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
        public var warnings: Int
        public var errors: Int
        public var seconds: Double
        public var diagnostics: [Diagnostic]

        public var line: String {
            "构建完成：\(reports) 份报告，\(pages) 个页面（共 \(files) 个文件），\(warnings) 个警告，\(errors) 个错误，用时 \(String(format: "%.2f", seconds)) 秒"
        }
    }

    public struct BuildError: LocalizedError, Sendable {
        public var reason: String
        public var errorDescription: String? { reason }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func build() throws -> Summary {
        let start = Date()
        guard let defaultTheme = Theme.defaultDirectory() else {
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
        let themeDirectories = ([options.theme].compactMap { $0 } + [defaultTheme]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
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
        let (files, skipped) = try loader.find(in: [options.content])
        func name(_ file: String) -> String {
            let relative = URL(fileURLWithPath: file).standardizedFileURL.path.dropFirst(contentRoot.path.count).drop { $0 == "/" }
            return contentRoot.lastPathComponent + "/" + relative
        }
        let loaderDiagnostics = skipped.map { $0.diagnostic(named: name($0.path)) }
        if files.isEmpty {
            throw BuildError(reason: "\(options.content) 中没有报告文件（.txt 或 .md）；为免用空网站替换现有网站，未生成。请检查 --content 是否指向放报告的文件夹")
        }
        // Reports are read on every core; the order stays the files' sorted order.
        let names = files.map(name)
        let reader = ReportReader(makesSlugs: false)
        let loaded = Parallel.map(files.count) { i in loader.loadOrDiagnose(files[i], name: names[i], reader: reader) }
        // Every agency's slug in one transliteration; the assembler then finds them made (a slug
        // given in front matter is kept by the reader and the assembler).
        Slug.prepare(loaded.compactMap(\.report.agency))
        let site = SiteAssembler.assemble(loaded, config: config)
        let diagnostics = loaderDiagnostics + (site.entries.map(\.report) + site.unplaced).flatMap(\.diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }.count
        if options.strict && errors > 0 {
            throw BuildError(reason: "内容中有 \(errors) 个错误，--strict 模式下不生成网站；之前的网站保持不变")
        }

        let writer = try OutputWriter(output: options.output)
        do {
            let pages = try write(site, theme: theme, to: writer)
            try writer.commit()
            return Summary(
                reports: site.entries.count, pages: pages, files: writer.filesWritten,
                warnings: diagnostics.filter { $0.severity == .warning }.count, errors: errors,
                seconds: Date().timeIntervalSince(start), diagnostics: diagnostics)
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Writes every file of the site; returns the number of HTML pages.
    private func write(_ site: Site, theme: Theme, to writer: OutputWriter) throws -> Int {
        let renderer = try PageRenderer(site: site, theme: theme)
        var pagePaths: [String] = []
        func page(_ html: String, _ directory: String) throws {
            try writer.write(html, to: directory + "index.html")
            pagePaths.append(directory)
        }
        try page(renderer.indexPage(), "")
        try page(renderer.agenciesPage(), "agencies/")
        try page(renderer.qualityPage(), "quality/")
        for year in site.years { try page(renderer.yearPage(year), "years/\(year)/") }
        try page(renderer.compareIndexPage(), "compare/")
        for comparison in Metric.comparisons {
            try page(renderer.comparePage(slug: comparison.slug, title: comparison.title, metrics: comparison.metrics), "compare/\(comparison.slug)/")
        }
        // Agency and report pages are rendered on every core, a chunk of agencies at a time, and
        // written in order as each chunk is done: memory holds one chunk of pages, not the site.
        // data/reports.json is written as the reports go by: the array of every report's JSON,
        // each indented one level, byte for byte what JSONValue.array(…).pretty gives.
        let all = try writer.open("data/reports.json")
        var first = true
        let chunk = 64
        for start in stride(from: 0, to: site.agencies.count, by: chunk) {
            let agencies = Array(site.agencies[start..<min(start + chunk, site.agencies.count)])
            let rendered = Parallel.map(agencies.count) { i in
                (agency: renderer.agencyPage(agencies[i]),
                 reports: agencies[i].entries.map { (page: renderer.reportPage($0, agency: agencies[i]), json: $0.report.json.pretty) })
            }
            for (agency, pages) in zip(agencies, rendered) {
                try page(pages.agency, agency.path)
                for (entry, report) in zip(agency.entries, pages.reports) {
                    try page(report.page, entry.path)
                    try writer.write(report.json + "\n", to: entry.path + "report.json")
                    try all.append((first ? "[\n  " : ",\n  ") + Self.indented(report.json))
                    first = false
                    try writer.write(entry.sourceText, to: entry.path + "source.txt")
                }
            }
        }
        try writer.write(renderer.notFoundPage(), to: "404.html")
        try all.append(first ? "[]\n" : "\n]\n")
        try all.close()
        try writer.write(DataFiles.csv(site.entries), to: "data/reports.csv")
        try writer.write(DataFiles.sitemap(pagePaths, baseURL: site.config.baseURL), to: "sitemap.xml")
        try writer.write(DataFiles.feed(site), to: "feed.xml")
        try writer.write("User-agent: *\nAllow: /\nSitemap: \(site.config.baseURL)sitemap.xml\n", to: "robots.txt")
        for asset in try theme.assets() {
            guard let data = FileManager.default.contents(atPath: asset.source) else {
                throw BuildError(reason: "\(asset.source): 无法读取主题文件")
            }
            try writer.write(data, to: "assets/" + asset.relativePath)
        }
        return pagePaths.count + 1
    }
}

extension SiteBuilder {
    /// Pretty JSON one level deeper: two spaces after every line break (bytes, not Foundation's
    /// search and replace, which costs more than writing the JSON).
    static func indented(_ json: String) -> String {
        var json = json
        return json.withUTF8 { utf8 in
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + utf8.count / 8)
            for byte in utf8 {
                out.append(byte)
                if byte == UInt8(ascii: "\n") { out += [UInt8(ascii: " "), UInt8(ascii: " ")] }
            }
            return String(decoding: out, as: UTF8.self)
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
