import AnnualReports
import CRenameExchange
import Foundation
import Glibc
import Synchronization

/// The build cache beside the output folder (`.public.cache` for `public/`): what each report
/// file gave last time, the fingerprint of every page's inputs, and the reports in binary form.
/// A rebuild reads only the files that changed, renders only the pages whose inputs changed, and
/// writes only the files whose bytes changed.
///
/// It is keyed by the generator (its version and executable), the theme's files and the site
/// configuration: when any of them differs, the whole site is built again. The cache belongs to
/// one output folder (its inode); when that folder was replaced or removed, it is not used.
struct BuildManifest: Sendable {
    static let magic = Array("gongkai-cache\n".utf8)
    /// 2: fingerprints hash long runs in four lanes. 3: a report's fingerprint takes the inputs
    /// of `series.carriedOver`, not its checks. 4: the pack keeps each report's digest after it.
    /// 5: a report's record says whether its file is its own text (`sourceIsText`). 6: each
    /// site-wide file has the fingerprint of its own inputs, and a record those of its digest's
    /// parts; fingerprints are 16 bytes as they are. 7: each report's search document's
    /// fingerprint, and those of the search index's parts.
    static let formatVersion = 7

    struct Item: Sendable {
        var stamp: FileStamp
        var record: ReportRecord
        /// The report's binary form in the pack file `pack`, followed by its digest's
        /// (`ReportDigest.encoded`, `digestLength` bytes).
        var pack: String
        var offset: Int
        var length: Int
        var digestLength: Int
    }

    struct EntryOutput: Sendable {
        var page: Fingerprint
        var source: Fingerprint
        /// Where the report's JSON is in `data/reports.json`.
        var offset: Int
        var length: Int
        /// Of the report's search document (`SearchDocument`).
        var search: Fingerprint
    }

    var keys: Fingerprint
    /// The output folder this manifest describes.
    var outputDevice: UInt64
    var outputInode: UInt64
    /// When the files were looked at (wall clock, ns); files changed less than two seconds before
    /// are compared by content on the next build.
    var recordedAt: Int64
    var items: [String: Item]
    /// Entry path (`agencies/<slug>/<year>/`) → fingerprints; agency path → page fingerprint.
    var entries: [String: EntryOutput]
    var agencies: [String: Fingerprint]
    /// Every file of the site-wide pages and data (all but the agency and report folders and
    /// data/reports.json), and the fingerprint of what each was made from (`SiteInputs`).
    var sitePaths: [String]
    var siteFingerprints: [Fingerprint]
    var reportsJSON: Fingerprint
    /// Each part of the search index (`SearchIndex`) as it is in the output folder: the
    /// fingerprint of its inputs (zero for a part not made: Pagefind missing or failed) and how
    /// many files it has. And the version of Pagefind that made them.
    struct SearchShard: Sendable, Equatable {
        var fingerprint: Fingerprint
        var files: Int
        static let none = SearchShard(fingerprint: Fingerprint(high: 0, low: 0), files: 0)
    }
    var searchShards: [SearchShard] = []
    var searchVersion = ""
    /// The pack file new reports are appended to.
    var pack: String
    /// The order the build had its files and reports in (sorted paths, and the placement's
    /// order): items and entries are written in it, when it holds every one, rather than sorted
    /// again. Not written.
    var itemOrder: [String] = []
    var entryOrder: [String] = []

    /// Each report's path and search document fingerprint, in the placement's order.
    func searchDocuments(_ fingerprints: OutputFingerprints) -> [(path: String, fingerprint: Fingerprint)] {
        fingerprints.entryPaths.joined().map { ($0, entries[$0]?.search ?? Fingerprint(high: 0, low: 0)) }
    }

    /// The keys of `dictionary`, in `order` if it holds every one of them, else sorted: the same
    /// keys are always written in the same order.
    private static func keys<V>(_ dictionary: [String: V], in order: [String]) -> [String] {
        let ordered = order.filter { dictionary[$0] != nil }
        return ordered.count == dictionary.count && Set(ordered).count == ordered.count ? ordered : dictionary.keys.sorted()
    }

