import AnnualReports
import Foundation
import ReportSynth

/// `make bench`: generates N synthetic reports, builds them with the release `gongkai` and with
/// Hugo (the two taking turns), and prints wall time, CPU time, peak memory and reports per second
/// (medians of several runs), the ratio of the wall times (the median of each run's ratio), the
/// rebuild time after one edit (of narrative, of a publication date, and of a table figure), and
/// the reader's throughput per core.
///
///     gongkai-bench [--reports 1000,10000] [--huge] [--runs 3] [--work DIR] [--gongkai PATH] [--hugo PATH] [--no-hugo] [--no-search]
///     gongkai-bench --reader-only [--reports 1000] [--runs 3]   (the reader alone: to profile it)

struct Options {
    var counts = [1_000, 10_000]
    var runs = 3
    var work = ".build/bench"
    var gongkai = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gongkai").path
    var hugo: String? = Bench.which("hugo")
    var theme = "theme"
    var readerOnly = false
    var hugoSkipped = false
    /// Whether to time builds with the search index too.
    var search = true

    init(_ arguments: [String]) {
        var i = 1
        func value() -> String {
            i += 1
            guard i < arguments.count else { Bench.fail("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--reports": counts = value().split(separator: ",").compactMap { Int($0) }
            case "--huge": counts.append(100_000)
            case "--runs": runs = max(1, Int(value()) ?? 3)
            case "--work": work = value()
            case "--gongkai": gongkai = value()
            case "--hugo": hugo = value()
            case "--no-hugo": hugo = nil; hugoSkipped = true
            case "--no-search": search = false
            case "--theme": theme = value()
            case "--reader-only": readerOnly = true
            default: Bench.fail("unknown argument \(arguments[i]); see the header of Sources/gongkai-bench/main.swift")
            }
            i += 1
        }
    }
}

struct Measurement {
    var wall: Double
    var cpu: Double
    /// Peak resident memory in MB.
    var peak: Double
}

enum Bench {
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("gongkai-bench: \(message)\n".utf8))
        exit(2)
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Runs a program to its end; returns its wall time, CPU time and peak memory from `wait4`.
    /// The disk is flushed first, so that what the run before left to write (or the removal of
    /// its output) is not counted in this one.
    static func run(_ program: String, _ arguments: [String], quiet: Bool = true) -> Measurement {
        sync()
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let start = now()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { fail("cannot run \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let wall = now() - start
        guard status == 0 else { fail("\(program) \(arguments.joined(separator: " ")) failed with status \(status)") }
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Measurement(wall: wall, cpu: cpu, peak: Double(usage.ru_maxrss) / 1024)
    }

    /// The bytes of the files under `folder`.
    static func folderSize(_ folder: String) -> Int {
        guard let files = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var total = 0
        while let file = files.nextObject() as? String {
            total += ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + file))?[.size] as? Int) ?? 0
        }
        return total
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Where the outputs of earlier runs wait, to be removed when the bench ends.
    nonisolated(unsafe) static var trash = ""
    nonisolated(unsafe) static var trashed = 0

