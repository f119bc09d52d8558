import Foundation
@testable import ReportSite
import Glibc
import Testing

/// A full build over a large site does not wait for the old site's files to be unlinked: the old
/// site is renamed aside and removed by a detached `rm`, and a removal that did not finish is
/// started again by the next build. A small old site is removed at once, as before.
@Suite(.serialized) struct OldSiteRemovalTests {
    /// The folders beside `public/` that hold an old site being removed.
    static func trash(_ root: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix(".public.staging.trash-") }
    }

    /// Waits until no old site is left beside `public/` (the detached `rm` ran), at most a minute.
    static func waitForRemovals(_ root: URL, leaving kept: [String] = []) -> Bool {
        for _ in 0..<600 {
            if trash(root).sorted() == kept { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    @Test func aLargeOldSiteIsRemovedWithoutBeingWaitedFor() throws {
        let seed = try SiteBuildTests.seed("luoyang-sifaju-2023.txt")
        var files: [String: String] = [:]
        // More agencies than `detachedRemovalAgencies`: each report its own agency.
        for i in 0..<105 { files["r\(i).txt"] = "---\nagency: 测试局\(i)\nyear: 2023\nslug: agency-\(i)\n---\n\(seed)" }
        let (output, _) = try SiteBuildTests.build(files)
        let root = output.deletingLastPathComponent()
        let first = try SiteBuildTests.read(output, "agencies/agency-7/2023/index.html")

        // A leftover of an earlier removal that stopped, as the machine's stopping would leave it.
        let leftover = root.appendingPathComponent(".public.staging.trash-1-1/agencies/x")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: leftover.appendingPathComponent("index.html"))

        // A whole build (no cache): the old site is swapped out and goes in the background.
        let started = OutputWriter.removalsStarted.load(ordering: .relaxed)
        let options = SiteBuilder.Options(
            content: root.appendingPathComponent("content").path, output: output.path,
            config: root.appendingPathComponent("site.yml").path, cache: false)
        try SiteBuilder(options: options).build()
        #expect(try SiteBuildTests.read(output, "agencies/agency-7/2023/index.html") == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("agencies").path).filter { $0.hasPrefix("agency-") }.count == 105)
        // Two detached removals: the leftover and the site just replaced.
        #expect(OutputWriter.removalsStarted.load(ordering: .relaxed) - started >= 2)
        #expect(Self.waitForRemovals(root), "old sites left beside public/: \(Self.trash(root))")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".public.staging").path))
    }

    /// What a stopped build left: a large staging folder, and old sites whose removal stopped.
    /// The next build removes both, but not an old site whose `rm` still runs (it holds the
    /// folder's lock), nor a folder whose name only starts like those of old sites.
    @Test func leftoversAreRemovedByTheNextBuild() throws {
        let seed = try SiteBuildTests.seed("luoyang-sifaju-2023.txt")
        let (output, _) = try SiteBuildTests.build(["a.txt": seed])
        let root = output.deletingLastPathComponent()
        func fakeSite(_ name: String) throws {
            for i in 0..<102 {
                let folder = root.appendingPathComponent("\(name)/agencies/a\(i)/2023")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data("old".utf8).write(to: folder.appendingPathComponent("index.html"))
            }
        }
        try fakeSite(".public.staging")
        try fakeSite(".public.staging.trash-7-1")
        try fakeSite(".public.staging.trash-7-2")
        try fakeSite(".public.staging.trash-2024")
        // The removal of trash-7-2 "still runs": its lock is held, here by the test.
        let lock = open(root.appendingPathComponent(".public.staging.trash-7-2").path, O_RDONLY | O_DIRECTORY)
        #expect(lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0)

        let started = OutputWriter.removalsStarted.load(ordering: .relaxed)
        let options = SiteBuilder.Options(
            content: root.appendingPathComponent("content").path, output: output.path,
            config: root.appendingPathComponent("site.yml").path, cache: false)
        try SiteBuilder(options: options).build()
        // The staging folder and trash-7-1, each by a detached rm.
        #expect(OutputWriter.removalsStarted.load(ordering: .relaxed) - started >= 2)
        #expect(Self.waitForRemovals(root, leaving: [".public.staging.trash-2024", ".public.staging.trash-7-2"]), "\(Self.trash(root))")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".public.staging").path))
        #expect(try SiteBuildTests.read(output, "index.html").contains("洛阳"))

        // Once the lock is let go, the next build removes it.
        close(lock)
        try SiteBuilder(options: options).build()
        #expect(Self.waitForRemovals(root, leaving: [".public.staging.trash-2024"]), "\(Self.trash(root))")
    }

    @Test func aSmallOldSiteIsRemovedAtOnce() throws {
        let seed = try SiteBuildTests.seed("luoyang-sifaju-2023.txt")
        let (output, _) = try SiteBuildTests.build(["a.txt": seed])
        let root = output.deletingLastPathComponent()
        let options = SiteBuilder.Options(
            content: root.appendingPathComponent("content").path, output: output.path,
            config: root.appendingPathComponent("site.yml").path, cache: false)
        let started = OutputWriter.removalsStarted.load(ordering: .relaxed)
        try SiteBuilder(options: options).build()
        // Removed by the build itself: no rm was started (which might be done before a look).
        #expect(OutputWriter.removalsStarted.load(ordering: .relaxed) == started)
        #expect(Self.trash(root).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted() == ["content", "public"])
    }
}