    func encoded() -> [UInt8] {
        // Room for all of it (some 650 bytes a report), so that the buffer is never moved to grow.
        var w = ByteWriter(capacity: (1 << 16) + 768 * items.count + 128 * entries.count)
        w.raw(Self.magic)
        w.int(Self.formatVersion)
        w.fingerprint(keys)
        w.unsigned(outputDevice)
        w.unsigned(outputInode)
        w.int(Int(recordedAt))
        w.array(Self.keys(items, in: itemOrder)) { w, key in
            let item = items[key]!
            w.string(key)
            for v in [Int64(bitPattern: item.stamp.device), Int64(bitPattern: item.stamp.inode), item.stamp.size, item.stamp.modified, item.stamp.changed] { w.int(Int(v)) }
            Self.encode(item.record, &w)
            w.string(item.pack)
            w.int(item.offset)
            w.int(item.length)
            w.int(item.digestLength)
        }
        w.array(Self.keys(entries, in: entryOrder)) { w, key in
            let entry = entries[key]!
            w.string(key)
            w.fingerprint(entry.page)
            w.fingerprint(entry.source)
            w.int(entry.offset)
            w.int(entry.length)
            w.fingerprint(entry.search)
        }
        w.array(agencies.sorted { $0.key < $1.key }) { w, pair in
            w.string(pair.key)
            w.fingerprint(pair.value)
        }
        w.array(sitePaths) { $0.string($1) }
        w.array(siteFingerprints) { $0.fingerprint($1) }
        w.fingerprint(reportsJSON)
        w.array(searchShards) { w, shard in
            w.fingerprint(shard.fingerprint)
            w.int(shard.files)
        }
        w.string(searchVersion)
        w.string(pack)
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> BuildManifest {
        try bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            guard try r.raw() == magic, try r.int() == formatVersion else { throw ByteReader.Malformed() }
            let keys = try r.fingerprint()
            let device = try r.unsigned(), inode = try r.unsigned()
            let recordedAt = Int64(try r.int())
            var items: [String: Item] = [:]
            let itemCount = try r.count()
            items.reserveCapacity(itemCount)
            for _ in 0..<itemCount {
                let name = try r.string()
                let stamp = FileStamp(device: UInt64(bitPattern: Int64(try r.int())), inode: UInt64(bitPattern: Int64(try r.int())), size: Int64(try r.int()), modified: Int64(try r.int()), changed: Int64(try r.int()))
                let record = try decodeRecord(&r)
                items[name] = Item(stamp: stamp, record: record, pack: try r.string(), offset: try r.int(), length: try r.int(), digestLength: try r.int())
            }
            var entries: [String: EntryOutput] = [:]
            for _ in 0..<(try r.count()) {
                let path = try r.string()
                entries[path] = EntryOutput(page: try r.fingerprint(), source: try r.fingerprint(), offset: try r.int(), length: try r.int(), search: try r.fingerprint())
            }
            var agencies: [String: Fingerprint] = [:]
            for _ in 0..<(try r.count()) {
                let path = try r.string()
                agencies[path] = try r.fingerprint()
            }
            let sitePaths = try r.array { try $0.string() }
            let siteFingerprints = try r.array { try $0.fingerprint() }
            guard siteFingerprints.count == sitePaths.count else { throw ByteReader.Malformed() }
            let reportsJSON = try r.fingerprint()
            let searchShards = try r.array { SearchShard(fingerprint: try $0.fingerprint(), files: try $0.int()) }
            let searchVersion = try r.string()
            let pack = try r.string()
            guard r.isAtEnd else { throw ByteReader.Malformed() }
            return BuildManifest(
                keys: keys, outputDevice: device, outputInode: inode, recordedAt: recordedAt, items: items, entries: entries, agencies: agencies,
                sitePaths: sitePaths, siteFingerprints: siteFingerprints, reportsJSON: reportsJSON, searchShards: searchShards, searchVersion: searchVersion, pack: pack)
        }
    }

