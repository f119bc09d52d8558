import Foundation
import Testing

/// `gongkai parse` and `gongkai check` as a user runs them.
@Suite struct CommandLineTests {
    /// The `gongkai` executable that `swift test` builds next to the test bundle.
    static var executable: URL? {
        let directory = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [directory, Bundle.main.bundleURL] {
            let url = candidate.appendingPathComponent("gongkai")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try #require(Self.executable, "the gongkai executable was not built beside the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = Paths.repository
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Without Pagefind, a build says so once and builds the rest of the site (the search page
    /// too, which says search is unavailable); the next build that finds Pagefind makes the index.
    @Test func buildWithoutPagefindSaysSoOnceAndBuildsTheRest() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-nopagefind-\(getpid())/public")
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        let without = try Self.run(["build", "--content", "content", "--output", output.path], environment: ["GONGKAI_PAGEFIND": "/nonexistent/pagefind"])
        #expect(without.status == 0, "\(without.stderr)")
        #expect(without.stderr.components(separatedBy: "未找到 Pagefind").count == 2, "\(without.stderr)")
        #expect(without.stdout.contains("构建完成：5 份报告"))
        for page in ["index.html", "search/index.html", "agencies/luo-yang-shi-si-fa-ju/2023/index.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(page).path), "\(page)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("pagefind").path))
        let with = try Self.run(["build", "--content", "content", "--output", output.path])
        #expect(with.status == 0 && !with.stderr.contains("Pagefind"), "\(with.stderr)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("pagefind/0/pagefind.js").path))
        // An edit rebuilt without Pagefind: the index goes (a whole build would have none), rather
        // than stay and find the report as it was.
        let report = Paths.repository.appendingPathComponent("content/luoyang-sifaju-2023.txt")
        let content = output.deletingLastPathComponent().appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: report, to: content.appendingPathComponent("a.txt"))
        _ = try Self.run(["build", "--content", content.path, "--output", output.path])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("pagefind/0/pagefind.js").path))
        let text = try String(contentsOf: report, encoding: .utf8)
        try text.replacingOccurrences(of: "一、总体情况\n", with: "一、总体情况\n\n新增一句。\n").write(to: content.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        let edited = try Self.run(["build", "--content", content.path, "--output", output.path], environment: ["GONGKAI_PAGEFIND": "/nonexistent/pagefind"])
        #expect(edited.status == 0 && edited.stderr.contains("未找到 Pagefind"), "\(edited.stderr)")
        // (Folders emptied may stay; no file does.)
        let index = output.appendingPathComponent("pagefind")
        let left = (FileManager.default.enumerator(atPath: index.path)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: index.appendingPathComponent(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        #expect(left.isEmpty, "files of the index left: \(left)")
    }

    @Test func parsePrintsJSONLinesInArgumentOrder() throws {
        let files = ["content/ruicheng-sifaju-2023.txt", "content/luoyang-sifaju-2020.txt", "content/luoyang-sifaju-2023.txt"]
        let result = try Self.run(["parse", "--json"] + files)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for (line, file) in zip(lines, files) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["source"] as? [String: Any])?["path"] as? String == file)
            #expect(object["schemaVersion"] as? Int == 1)
        }
        // The same bytes as the golden file, which is the pretty form of the same document.
        let golden = try String(contentsOf: Paths.golden.appendingPathComponent("seeds/ruicheng-sifaju-2023.txt.json"), encoding: .utf8)
        let a = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: Data(golden.utf8)) as? NSDictionary
        #expect(a == b)
    }

    @Test func checkOnTheSeedsSucceeds() throws {
        let result = try Self.run(["check"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("检查了 5 份报告：0 个错误"))
    }

    @Test func checkReportsErrorsWithLocationsAndFails() throws {
        let result = try Self.run(["check", Paths.corpus.appendingPathComponent("partial").path])
        #expect(result.status == 1)
        let diagnostic = try #require(result.stdout.split(separator: "\n").first { $0.contains(": error: ") })
        // path:line:column: error: message
        let parts = diagnostic.split(separator: ":", maxSplits: 4)
        #expect(parts.count == 5 && Int(parts[1]) != nil && Int(parts[2]) != nil)
    }

    @Test func missingPathIsAClearError() throws {
        let result = try Self.run(["check", "no-such-folder"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no-such-folder"))
    }
}
