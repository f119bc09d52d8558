import AnnualReports
import Foundation
import Testing

/// Where the tests find the repository, its content, the shared corpus and the golden files.
enum Paths {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let content = repository.appendingPathComponent("content")
    static let golden = repository.appendingPathComponent("Tests/AnnualReportsTests/Golden")
    /// `../shared/corpus` beside the checkout, as CI has it.
    static let corpus = repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// Reads a report as `gongkai` would, naming it by a path relative to the repository.
    static func read(_ url: URL, as path: String) throws -> Report {
        ReportReader().read(bytes: try bytes(url), path: path)
    }
}

/// Golden files: compared byte for byte; re-recorded only when `GONGKAI_RECORD=1` is set.
enum Golden {
    static var recording: Bool { ProcessInfo.processInfo.environment["GONGKAI_RECORD"] == "1" }

    static func assertMatches(_ actual: String, _ relativePath: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = Paths.golden.appendingPathComponent(relativePath)
        if recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (actual + "\n").write(to: url, atomically: false, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(relativePath) is missing; run the tests with GONGKAI_RECORD=1 to record it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual + "\n" {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = (actual + "\n").split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(e, a)).firstIndex { $0 != $1 } ?? min(e.count, a.count)
            Issue.record("\(relativePath) differs at line \(line + 1):\n  golden: \(line < e.count ? String(e[line]) : "<end>")\n  actual: \(line < a.count ? String(a[line]) : "<end>")", sourceLocation: sourceLocation)
        }
    }
}