    static func encode(_ record: ReportRecord, _ w: inout ByteWriter) {
        w.string(record.name)
        w.string(record.agency)
        w.int(record.year)
        w.string(record.givenSlug)
        w.optional(record.region) { Report.encodeRegion($1, into: &$0) }
        w.optional(record.inferredRegion) { Report.encodeRegion($1, into: &$0) }
        w.string(record.madeSlug)
        w.array(record.carriedOver) { $0.int($1) }
        w.array(record.carriedForward) { $0.int($1) }
        w.array(record.diagnostics) { Report.encodeDiagnostic($1, into: &$0) }
        w.fingerprint(record.source)
        w.fingerprint(record.full)
        w.fingerprint(record.summary)
        for part in [record.parts.identity, record.parts.published, record.parts.values, record.parts.checks] { w.fingerprint(part) }
        w.bool(record.sourceIsText)
    }

    static func decodeRecord(_ r: inout ByteReader) throws -> ReportRecord {
        ReportRecord(
            name: try r.string(), agency: try r.optionalString(), year: try r.optionalInt(), givenSlug: try r.optionalString(),
            region: try r.optional { try Report.decodeRegion(from: &$0) }, inferredRegion: try r.optional { try Report.decodeRegion(from: &$0) },
            madeSlug: try r.optionalString(),
            carriedOver: try r.array { try $0.optionalInt() }, carriedForward: try r.array { try $0.optionalInt() },
            diagnostics: try r.array { try Report.decodeDiagnostic(from: &$0) },
            source: try r.fingerprint(), full: try r.fingerprint(), summary: try r.fingerprint(),
            parts: ReportDigest.Parts(identity: try r.fingerprint(), published: try r.fingerprint(), values: try r.fingerprint(), checks: try r.fingerprint()),
            sourceIsText: try r.bool())
    }
}

