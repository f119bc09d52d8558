import AnnualReports
import CChildProcess
import Foundation
import Glibc
import Synchronization

/// The site's search index: Pagefind bundles under `pagefind/`, one for each part (shard) of the
/// reports, which the search page (`search/index.html`, `theme/assets/search.js`) searches
/// together (Pagefind's `mergeIndex`).
///
/// Pagefind indexes a whole bundle at once, in memory: 10,000 synthetic reports in one bundle took
/// it 24 s and 6 GB here (documents of a first version of these), and a whole build of 1,000 with
/// them in one bundle took 3.8–4.0 s, Pagefind's process 750 MB. The reports are therefore split
/// by a fingerprint of their path into a power of two of parts of at most `reportsPerShard` (at
/// most `maxShards` parts), indexed `runsAtOnce` at a time, and a rebuild indexes again only the
/// parts whose documents changed. Smaller parts make a rebuild quicker (10,000 reports in 16
/// parts: 2.5 s after a narrative edit; in 32: 1.4 s) and the first search slower (the page loads
/// every part's metadata), for the same whole build.
enum SearchIndex {
    /// The index's folder in the site.
    static let folder = "pagefind"
    static let reportsPerShard = 500
    static let maxShards = 32

    /// How many parts the index of `reports` reports has.
    static func shardCount(reports: Int) -> Int {
        var count = 1
        while count < maxShards, count * reportsPerShard < reports { count *= 2 }
        return count
    }

    /// The part the report at `path` (`agencies/<slug>/<year>/`) goes into.
    static func shard(of path: String, count: Int) -> Int {
        var h = Fingerprint.Hasher()
        h.combine(path)
        return Int(h.value.low % UInt64(count))
    }

    /// The fingerprint of a part's inputs: the version of Pagefind and each of its reports' path and
    /// document fingerprint, in the site's order.
    static func shardFingerprints(_ documents: [(path: String, fingerprint: Fingerprint)], count: Int, version: String) -> [Fingerprint] {
        var hashers = (0..<count).map { k -> Fingerprint.Hasher in
            var h = Fingerprint.Hasher()
            h.combine(version)
            h.combine(count)
            h.combine(k)
            return h
        }
        for document in documents {
            let k = shard(of: document.path, count: count)
            hashers[k].combine(document.path)
            hashers[k].combine(document.fingerprint)
        }
        return hashers.map(\.value)
    }

    /// What Pagefind writes that the search page does not use (its own search interfaces): left out
    /// of the site. The part searched first keeps `pagefind.js` and its worker; the others only
    /// their index.
    static func isKept(_ relativePath: String, shard: Int) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        if name.hasPrefix("pagefind-ui") || name.hasPrefix("pagefind-modular-ui") || name.hasPrefix("pagefind-component-ui") || name == "pagefind-highlight.js" {
            return false
        }
        if shard != 0, name == "pagefind.js" || name == "pagefind-worker.js" { return false }
        return true
    }

    /// Writes a report's document into the input folder of its part.
    static func writeDocument(_ document: SearchDocument, shard: Int, input: String) throws {
        let file = try OutputWriter.create("\(input)/\(shard)/\(document.path)index.html")
        try document.html.withUnsafeBytes { try file.append($0) }
        try file.close()
    }

    /// How many Pagefind runs at once: each is itself multi-threaded and holds its part in memory
    /// (some 400 MB for 500 reports).
    static let runsAtOnce = 2

    /// Indexes the parts `shards` from `input/<k>/` into `output/<k>/`, `runsAtOnce` at a time.
    /// Gives each part's files (relative to its folder, sorted, what `isKept` leaves out removed),
    /// or why it failed. A part with no documents (a site whose reports all lack an agency or
    /// year) is not run, and has no files.
    static func index(_ shards: [Int], input: String, output: String, with pagefind: Pagefind) -> [Int: Result<[String], Pagefind.Failure>] {
        let next = Atomic<Int>(0)
        let results = Mutex<[Int: Result<[String], Pagefind.Failure>]>([:])
        _ = Parallel.map(min(runsAtOnce, shards.count)) { _ in
            while case let i = next.add(1, ordering: .relaxed).oldValue, i < shards.count {
                let k = shards[i]
                let target = "\(output)/\(k)"
                let result: Result<[String], Pagefind.Failure>
                if !FileManager.default.fileExists(atPath: "\(input)/\(k)") {
                    result = .success([])
                } else {
                    do {
                        try pagefind.index(site: "\(input)/\(k)", into: target)
                        result = .success(try prune(target, shard: k))
                    } catch {
                        OutputWriter.removeTree(target)
                        result = .failure(error as? Pagefind.Failure ?? Pagefind.Failure(message: error.localizedDescription))
                    }
                }
                results.withLock { $0[k] = result }
            }
        }
        return results.withLock { $0 }
    }

    /// Removes what `isKept` leaves out from a part Pagefind wrote; gives the files kept.
    private static func prune(_ folder: String, shard: Int) throws -> [String] {
        var kept: [String] = []
        for file in files(in: folder) {
            if isKept(file, shard: shard) { kept.append(file) } else { try FileManager.default.removeItem(atPath: folder + "/" + file) }
        }
        return kept
    }

    /// The files under `folder`, as paths relative to it, sorted.
    static func files(in folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }
}

