import Foundation
import ReportSite
import Testing

/// A real `gongkai build` killed with SIGKILL at several moments leaves a complete site in
/// public/: the previous one, or (once the swap is done) the new one, never a mixture.
@Suite struct KillTests {
    /// The `gongkai` executable that `swift test` builds next to the test bundle.
    static var executable: URL? {
        [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL]
            .map { $0.appendingPathComponent("gongkai") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Path → SHA-like fingerprint (the bytes themselves, hashed by Swift's Hasher is not stable
    /// across runs, so the bytes are compared directly).
    static func snapshot(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = folder.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = FileManager.default.contents(atPath: full)
            }
        }
        return result
    }

    /// Runs `gongkai build`, killing it after `delay` seconds if given; returns its exit status.
    @discardableResult
    static func build(_ binary: URL, content: URL, output: URL, kill delay: Double? = nil, environment extra: [String: String] = [:], arguments: [String] = ["--no-cache"]) throws -> Int32 {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["build", "--content", content.path, "--output", output.path, "--config", "/nonexistent/site.yml"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["GONGKAI_THEME"] = SiteBuildTests.repository.appendingPathComponent("theme").path
        environment.merge(extra) { $1 }
        process.environment = environment
        try process.run()
        if let delay {
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func killedBuildsLeaveACompleteSite() throws {
        let binary = try #require(Self.executable, "the gongkai executable was not built beside the tests")
        let root = Scratch.folder("kill")
        let content = try Self.reports(120, in: root)
        let seed = try SiteBuildTests.seed("luoyang-sifaju-2023.txt")
        let output = root.appendingPathComponent("public")
        try Self.build(binary, content: content, output: output)
        let old = Self.snapshot(output)
        #expect(old.count > 300)

        // The next build differs: one more report.
        try "---\nagency: 新增局\nyear: 2023\nslug: added\n---\n\(seed)".write(to: content.appendingPathComponent("added.txt"), atomically: false, encoding: .utf8)
        let reference = root.appendingPathComponent("reference")
        let start = Date()
        try Self.build(binary, content: content, output: reference)
        let duration = Date().timeIntervalSince(start)
        let new = Self.snapshot(reference)

        var sawOld = 0
        for fraction in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95] {
            try Self.build(binary, content: content, output: output, kill: duration * fraction)
            let now = Self.snapshot(output)
            #expect(now == old || now == new, "after a kill at \(Int(fraction * 100))% the site is neither the old nor the new one")
            if now == old { sawOld += 1 } else { break }
        }
        #expect(sawOld > 0, "no kill landed before the swap; the test proved nothing")
        // A build after the kills finishes normally and leaves no staging folder behind.
        try Self.build(binary, content: content, output: output)
        #expect(Self.snapshot(output) == new)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".public") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}

extension KillTests {
    /// `root`/content with `count` reports of as many agencies (one seed under other names).
    static func reports(_ count: Int, in root: URL) throws -> URL {
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        let seed = try SiteBuildTests.seed("luoyang-sifaju-2023.txt")
        for i in 0..<count {
            try "---\nagency: 测试局\(i)\nyear: 2023\nslug: test-\(i)\n---\n\(seed)".write(to: content.appendingPathComponent("r\(i).txt"), atomically: false, encoding: .utf8)
        }
        return content
    }

    /// The processes whose command line contains `text` (from /proc).
    static func processes(containing text: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(text)
        }
    }

    /// A build killed while Pagefind indexes: Pagefind dies with it, rather than go on writing
    /// into the staging folder that the next build removes (the kill test above found one that
    /// made the folder again after the next build).
    @Test func aKilledBuildLeavesNoPagefindRunning() throws {
        try #require(SiteBuilder.searchEngine != nil, "Pagefind is not installed (make deps installs it)")
        let binary = try #require(Self.executable, "the gongkai executable was not built beside the tests")
        let root = Scratch.folder("killpf")
        let content = try Self.reports(300, in: root)
        let output = root.appendingPathComponent("public")
        let marker = root.path + "/.public.staging/pagefind"
        let process = Process()
        process.executableURL = binary
        process.arguments = ["build", "--content", content.path, "--output", output.path, "--config", "/nonexistent/site.yml", "--no-cache"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.merging(["GONGKAI_THEME": SiteBuildTests.repository.appendingPathComponent("theme").path]) { $1 }
        try process.run()
        var indexing: [Int32] = []
        let deadline = Date().addingTimeInterval(30)
        while indexing.isEmpty, process.isRunning, Date() < deadline {
            indexing = Self.processes(containing: marker)
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(!indexing.isEmpty, "the build ended before Pagefind was seen running; the test proved nothing")
        // The kernel ends them at once; an orphan would go on for most of a second (its part of
        // 300 reports), so the look is soon after the kill.
        var left = indexing
        for _ in 0..<20 where !left.isEmpty {
            Thread.sleep(forTimeInterval: 0.005)
            left = Self.processes(containing: marker)
        }
        #expect(left.isEmpty, "Pagefind still running after its build was killed: \(left)")
    }
}

/// Two builds of the same content, its files created in different orders and built under
/// different time zones and locales, give byte-identical sites.
@Suite struct DeterminismTests {
    @Test func orderTimeZoneAndLocaleDoNotChangeTheSite() throws {
        let binary = try #require(KillTests.executable, "the gongkai executable was not built beside the tests")
        let names = ["luoyang-sifaju-2023.txt", "luoyang-sifaju-2020.txt", "yichuan-sifaju-2024.txt", "muye-sifaju-2023.txt", "ruicheng-sifaju-2023.txt"]
        var sites: [[String: Data]] = []
        for (order, environment) in [(names, ["TZ": "UTC", "LANG": "C.UTF-8"]), (names.reversed(), ["TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8"])] {
            let root = Scratch.folder("det")
            let content = root.appendingPathComponent("content")
            try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
            for name in order {
                try SiteBuildTests.seed(name).write(to: content.appendingPathComponent(name), atomically: false, encoding: .utf8)
                Thread.sleep(forTimeInterval: 0.01)  // different modification times too
            }
            let status = try KillTests.build(binary, content: content, output: root.appendingPathComponent("public"), environment: environment)
            #expect(status == 0)
            sites.append(KillTests.snapshot(root.appendingPathComponent("public")))
        }
        #expect(sites[0].count > 30)
        #expect(sites[0].keys.sorted() == sites[1].keys.sorted())
        for (path, data) in sites[0] where sites[1][path] != data {
            Issue.record("\(path) differs between the two builds")
        }
    }

    /// Pages are rendered on several threads; cmark-gfm's autolink and strikethrough extensions
    /// share process-wide state, so every page must still get its links and deletions.
    @Test func markdownExtensionsHoldUnderConcurrentRendering() throws {
        let seed = try SiteBuildTests.seed("luoyang-sifaju-2023.txt")
        let sentence = String(repeating: "详见 www.example.gov.cn 与 https://a.example.org/x ，~~旧文~~ 不再适用。", count: 20)
        let text = seed.replacingOccurrences(of: "一、总体情况\n", with: "一、总体情况\n\n\(sentence)\n\n")
        #expect(text != seed)
        var files: [String: String] = [:]
        for i in 0..<240 { files["r\(i).txt"] = "---\nagency: 链接测试局\(i)\nyear: 2023\n---\n" + text }
        let (output, _) = try SiteBuildTests.build(files)
        let agencies = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("agencies").path).filter { $0 != "index.html" }
        #expect(agencies.count == 240)
        for agency in agencies {
            let page = try SiteBuildTests.read(output, "agencies/\(agency)/2023/index.html")
            #expect(page.contains("<a href=\"http://www.example.gov.cn\">") && page.contains("<del>旧文</del>"), "\(agency) lost its autolinks or strikethrough")
        }
    }
}
