import Foundation
import ReportSite
import Testing

/// Rebuilds with the cache beside public/: after each kind of edit, the site is byte for byte
/// what a whole build (`--no-cache`) makes of the same content, and only changed files are written.
@Suite struct IncrementalBuildTests {
    struct Folder {
        let root = Scratch.folder("inc")
        var content: URL { root.appendingPathComponent("content") }
        var output: URL { root.appendingPathComponent("public") }

        init() throws {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
            for name in ["luoyang-sifaju-2020.txt", "luoyang-sifaju-2023.txt", "muye-sifaju-2023.txt", "ruicheng-sifaju-2023.txt", "yichuan-sifaju-2024.txt"] {
                try write(SiteBuildTests.seed(name), name)
            }
            // Other agencies, so that one edit is a small part of the site (a large part is
            // built whole rather than in place).
            let seed = try SiteBuildTests.seed("muye-sifaju-2023.txt")
            for i in 0..<16 { try write("---\nagency: 填充测试局\(i)\nyear: 2023\n---\n" + seed, "filler-\(i).txt") }
        }

        func write(_ text: String, _ name: String) throws {
            try text.write(to: content.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }

        func text(_ name: String) throws -> String {
            try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)
        }

        func build(cache: Bool = true, output: URL? = nil) throws -> SiteBuilder.Summary {
            setenv("GONGKAI_THEME", SiteBuildTests.repository.appendingPathComponent("theme").path, 1)
            let options = SiteBuilder.Options(
                content: content.path, output: (output ?? self.output).path,
                config: root.appendingPathComponent("site.yml").path, cache: cache)
            return try SiteBuilder(options: options).build()
        }

        /// Builds with the cache, builds the same content whole elsewhere, and compares.
        func rebuildMatchesWholeBuild(_ what: String) throws -> SiteBuilder.Summary {
            let summary = try build()
            let reference = root.appendingPathComponent("reference")
            _ = try build(cache: false, output: reference)
            let built = KillTests.snapshot(output), whole = KillTests.snapshot(reference)
            #expect(built.keys.sorted() == whole.keys.sorted(), "\(what): the rebuilt site has other files than a whole build")
            for (path, data) in whole where built[path] != data {
                Issue.record("\(what): \(path) differs from a whole build")
            }
            #expect(summary.files == whole.count, "\(what): the summary counts \(summary.files) files, the site has \(whole.count)")
            try FileManager.default.removeItem(at: reference)
            return summary
        }

        /// Modification times of every file, to tell which ones a build wrote.
        func times() -> [String: Date] {
            var result: [String: Date] = [:]
            for path in KillTests.snapshot(output).keys {
                result[path] = try? FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[.modificationDate] as? Date
            }
            return result
        }
    }

