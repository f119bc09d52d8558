import Foundation
import Testing

/// A full disk and a read-only output: the build says so, exits non-zero, and the previous site
/// stays as it was. The small disk is a real tmpfs, mounted in a private mount namespace
/// (`unshare -rm`), so the test needs no privileges and leaves nothing mounted behind.
@Suite struct OutputSafetyTests {
    static let canMount: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-rm", "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" && umount \"$d\" && rmdir \"$d\""]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test(.enabled(if: canMount, "needs unshare -rm and tmpfs (user namespaces) to make a small disk"))
    func fullDiskAndReadOnlyOutputKeepThePreviousSite() throws {
        let binary = try #require(KillTests.executable, "the gongkai executable was not built beside the tests")
        let root = Scratch.folder("disk")
        let small = root.appendingPathComponent("small"), large = root.appendingPathComponent("large")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: large, withIntermediateDirectories: true)
        let seed = try SiteBuildTests.seed("luoyang-sifaju-2023.txt")
        try seed.write(to: small.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        for i in 0..<40 {
            try "---\nagency: 测试局\(i)\nyear: 2023\n---\n\(seed)".write(to: large.appendingPathComponent("r\(i).txt"), atomically: false, encoding: .utf8)
        }
        // A 1 MiB disk holds the one-report site (with its staging copy) but not the 40-report one.
        let theme = SiteBuildTests.repository.appendingPathComponent("theme").path
        let script = """
            set -u
            cd '\(root.path)'
            mkdir disk && mount -t tmpfs -o size=1m tmpfs disk || exit 90
            build() { GONGKAI_THEME='\(theme)' '\(binary.path)' build --config /nonexistent/site.yml --content "$1" --output disk/public; }
            fingerprint() { (cd disk/public && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$1"; }
            build small > /dev/null 2>&1 || exit 91
            fingerprint before
            build large > /dev/null 2> full.err; echo $? > full.status
            fingerprint after-full
            ls -A disk > after-full.listing
            mount -o remount,ro disk || exit 92
            build large > /dev/null 2> readonly.err; echo $? > readonly.status
            fingerprint after-readonly
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-rm", "sh", "-c", script]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the disk script stopped early with status \(process.terminationStatus)")

        func read(_ name: String) -> String { (try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)) ?? "" }
        let before = read("before")
        #expect(before.split(separator: "\n").count > 10)
        // The full disk.
        #expect(read("full.status").trimmingCharacters(in: .whitespacesAndNewlines) != "0")
        #expect(read("full.err").contains("磁盘已满"), "\(read("full.err"))")
        #expect(read("full.err").contains("之前的网站保持不变"))
        #expect(read("after-full") == before)
        // The build cache of the first build stays beside public/; no staging files are left.
        #expect(read("after-full.listing").split(separator: "\n") == [".public.cache", "public"], "staging files were left on the full disk")
        // The read-only output.
        #expect(read("readonly.status").trimmingCharacters(in: .whitespacesAndNewlines) != "0")
        #expect(read("readonly.err").contains("只读"), "\(read("readonly.err"))")
        #expect(read("after-readonly") == before)
    }
}
