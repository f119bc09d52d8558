import Foundation
@testable import ReportSite
import Testing

/// The cache's pack keeps every report's binary form; an edited report leaves its old form behind.
/// Once the dead bytes outgrow the live ones, the next build copies the live reports into a new
/// pack, and rebuilds from it still give the whole build's site.
@Suite struct PackCompactionTests {
    @Test func deadReportsAreDroppedFromThePack() throws {
        let folder = try IncrementalBuildTests.Folder()
        func build(strict: Bool = false) throws -> SiteBuilder.Summary {
            setenv("GONGKAI_THEME", SiteBuildTests.repository.appendingPathComponent("theme").path, 1)
            var options = SiteBuilder.Options(content: folder.content.path, output: folder.output.path, config: folder.root.appendingPathComponent("site.yml").path, strict: strict)
            options.packSlack = 0
            return try SiteBuilder(options: options).build()
        }
        let cache = BuildCache.directory(forOutput: folder.output.path)
        func packs() throws -> [String: Int] {
            var sizes: [String: Int] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: cache) where name.hasPrefix("pack-") {
                sizes[name] = (try FileManager.default.attributesOfItem(atPath: cache + "/" + name)[.size] as? Int) ?? 0
            }
            return sizes
        }
        _ = try build()
        let first = try packs()
        #expect(first.count == 1)
        let live = try #require(first.values.first)

        // Every report edited: the pack holds each report twice, half of it dead.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.content.path).sorted()
        for name in names { try folder.write(try folder.text(name) + "\n补充说明。\n", name) }
        _ = try build()
        let grown = try packs()
        #expect(grown.keys.sorted() == first.keys.sorted() && grown.values.first! > live)

        // Once more: now the dead bytes outgrow the live ones, and the next build compacts.
        for name in names { try folder.write(try folder.text(name) + "补充说明。\n", name) }
        _ = try build()
        #expect(try packs().keys.sorted() == first.keys.sorted())
        try folder.write(try folder.text(names[0]) + "再补充。\n", names[0])

        // A build that fails after compacting (--strict, and a file that is no report) leaves the
        // last manifest and the pack it names as they were.
        try folder.write("这不是报告。\n", "zz-broken.txt")
        #expect(throws: SiteBuilder.BuildError.self) { _ = try build(strict: true) }
        let kept = try BuildManifest.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: cache + "/manifest"))))
        for item in kept.items.values { #expect(BuildCache.PackReader(directory: cache).blob(item) != nil, "\(item.record.name) reads back after a failed build") }
        try FileManager.default.removeItem(at: folder.content.appendingPathComponent("zz-broken.txt"))

        _ = try build()
        let compacted = try packs()
        #expect(compacted.count == 1 && compacted.keys.first != first.keys.first, "a new pack replaced the old one")
        #expect(try #require(compacted.values.first) < grown.values.first!, "the new pack holds the live reports, not the dead")
        // Every report the cache knows is read back from the new pack.
        let manifest = try BuildManifest.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: cache + "/manifest"))))
        #expect(manifest.items.count == names.count)
        for item in manifest.items.values {
            #expect(item.pack == compacted.keys.first && BuildCache.PackReader(directory: cache).blob(item) != nil)
        }
        _ = try folder.rebuildMatchesWholeBuild("a rebuild after the pack was compacted")
    }
}
