import Foundation

/// Temporary folders for the tests: all in one folder for this test process, which is removed
/// when the process exits, so that test runs do not fill the temporary folder.
enum Scratch {
    static let root: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-tests-\(getpid())").path
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()

    /// A new folder's address (not yet made), named `prefix-` and a UUID.
    static func folder(_ prefix: String) -> URL {
        URL(fileURLWithPath: root).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }
}