    /// Moves a run's output out of the way of the next run instead of removing it. On ext4
    /// without a journal (this machine's disk), the inode allocator skips inodes deleted in the
    /// last 60 seconds (`recently_deleted`): a build started right after 31,000 files were
    /// deleted spent more time in the kernel looking for inodes (perf: a fifth of its samples in
    /// `find_inode_bit`) than in its own work, for Hugo as for gongkai.
    static func setAside(_ path: String) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        trashed += 1
        try? FileManager.default.createDirectory(atPath: trash, withIntermediateDirectories: true)
        do { try FileManager.default.moveItem(atPath: path, toPath: "\(trash)/\(trashed)") } catch { fail("cannot move \(path) aside: \(error.localizedDescription)") }
    }

    static func write(_ text: String, to path: String) {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do { try Data(text.utf8).write(to: url) } catch { fail("cannot write \(path): \(error.localizedDescription)") }
    }

    /// Writes the N reports as gongkai content and as a Hugo site, once per N and generator.
    /// Writes the reports (unless the folder already holds these), and returns each one's path
    /// and table layout.
    static func generate(_ count: Int, into folder: String) -> [(path: String, layout: Layout)] {
        let stamp = folder + "/.generated"
        let expected = "reports=\(count) generator=1\n"
        let synth = SyntheticReports()
        var paths: [(path: String, layout: Layout)] = []
        let fresh = (try? String(contentsOfFile: stamp, encoding: .utf8)) != expected
        if fresh {
            remove(folder)
            writeHugoSkeleton(folder + "/hugo")
        }
        for i in 0..<count {
            let report = synth.report(i)
            let path = folder + "/content/" + report.path
            paths.append((path, report.layout))
            guard fresh else { continue }
            write(report.text, to: path)
            let front = "---\ntitle: \"\(report.agency)\(report.year)年政府信息公开工作年度报告\"\nagencies: [\"\(report.agency)\"]\nyears: [\"\(report.year)\"]\n---\n"
            write(front + report.markdown, to: folder + "/hugo/content/reports/" + report.path.replacingOccurrences(of: ".txt", with: ".md"))
        }
        if fresh { write(expected, to: stamp) }
        return paths
    }

    /// A minimal Hugo theme: a page per report, list pages, and agency and year taxonomies.
    static func writeHugoSkeleton(_ site: String) {
        write("""
            baseURL = "http://localhost/"
            languageCode = "zh-CN"
            title = "政府信息公开工作年度报告"
            disableKinds = ["RSS"]
            [taxonomies]
              agency = "agencies"
              year = "years"

            """, to: site + "/hugo.toml")
        let head = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>"
        write(head + "<h1>{{ .Title }}</h1>{{ .Content }}{{ range .GetTerms \"agencies\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a>{{ end }}</body></html>\n", to: site + "/layouts/_default/single.html")
        write(head + "<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n", to: site + "/layouts/_default/list.html")
        write(head + "<h1>{{ .Title }}</h1><ul>{{ range .Site.Taxonomies.years }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul></body></html>\n", to: site + "/layouts/index.html")
    }

    /// The reader alone, on one core, as the site build runs it: MB of report text read per CPU
    /// second (median of `runs`), and the MB read.
    static func readingRate(_ paths: some Collection<String>, runs: Int) -> (Int, Double) {
        let texts = paths.map { [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: $0))) ?? Data()) }
        let total = texts.reduce(0) { $0 + $1.count }
        let reader = ReportReader(makesSlugs: false)
        var samples: [Double] = []
        for _ in 0..<runs {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
            for (i, text) in texts.enumerated() { _ = reader.read(bytes: text, path: "r\(i).txt") }
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
            let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
            samples.append(Double(total) / 1_048_576 / seconds)
        }
        return (total, median(samples))
    }

    /// A report of the tab-separated layout with the first figure of its 本年新收 row raised by
    /// `delta`, or `nil` if it has no such row.
    static func figureEdited(_ text: String, by delta: Int) -> String? {
        var lines = text.components(separatedBy: "\n")
        guard let row = lines.firstIndex(where: { $0.contains("新收") && $0.contains("\t") }) else { return nil }
        var cells = lines[row].components(separatedBy: "\t")
        guard let cell = cells.indices.dropFirst().first(where: { Int(cells[$0]) != nil }) else { return nil }
        cells[cell] = String(Int(cells[cell])! + delta)
        lines[row] = cells.joined(separator: "\t")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
}