/// The Pagefind program (PyPI's `pagefind[extended]`, which `make site` installs), found once per
/// process: `GONGKAI_PAGEFIND` if set (and nothing else then), else `PAGEFIND_BINARY_PATH` if set, else `pagefind_extended` or
/// `pagefind` on `PATH`, else the binary of the Python package.
struct Pagefind: Sendable {
    var executable: String
    /// `pagefind --version`'s version (`1.5.2`).
    var version: String

    static let install = "python3 -m pip install 'pagefind[extended]==1.5.2'"

    static let found: Pagefind? = locate()

    private static func locate() -> Pagefind? {
        let environment = ProcessInfo.processInfo.environment
        // The one named for gongkai is the only one looked at (none, if it is not there).
        if let path = environment["GONGKAI_PAGEFIND"], !path.isEmpty {
            return access(path, X_OK) == 0 ? Pagefind(executable: path) : nil
        }
        var candidates: [String] = []
        if let path = environment["PAGEFIND_BINARY_PATH"], !path.isEmpty { candidates.append(path) }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["pagefind_extended", "pagefind"] { candidates.append("\(directory)/\(name)") }
        }
        for candidate in candidates where access(candidate, X_OK) == 0 {
            if let found = Pagefind(executable: candidate) { return found }
        }
        // The Python package's binary (`pip install` puts no command on PATH for it).
        for module in ["pagefind_bin_extended", "pagefind_bin"] {
            let script = "from \(module) import get_executable; print(get_executable())"
            if let answer = try? run("/usr/bin/env", ["python3", "-c", script]), answer.status == 0,
               case let path = answer.said.trimmingCharacters(in: .whitespacesAndNewlines), !path.isEmpty, let found = Pagefind(executable: path) {
                return found
            }
        }
        return nil
    }

    private init?(executable: String) {
        guard let answer = try? Self.run(executable, ["--version"]), answer.status == 0, answer.said.hasPrefix("pagefind ") else { return nil }
        self.executable = executable
        version = answer.said.dropFirst("pagefind ".count).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What a program said (standard output and error) and its exit status, run as a child that
    /// dies with the build (`gongkai_spawn_tied`); an error if it could not be started.
    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, said: String) {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var output: Int32 = -1
        let pid = gongkai_spawn_tied(executable, argv, &output)
        guard pid > 0 else { throw Failure(message: "无法运行 \(executable)：\(String(cString: strerror(errno)))") }
        var said: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n > 0 { said += buffer[..<n] } else if n == 0 || errno != EINTR { break }
        }
        close(output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited with a code, or killed by a signal (shown as 128 + its number, as shells do).
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (code, String(decoding: said, as: UTF8.self))
    }

    struct Failure: LocalizedError, Sendable {
        var message: String
        var errorDescription: String? { message }
    }

    /// Indexes the pages of `site` into `output`.
    func index(site: String, into output: String) throws {
        let (status, said) = try Self.run(executable, ["--site", site, "--output-path", output, "--force-language", "zh-cn", "--quiet"])
        guard status == 0 else {
            throw Failure(message: "Pagefind 退出码 \(status)：\(said.split(separator: "\n").suffix(3).joined(separator: " / "))")
        }
    }
}

/// The search index's share of one build: whether it makes one, where its documents go, and what
/// it has to tell (Pagefind missing, a part that failed).
struct SearchRun {
    let enabled: Bool
    /// The folder of the documents and of Pagefind's output during a rebuild, in the cache folder.
    let work: String
    private(set) var pagefind: Pagefind?
    private var looked = false
    /// The parts Pagefind could not make, with why.
    var failed: [Int: String] = [:]
    /// Whether Pagefind was looked for and not found.
    private var missing: Bool { looked && pagefind == nil }

    init(enabled: Bool, cache: String) {
        self.enabled = enabled
        work = cache + "/search"
    }

    /// The documents' folder, when this build makes an index: Pagefind is looked for the first
    /// time it is asked (a rebuild that changes no document does not look).
    mutating func start() -> (input: String, pagefind: Pagefind)? {
        guard enabled else { return nil }
        if !looked {
            looked = true
            pagefind = Pagefind.found
            // What a build that was stopped left.
            if pagefind != nil { OutputWriter.removeTree(work) }
        }
        guard let pagefind else { return nil }
        return (work + "/input", pagefind)
    }

    /// Notes the parts that failed in `results` (`SearchIndex.index`).
    mutating func record(_ results: [Int: Result<[String], Pagefind.Failure>]) {
        for (k, result) in results { if case .failure(let failure) = result { failed[k] = failure.message } }
    }

    /// Removes the documents and Pagefind's output.
    func finish() {
        if looked { OutputWriter.removeTree(work) }
    }

    /// What the build prints about the index, once.
    var notes: [String] {
        var notes: [String] = []
        if missing {
            notes.append("未找到 Pagefind，未生成搜索索引（网站其余部分照常生成，搜索页显示搜索不可用）。安装：\(Pagefind.install)，或运行 make site")
        }
        if let version = pagefind?.version, !version.hasPrefix("1.5.") {
            notes.append("Pagefind 的版本是 \(version)；搜索页按 1.5.2 编写和测试，其他版本的索引可能搜不到。安装：\(Pagefind.install)")
        }
        for (k, why) in failed.sorted(by: { $0.key < $1.key }) {
            notes.append("搜索索引第 \(k + 1) 部分生成失败，这部分报告暂时搜不到：\(why)")
        }
        return notes
    }
}