    @Test func everyKindOfEditRebuildsToTheWholeBuild() throws {
        try #require(SiteBuilder.searchEngine != nil, "Pagefind is not installed (make deps installs it)")
        let folder = try Folder()
        let first = try folder.build()
        #expect(first.written == first.files)
        #expect(FileManager.default.fileExists(atPath: folder.root.appendingPathComponent(".public.cache/manifest").path))

        // Nothing changed: nothing written.
        let before = folder.times()
        Thread.sleep(forTimeInterval: 0.02)
        let again = try folder.rebuildMatchesWholeBuild("no change")
        #expect(again.written == 0)
        #expect(folder.times() == before)

        // A file saved again unchanged (new time): read again, nothing written.
        try folder.write(folder.text("muye-sifaju-2023.txt"), "muye-sifaju-2023.txt")
        #expect(try folder.rebuildMatchesWholeBuild("same bytes saved again").written == 0)

        // One sentence of narrative: the report's page, report.json, source.txt and
        // data/reports.json, and the files of the search index's part that holds the report
        // (Pagefind indexes a part whole); no site-wide page.
        let original = try folder.text("luoyang-sifaju-2023.txt")
        let edited = original.replacingOccurrences(of: "一、总体情况\n", with: "一、总体情况\n\n本段为修改后新增的说明。\n", options: [], range: original.range(of: "一、总体情况\n"))
        #expect(edited != original)
        try folder.write(edited, "luoyang-sifaju-2023.txt")
        let times = folder.times()
        let narrative = try folder.rebuildMatchesWholeBuild("narrative edit")
        let changed = folder.times().filter { times[$0.key] != $0.value }.keys.sorted()
        let reindexed = changed.filter { $0.hasPrefix("pagefind/") }
        #expect(!reindexed.isEmpty, "the search index is not made again")
        #expect(narrative.written == 4 + reindexed.count, "wrote \(narrative.written) files")
        let pages = changed.filter { !$0.hasPrefix("pagefind/") }
        #expect(pages.count == 4 && pages.contains("data/reports.json") && pages.allSatisfy { $0 == "data/reports.json" || $0.hasPrefix("agencies/") }, "\(changed)")

        // A publication date: of the site-wide files, only the two that show dates are made
        // again (the feed and the CSV), and written.
        let undated = try folder.text("yichuan-sifaju-2024.txt")
        try folder.write("---\npublished: 2025-03-01\n---\n" + undated, "yichuan-sifaju-2024.txt")
        let beforeDate = folder.times()
        let dated = try folder.rebuildMatchesWholeBuild("publication date edit")
        #expect(dated.siteFilesMade == 2, "made \(dated.siteFilesMade) site-wide files")
        let changedByDate = folder.times().filter { beforeDate[$0.key] != $0.value }.keys.filter { !$0.hasPrefix("agencies/") }.sorted()
        #expect(changedByDate == ["data/reports.csv", "data/reports.json", "feed.xml"], "\(changedByDate)")
        #expect(try SiteBuildTests.read(folder.output, "feed.xml").contains("2025-03-01"))

        // A figure in a table: the site-wide pages change too.
        let figure = try folder.text("muye-sifaju-2023.txt")
        let row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
        try #require(figure.contains(row))
        try folder.write(figure.replacingOccurrences(of: row, with: "一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3"), "muye-sifaju-2023.txt")
        let beforeFigure = folder.times()
        let figures = try folder.rebuildMatchesWholeBuild("table figure edit")
        // The search index holds no figures.
        #expect(!folder.times().contains { beforeFigure[$0.key] != $0.value && $0.key.hasPrefix("pagefind/") })
        #expect(figures.written > 4 && figures.written < figures.files)
        // Of the site-wide files, those that show figures of 2023 are made again: the home page,
        // the 2023 page, the comparison pages and the CSV; and the quality page, whose checks
        // changed. Not the others (the agencies list, the sitemap, the feed, other years' pages…).
        let siteWide = KillTests.snapshot(folder.output).keys.filter { (!$0.hasPrefix("agencies/") || $0 == "agencies/index.html") && $0 != "data/reports.json" }
        let withFigures = siteWide.filter { ["index.html", "quality/index.html", "years/2023/index.html", "data/reports.csv"].contains($0) || ($0.hasPrefix("compare/") && $0 != "compare/index.html") }
        #expect(withFigures.count > 5 && figures.siteFilesMade == withFigures.count, "made \(figures.siteFilesMade) site-wide files of \(siteWide.count)")
        #expect(try SiteBuildTests.read(folder.output, "data/reports.csv").contains(",3,"))

        // The pack damaged, and the figure put back (the site-wide pages change again): the cached
        // reports and their digests fail their fingerprints, and are read from their files again.
        let cache = folder.root.appendingPathComponent(".public.cache")
        for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) where name.hasPrefix("pack-") {
            let url = cache.appendingPathComponent(name)
            var bytes = [UInt8](try Data(contentsOf: url))
            for i in stride(from: 0, to: bytes.count, by: 97) { bytes[i] ^= 0x5A }
            try Data(bytes).write(to: url)
        }
        try folder.write(figure, "muye-sifaju-2023.txt")
        let damaged = try folder.rebuildMatchesWholeBuild("pack damaged")
        #expect(damaged.written > 4 && damaged.written < damaged.files)