let options = Options(CommandLine.arguments)
guard FileManager.default.isExecutableFile(atPath: options.gongkai) else {
    Bench.fail("no gongkai executable at \(options.gongkai); build it with `swift build -c release` or pass --gongkai")
}
if options.readerOnly {
    for count in options.counts {
        let generated = Bench.generate(count, into: "\(options.work)/\(count)")
        let (total, rate) = Bench.readingRate(generated.map(\.path), runs: options.runs)
        print("读取速度：\(Bench.format(rate, 1)) MB/s（单核 CPU 时间，\(count) 份报告，\(Bench.format(Double(total) / 1_048_576, 1)) MB）")
        // By table layout, to see which layouts the reader spends its time on.
        for layout in Layout.allCases {
            let mine = generated.filter { $0.layout == layout }.map(\.path)
            guard !mine.isEmpty else { continue }
            let (bytes, r) = Bench.readingRate(mine, runs: options.runs)
            print("  \(layout.rawValue)：\(Bench.format(r, 1)) MB/s（\(mine.count) 份，\(Bench.format(Double(bytes) / 1_048_576, 2)) MB）")
        }
    }
    exit(0)
}
setenv("GONGKAI_THEME", URL(fileURLWithPath: options.theme).standardizedFileURL.path, 1)
// Removed at the end (with any left by a bench that was stopped), not now: see `setAside`.
Bench.trash = options.work + "/trash-\(getpid())"
if options.hugo == nil { print(options.hugoSkipped ? "--no-hugo：只测 gongkai" : "Hugo 不在 PATH 中：只测 gongkai（make bench 会安装 Hugo）") }
print("gongkai-bench: \(options.runs) runs each, medians; machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("")
print("| N | gongkai wall (s) | CPU (s) | peak memory (MB) | reports/s | Hugo wall (s) | Hugo peak (MB) | gongkai / Hugo | rebuild after one edit (s) | rebuild, site-wide pages changed (s) | rebuild, a table figure changed (s) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")

var readingRates: [(Int, Double)] = []
var searchRows: [[String]] = []
// Hugo's peak memory grows with the number of reports (here: 425 MB at 1,000 and 3,967 MB at
// 10,000; at 100,000, under a 20 GB limit, it stopped with "out of memory" at 18 GB after 295 s,
// rendering pages). A count at which
// Hugo would need, at the rate measured for the last smaller count, more than three quarters of
// the machine's memory is built by gongkai alone: the kernel would otherwise kill Hugo, or the
// bench, part way.
var hugoPeakPerReport: Double?
var hugoNotes: [String] = []
let physicalMB = Double(ProcessInfo.processInfo.physicalMemory) / 1_048_576
for count in options.counts {
    var hugoProgram = options.hugo
    if hugoProgram != nil, let perReport = hugoPeakPerReport, perReport * Double(count) > physicalMB * 0.75 {
        hugoProgram = nil
        hugoNotes.append("\(count) 份时不测 Hugo：按较小规模测得的每份 \(Bench.format(perReport, 2)) MB 推算，需约 \(Bench.format(perReport * Double(count) / 1024, 0)) GB 内存，超过本机内存（\(Bench.format(physicalMB / 1024, 0)) GB）的四分之三")
    }
    let folder = "\(options.work)/\(count)"
    let generated = Bench.generate(count, into: folder)
    let paths = generated.map(\.path)
    let content = folder + "/content", output = folder + "/public"
    // Hugo makes no search index: the comparison is of gongkai without its own (`--no-search`); the
    // search index is timed apart, below.
    let searched = ["build", "--content", content, "--output", output, "--config", "/nonexistent/site.yml"]
    let build = searched + ["--no-search"]
    // The full builds of the two tools take turns, so that both see the machine as it is at the
    // time (its speed drifts over minutes: a shared machine, disk writeback): the ratio is the
    // median of each run's own ratio.
    var full: [Measurement] = []
    var hugo: [Measurement] = []
    for _ in 0..<options.runs {
        Bench.setAside(output)
        Bench.setAside(folder + "/.public.cache")
        full.append(Bench.run(options.gongkai, build))
        if let program = hugoProgram {
            Bench.setAside(folder + "/hugo/public")
            hugo.append(Bench.run(program, ["--quiet", "--source", folder + "/hugo"]))
        }
    }
    // One report edited after a build: the rebuild.
    // A report near the middle, in the tab-separated layout, so that a figure of its tables can be
    // changed in place (below).
    let edited = paths[generated.indices.dropFirst(count / 2).first { generated[$0].layout == .tabs } ?? count / 2]
    let original = (try? String(contentsOfFile: edited, encoding: .utf8)) ?? ""
    /// The rebuild times after writing `text(n)` into the edited report, for n = 1, 2, …, one a run.
    func rebuilds(_ arguments: [String], _ text: (Int) -> String) -> [Double] {
        (0..<options.runs).map { run in
            Bench.write(text(run + 1), to: edited)
            return Bench.run(options.gongkai, arguments).wall
        }
    }
    let narrativeEdit = { (n: Int) in original.replacingOccurrences(of: "本年度", with: "本年度（第\(n)次修改）") }
    // A figure of the applications table (the first value of the 本年新收 row), another each time:
    // the report's page, its year's page, the home, quality and comparison pages and the CSV change.
    let figureEdit = { (n: Int) -> String in
        guard let text = Bench.figureEdited(original, by: n) else { Bench.fail("\(edited): no 本年新收 row with a figure to change") }
        return text
    }
    let rebuild = rebuilds(build, narrativeEdit)
    // An edit that changes what the site-wide pages are made from: a new publication date in front
    // matter, another each time. The site-wide files that show dates (the feed and the CSV) are made
    // again from every report's digest; the others, whose inputs did not change, are not.
    let siteRebuild = rebuilds(build) { "---\npublished: 2030-01-\(String(format: "%02d", $0))\n---\n" + original }
    let figureRebuild = rebuilds(build, figureEdit)
    Bench.write(original, to: edited)
    _ = Bench.run(options.gongkai, build)

    // With the search index (Pagefind, if installed): a whole build, and rebuilds after the two
    // edits above (the narrative one indexes its part again; a table figure is not in the index).
    if options.search {
        var whole: [Measurement] = []
        for _ in 0..<options.runs {
            Bench.setAside(output)
            Bench.setAside(folder + "/.public.cache")
            whole.append(Bench.run(options.gongkai, searched))
        }
        let narrative = rebuilds(searched, narrativeEdit)
        // (The narrative as it was first: that rebuild indexes the part again, untimed.)
        Bench.write(original, to: edited)
        _ = Bench.run(options.gongkai, searched)
        let figure = rebuilds(searched, figureEdit)
        Bench.write(original, to: edited)
        _ = Bench.run(options.gongkai, searched)
        let index = output + "/pagefind"
        let parts = (try? FileManager.default.contentsOfDirectory(atPath: index))?.count ?? 0
        let size = Bench.folderSize(index)
        searchRows.append([
            "\(count)", Bench.format(Bench.median(whole.map(\.wall))), Bench.format(Bench.median(whole.map(\.cpu))), Bench.format(Bench.median(whole.map(\.peak)), 0),
            "\(parts)", Bench.format(Double(size) / 1_048_576, 1), Bench.format(Bench.median(narrative)), Bench.format(Bench.median(figure)),
        ])
    }

    let wall = Bench.median(full.map(\.wall))
    let hugoWall = hugo.isEmpty ? nil : Bench.median(hugo.map(\.wall))
    let ratio = hugo.isEmpty ? nil : Bench.median(zip(full, hugo).map { $0.wall / $1.wall })
    let cells = [
        "\(count)", Bench.format(wall), Bench.format(Bench.median(full.map(\.cpu))), Bench.format(Bench.median(full.map(\.peak)), 0),
        Bench.format(Double(count) / wall, 0),
        hugoWall.map { Bench.format($0) } ?? "—", hugo.isEmpty ? "—" : Bench.format(Bench.median(hugo.map(\.peak)), 0),
        ratio.map { Bench.format($0) } ?? "—", Bench.format(Bench.median(rebuild)), Bench.format(Bench.median(siteRebuild)), Bench.format(Bench.median(figureRebuild)),
    ]
    print("| " + cells.joined(separator: " | ") + " |")
    if !hugo.isEmpty { hugoPeakPerReport = Bench.median(hugo.map(\.peak)) / Double(count) }

    if count == options.counts.first { readingRates.append(Bench.readingRate(paths.prefix(1_000), runs: options.runs)) }
}
if !searchRows.isEmpty {
    print("")
    print("With the search index (Pagefind, run by gongkai build; CPU time includes Pagefind's; peak memory is the largest process's, gongkai or one Pagefind run):")
    print("")
    print("| N | wall (s) | CPU (s) | peak memory (MB) | index parts | index size (MB) | rebuild after a narrative edit (s) | rebuild, a table figure changed (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for row in searchRows { print("| " + row.joined(separator: " | ") + " |") }
}
print("")
for note in hugoNotes { print(note) }
for (total, rate) in readingRates {
    print("读取速度：\(Bench.format(rate, 1)) MB/s（单核 CPU 时间，\(Bench.format(Double(total) / 1_048_576, 1)) MB 报告文本）")
}
for name in (try? FileManager.default.contentsOfDirectory(atPath: options.work)) ?? [] where name.hasPrefix("trash-") {
    Bench.remove(options.work + "/" + name)
}
