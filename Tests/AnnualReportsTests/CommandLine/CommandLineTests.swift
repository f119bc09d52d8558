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

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try #require(Self.executable, "the gongkai executable was not built beside the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
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