        // A report for the year before another: series.carriedOver appears on the later page.
        try folder.write("---\nyear: 2022\n---\n" + original.replacingOccurrences(of: "2023", with: "2022"), "luoyang-sifaju-2022.txt")
        let added = try folder.rebuildMatchesWholeBuild("previous year added")
        #expect(added.written < added.files, "built whole, not in place")

        // An agency renamed (a new slug), a report removed, a file that is not a report.
        try folder.write("---\nagency: 芮城县人民政府办公室\n---\n" + folder.text("ruicheng-sifaju-2023.txt"), "ruicheng-sifaju-2023.txt")
        try FileManager.default.removeItem(at: folder.content.appendingPathComponent("yichuan-sifaju-2024.txt"))
        try folder.write("不是报告", "notes.txt")
        let removed = try folder.rebuildMatchesWholeBuild("agency renamed, report removed")
        #expect(!FileManager.default.fileExists(atPath: folder.output.appendingPathComponent("years/2024").path))
        #expect(removed.errors == 1)

        // The configuration changes: everything again.
        try "title: 另一个门户\n".write(to: folder.root.appendingPathComponent("site.yml"), atomically: false, encoding: .utf8)
        let config = try folder.rebuildMatchesWholeBuild("site.yml changed")
        #expect(config.written == config.files)

        // A damaged cache, and an output folder removed: whole builds.
        try Data("damaged".utf8).write(to: folder.root.appendingPathComponent(".public.cache/manifest"))
        _ = try folder.rebuildMatchesWholeBuild("damaged manifest")
        try FileManager.default.removeItem(at: folder.output)
        _ = try folder.rebuildMatchesWholeBuild("public/ removed")
    }

    /// A rebuild killed while moving its files into public/ leaves its journal; the next build
    /// finishes the move first, and the site is the new one.
    @Test func aKilledRebuildIsFinishedByTheNext() throws {
        let binary = try #require(KillTests.executable, "the gongkai executable was not built beside the tests")
        let folder = try Folder()
        #expect(try KillTests.build(binary, content: folder.content, output: folder.output, arguments: []) == 0)
        let old = KillTests.snapshot(folder.output)
        let original = try folder.text("muye-sifaju-2023.txt")
        try folder.write(original.replacingOccurrences(of: "二、主动公开政府信息情况", with: "二、主动公开政府信息情况 "), "muye-sifaju-2023.txt")
        let reference = folder.root.appendingPathComponent("reference")
        #expect(try KillTests.build(binary, content: folder.content, output: reference) == 0)
        let new = KillTests.snapshot(reference)
        #expect(new != old)

        for stop in [0, 2] {
            let status = try KillTests.build(binary, content: folder.content, output: folder.output, environment: ["GONGKAI_TEST_STOP_AFTER_MOVES": String(stop)], arguments: [])
            #expect(status == 9, "the build did not stop where the test asked")
            #expect(FileManager.default.fileExists(atPath: folder.root.appendingPathComponent(".public.cache/journal").path))
            if stop == 0 { #expect(KillTests.snapshot(folder.output) == old) }
        }
        #expect(try KillTests.build(binary, content: folder.content, output: folder.output, arguments: []) == 0)
        #expect(KillTests.snapshot(folder.output) == new)
        #expect(!FileManager.default.fileExists(atPath: folder.root.appendingPathComponent(".public.cache/journal").path))

        // Stopped in the middle of a move (the new file exchanged with the old one, the old one
        // not yet put aside): the next build must not put the old file back.
        try folder.write(original, "muye-sifaju-2023.txt")
        let status = try KillTests.build(binary, content: folder.content, output: folder.output, environment: ["GONGKAI_TEST_STOP_IN_MOVE": "1"], arguments: [])
        #expect(status == 9, "the build did not stop where the test asked")
        #expect(try KillTests.build(binary, content: folder.content, output: folder.output, arguments: []) == 0)
        #expect(KillTests.snapshot(folder.output) == old)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.root.path).filter { $0.hasPrefix(".public") && $0 != ".public.cache" }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