/// Reading and writing the cache folder, and applying a rebuild's changes to the output folder.
enum BuildCache {
    /// `.public.cache` beside `public/`.
    static func directory(forOutput output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).cache").path
    }

    /// The generator, theme and configuration: a cache made under other ones is not used.
    static func keys(themes: [String], config: String, options: [String]) -> Fingerprint {
        var h = Fingerprint.Hasher()
        h.combine(generatorIdentity)
        h.combine(BuildManifest.formatVersion)
        h.combine(Report.binaryVersion)
        for option in options { h.combine(option) }
        h.combine(FileBytes.read(config) ?? Array("(none)".utf8))
        let fm = FileManager.default
        for theme in themes {
            h.combine(theme)
            guard let enumerator = fm.enumerator(atPath: theme) else { continue }
            var files: [String] = []
            while let relative = enumerator.nextObject() as? String { files.append(relative) }
            for relative in files.sorted() {
                h.combine(relative)
                h.combine(FileBytes.read(theme + "/" + relative) ?? [])
            }
        }
        return h.value
    }

    /// The generator's version and its executable file (a rebuilt generator has another), so that
    /// a cache is never read by a generator that could render it differently.
    static let generatorIdentity: String = {
        var identity = "gongkai \(Report.schemaVersion)"
        // The link's target, then its stat: a tool that runs the generator under itself (valgrind)
        // answers the readlink with the generator's path, but `stat` of the link with its own file.
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
        if let stamp = FileStamp.of(executable) {
            identity += " \(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modified)"
        } else {
            identity += " \(FileStamp.now())"  // unknown executable: never reuse
        }
        return identity
    }()

    static func outputIdentity(_ output: String) -> (device: UInt64, inode: UInt64)? {
        FileStamp.of(output).map { ($0.device, $0.inode) }
    }

    /// The last build's manifest, if it was made with these keys for this output folder as it is.
    static func load(_ directory: String, keys: Fingerprint, output: String) -> BuildManifest? {
        guard let bytes = FileBytes.read(directory + "/manifest"),
              let manifest = try? BuildManifest.decode(bytes),
              manifest.keys == keys,
              let identity = outputIdentity(output),
              identity.device == manifest.outputDevice, identity.inode == manifest.outputInode
        else { return nil }
        return manifest
    }

    /// The pack file this build appends new reports to: the last build's, or a new one.
    ///
    /// A report edited or removed leaves its old binary form in the pack. Once those dead bytes
    /// outgrow the live ones (and `slack` bytes more), the live reports are copied into a new
    /// pack and their cache items moved to it. No pack is removed here: the old ones go only once
    /// a manifest that does not name them is saved (`removePacks`), so that a build that fails
    /// or is stopped leaves the last manifest with its pack.
    static func openPack(_ directory: String, previous: inout BuildManifest?, slack: Int = packSlack) -> PackWriter? {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let last = previous, !last.pack.isEmpty {
            let old = open(directory + "/" + last.pack, O_RDONLY | O_CLOEXEC)
            guard old >= 0 else {
                // The pack is gone: its reports are read from their files again, and packed anew.
                previous?.items = last.items.filter { $0.value.pack != last.pack }
                return newPack(directory)
            }
            defer { close(old) }
            let live = last.items.values.reduce(0) { $0 + ($1.pack == last.pack ? $1.length + $1.digestLength : 0) }
            let size = Int(lseek(old, 0, SEEK_END))
            if size <= 2 * live + slack, let pack = PackWriter(directory: directory, name: last.pack, append: true) {
                return pack
            }
            let pack = newPack(directory)
            if let pack { compact(last, from: old, into: pack, previous: &previous) }
            return pack
        }
        return newPack(directory)
    }

    /// Dead bytes a pack may hold beyond as many as it has live before it is compacted.
    static let packSlack = 16 << 20

    private static func newPack(_ directory: String) -> PackWriter? {
        PackWriter(directory: directory, name: "pack-\(FileStamp.now())", append: false)
    }

    /// Removes the packs other than `kept`, the one the manifest just saved names.
    static func removePacks(_ directory: String, except kept: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix("pack-") && name != kept {
            unlink(directory + "/" + name)
        }
    }

    /// Copies the live reports of the last build's pack (`old`, open for reading) into `pack`, in
    /// the order they lie, and points their cache items there. An item whose bytes cannot be read
    /// or written is dropped from the cache (its file is read again).
    private static func compact(_ last: BuildManifest, from old: Int32, into pack: PackWriter, previous: inout BuildManifest?) {
        let names = last.items.keys.filter { last.items[$0]!.pack == last.pack }.sorted { last.items[$0]!.offset < last.items[$1]!.offset }
        for name in names {
            var item = last.items[name]!
            guard let blob = PackReader.read(old, at: item.offset, count: item.length, fingerprint: item.record.full),
                  let digest = PackReader.read(old, at: item.offset + item.length, count: item.digestLength, fingerprint: item.record.summary),
                  let placed = pack.append(blob + digest)
            else {
                previous?.items[name] = nil
                continue
            }
            item.pack = pack.name
            item.offset = placed.offset
            previous?.items[name] = item
        }
    }

    /// Saves the manifest of a whole build; a cache that cannot be written is dropped (the next
    /// build is then a whole build), never left half-written.
    static func save(_ manifest: BuildManifest, to directory: String) {
        do {
            try write(manifest.encoded(), to: directory + "/manifest.new")
            try replace(directory + "/manifest", with: directory + "/manifest.new")
            removePacks(directory, except: manifest.pack)
        } catch {
            unlink(directory + "/manifest.new")
            unlink(directory + "/manifest")
        }
    }

    /// Reads reports and their digests from the pack files, from any thread, each file opened
    /// once for the whole build (a build reads from them once or twice per report).
    final class PackReader: Sendable {
        let directory: String
        /// Pack name → open descriptor (or -1: it could not be opened).
        private let files = Mutex<[String: Int32]>([:])

        init(directory: String) {
            self.directory = directory
        }

        deinit {
            files.withLock { files in for fd in files.values where fd >= 0 { close(fd) } }
        }

        /// One report's binary form; nil when it is missing or damaged.
        func blob(_ item: BuildManifest.Item) -> [UInt8]? {
            read(item.pack, at: item.offset, count: item.length, fingerprint: item.record.full)
        }

        /// One report's digest; nil when it is missing or damaged.
        func digest(_ item: BuildManifest.Item) -> ReportDigest? {
            read(item.pack, at: item.offset + item.length, count: item.digestLength, fingerprint: item.record.summary)
                .flatMap { try? ReportDigest(binary: $0) }
        }

        /// `count` bytes of a pack, if they are all there and have this fingerprint.
        private func read(_ pack: String, at offset: Int, count: Int, fingerprint: Fingerprint) -> [UInt8]? {
            let fd = files.withLock { files in
                if let fd = files[pack] { return fd }
                let fd = open(directory + "/" + pack, O_RDONLY | O_CLOEXEC)
                files[pack] = fd
                return fd
            }
            return Self.read(fd, at: offset, count: count, fingerprint: fingerprint)
        }

        /// `count` bytes of an open pack, if they are all there and have this fingerprint (also
        /// how compaction checks what it copies).
        static func read(_ fd: Int32, at offset: Int, count: Int, fingerprint: Fingerprint) -> [UInt8]? {
            guard fd >= 0 else { return nil }
            var bytes = [UInt8](repeating: 0, count: count)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            guard n == count, Fingerprint.of(bytes) == fingerprint else { return nil }
            return bytes
        }
    }

    /// Appends reports' binary forms to a pack file, from any thread.
    final class PackWriter: Sendable {
        let name: String
        private let state: Mutex<(fd: Int32, size: Int, failed: Bool)>

        init?(directory: String, name: String, append: Bool) {
            let fd = open(directory + "/" + name, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
            guard fd >= 0 else { return nil }
            let size = append ? Int(lseek(fd, 0, SEEK_END)) : 0
            self.name = name
            state = Mutex((fd, max(0, size), false))
        }

        /// Where the bytes went; nil if they could not be written (the report is then not cached).
        func append(_ bytes: [UInt8]) -> (offset: Int, length: Int)? {
            state.withLock { s in
                guard !s.failed else { return nil }
                let n = bytes.withUnsafeBytes { Glibc.write(s.fd, $0.baseAddress, bytes.count) }
                guard n == bytes.count else {
                    s.failed = true
                    return nil
                }
                defer { s.size += n }
                return (s.size, n)
            }
        }

        func close() {
            state.withLock { s in
                if s.fd >= 0 { _ = Glibc.close(s.fd) }
                s.fd = -1
            }
        }
    }

    // MARK: Applying a rebuild

    /// The changes of a rebuild, written before they are applied: files staged to move into the
    /// output folder, files to remove, and the new manifest. A build killed while applying them
    /// leaves this journal, and the next build finishes the work before anything else.
    struct Journal {
        var moves: [String]
        var removals: [String]
        /// The inode of each staged file, and of the new manifest (`apply` fills them in). A file
        /// is put in place by exchanging it with the old one: a build killed just after an
        /// exchange leaves the old file where the new one was staged, and the inode tells them
        /// apart, so that finishing the journal never puts the old file back.
        var inodes: [UInt64] = []
        var manifestInode: UInt64 = 0

        func encoded() -> [UInt8] {
            var w = ByteWriter()
            w.array(moves) { $0.string($1) }
            w.array(removals) { $0.string($1) }
            w.array(inodes) { $0.unsigned($1) }
            w.unsigned(manifestInode)
            return w.bytes
        }

        static func decode(_ bytes: [UInt8]) throws -> Journal {
            try bytes.withUnsafeBytes { raw in
                var r = ByteReader(raw)
                var journal = Journal(moves: try r.array { try $0.string() }, removals: try r.array { try $0.string() })
                journal.inodes = try r.array { try $0.unsigned() }
                journal.manifestInode = try r.unsigned()
                guard journal.inodes.count == journal.moves.count else { throw ByteReader.Malformed() }
                return journal
            }
        }
    }

    /// A file's inode, or nil if there is no file.
    static func inode(_ path: String) -> UInt64? {
        var s = stat()
        return lstat(path, &s) == 0 ? UInt64(s.st_ino) : nil
    }

    /// Commits a rebuild: records the journal (one rename), then moves the staged files into
    /// place, removes what the site no longer has, and installs the new manifest.
    static func apply(_ journal: Journal, staging: String, output: String, cache: String) throws {
        var journal = journal
        journal.inodes = journal.moves.map { inode(staging + "/" + $0) ?? 0 }
        journal.manifestInode = inode(cache + "/manifest.new") ?? 0
        let path = cache + "/journal"
        try write(journal.encoded(), to: path + ".new")
        guard rename(path + ".new", path) == 0 else { throw OutputWriter.WriteError.cannotWrite(path, OutputWriter.lastPOSIXError()) }
        try finish(journal, staging: staging, output: output, cache: cache)
    }

    /// Finishes a journal left by a build that was killed while applying it.
    static func recover(output: String, staging: String, cache: String) throws {
        let path = cache + "/journal"
        guard let bytes = FileBytes.read(path) else { return }
        guard let journal = try? Journal.decode(bytes) else {
            // A damaged journal: the output may be part old, part new; build it whole again.
            try? FileManager.default.removeItem(atPath: cache)
            return
        }
        try finish(journal, staging: staging, output: output, cache: cache)
    }

    private static func finish(_ journal: Journal, staging: String, output: String, cache: String) throws {
        let fm = FileManager.default
        // For the tests of a build killed while applying: GONGKAI_TEST_STOP_AFTER_MOVES=n ends the
        // process after n files have been moved, GONGKAI_TEST_STOP_IN_MOVE=n in the middle of
        // move n (after the exchange, before the old file is put aside).
        let stopAfter = ProcessInfo.processInfo.environment["GONGKAI_TEST_STOP_AFTER_MOVES"].flatMap(Int.init)
        let stopIn = ProcessInfo.processInfo.environment["GONGKAI_TEST_STOP_IN_MOVE"].flatMap(Int.init)
        for (moved, relative) in journal.moves.enumerated() {
            if moved == stopAfter { _exit(9) }
            let from = staging + "/" + relative, to = output + "/" + relative
            guard let found = inode(from) else { continue }  // moved before the kill
            // The old file, exchanged just before the kill: the new one is in place.
            if found != journal.inodes[moved] {
                unlink(from)
                continue
            }
            let directory = (to as NSString).deletingLastPathComponent
            try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try replace(to, with: from, trash: cache) { if moved == stopIn { _exit(9) } }
        }
        for relative in journal.removals {
            let path = output + "/" + relative
            unlink(path)
            // Folders left empty go too, up to the output folder.
            var directory = (path as NSString).deletingLastPathComponent
            while directory.count > output.count, rmdir(directory) == 0 {
                directory = (directory as NSString).deletingLastPathComponent
            }
        }
        if let found = inode(cache + "/manifest.new") {
            if found == journal.manifestInode {
                try replace(cache + "/manifest", with: cache + "/manifest.new")
            } else {
                unlink(cache + "/manifest.new")
            }
        }
        unlink(cache + "/journal")
        try? fm.removeItem(atPath: staging)
    }

    /// Puts the file at `source` in the place of `target`. An existing file is exchanged with the
    /// new one and then removed: ext4 flushes a file renamed over another to disk first (its
    /// `auto_da_alloc` guard), which would make a rebuild wait for the disk. Given a cache folder,
    /// a large old file is moved there as trash instead (`emptyTrash`): unlinking the last build's
    /// 185 MB data/reports.json took ext4 0.11 s of a 0.6 s rebuild (10,000 reports).
    static func replace(_ target: String, with source: String, trash cache: String? = nil, afterExchange: () -> Void = {}) throws {
        if gongkai_rename_exchange(source, target) == 0 {
            afterExchange()
            var s = stat()
            if let cache, stat(source, &s) == 0, s.st_size >= trashSize,
               rename(source, cache + "/trash-\(s.st_ino)") == 0 {
                return
            }
            unlink(source)
            return
        }
        guard rename(source, target) == 0 else { throw OutputWriter.WriteError.cannotWrite(target, OutputWriter.lastPOSIXError()) }
    }

    /// Old files at least this large go to the trash rather than being unlinked at once.
    static let trashSize = 8 << 20

    /// Removes the trash that earlier builds left in the cache folder. A build runs this on a
    /// thread of its own while it does its own work.
    static func emptyTrash(_ cache: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? [] where name.hasPrefix("trash-") {
            unlink(cache + "/" + name)
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputWriter.WriteError.cannotWrite(path, OutputWriter.lastPOSIXError()) }
        let file = OutputWriter.File(fd: fd, path: path)
        try bytes.withUnsafeBytes { try file.append($0) }
        try file.close()
    }
}
