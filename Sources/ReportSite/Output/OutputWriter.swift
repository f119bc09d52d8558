import CRenameExchange
import Foundation
import Glibc
import Synchronization

private let systemWrite = Glibc.write

/// Writes the site into a staging folder beside the output folder, and swaps it in whole only
/// when the build succeeded: the previous site stays complete until then.
/// Files may be written from several threads at once.
public final class OutputWriter: @unchecked Sendable {
    public let output: String
    public let staging: String
    /// The folders already made in the staging folder (so that each is made once), and the number
    /// of files written.
    private let state = Mutex<(madeDirectories: Set<String>, filesWritten: Int)>(([], 0))

    public var filesWritten: Int { state.withLock { $0.filesWritten } }

    public struct WriteError: LocalizedError, Sendable {
        public var path: String
        public var reason: String
        public var errorDescription: String? { "\(path): \(reason)" }

        static func cannotWrite(_ path: String, _ error: Error) -> WriteError {
            WriteError(path: path, reason: "无法写入：\(OutputWriter.explain(error))。之前的网站保持不变")
        }
    }

    /// `errno` as an error `explain` understands.
    static func lastPOSIXError() -> Error {
        NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
    }

    public init(output: String) throws {
        self.output = URL(fileURLWithPath: output).standardizedFileURL.path
        self.staging = Self.staging(for: output)
        let fm = FileManager.default
        // Removals an earlier build left, then the staging folder of a build that was stopped
        // (in this order, so that the second is not found among the first).
        Self.resumeRemovals(besides: staging)
        if fm.fileExists(atPath: staging) { Self.discard(staging) }
        do {
            try Self.makeDirectories(staging)
        } catch {
            throw WriteError(path: staging, reason: "无法创建输出暂存文件夹：\(Self.explain(error))。之前的网站保持不变")
        }
    }

    /// `.public.staging` beside `public/`.
    static func staging(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).staging").path
    }

    /// Whether the file at `path` holds exactly `bytes`: its size first, then its bytes compared in
    /// blocks (a rebuild writes only the files whose bytes change, and compares every site-wide
    /// file; `Data.elementsEqual` took a fifth of that step, a byte at a time through an iterator).
    private static func file(_ path: String, holds bytes: [UInt8]) -> Bool {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) == bytes.count else { return false }
        let blockSize = 1 << 16
        var block = [UInt8](repeating: 0, count: min(blockSize, max(bytes.count, 1)))
        return bytes.withUnsafeBytes { expected in
            block.withUnsafeMutableBytes { block in
                var at = 0
                while at < expected.count {
                    let n = pread(fd, block.baseAddress, min(block.count, expected.count - at), off_t(at))
                    guard n > 0, memcmp(block.baseAddress!, expected.baseAddress! + at, n) == 0 else { return false }
                    at += n
                }
                // Nothing after the expected bytes (the file did not grow since fstat).
                return pread(fd, block.baseAddress, 1, off_t(at)) == 0
            }
        }
    }

    /// Writes one file of a rebuild, only if the output folder does not hold these bytes at that
    /// path already; returns whether it wrote it.
    func writeIfChanged(_ bytes: [UInt8], to relativePath: String) throws -> Bool {
        if Self.file(output + "/" + relativePath, holds: bytes) { return false }
        try write(bytes, to: relativePath)
        return true
    }

    /// Writes one file at a path relative to the site root.
    public func write(_ contents: String, to relativePath: String) throws {
        var contents = contents
        try contents.withUTF8 { try write(UnsafeRawBufferPointer($0), to: relativePath) }
    }

    public func write(_ bytes: [UInt8], to relativePath: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: relativePath) }
    }

    /// Writes bytes with plain POSIX calls: no temporary file and no fsync per file (the whole
    /// site is swapped in at the end; a build killed before that leaves the previous site).
    private func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {
        let file = try open(relativePath)
        try file.append(bytes)
        try file.close()
    }

    /// A file of the staged site written in pieces, for data too large to hold whole.
    /// Closed when closed explicitly (which reports errors) or, after an error, when released.
    /// Used by one thread at a time (it may be handed to another).
    public final class File: @unchecked Sendable {
        let fd: Int32
        let path: String
        private var closed = false

        deinit {
            if !closed { _ = Glibc.close(fd) }
        }

        init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
        }

        public func append(_ text: String) throws {
            var text = text
            try text.withUTF8 { try append(UnsafeRawBufferPointer($0)) }
        }

        /// Copies `length` bytes at `offset` of another file (in the kernel where it can).
        func copy(from source: Int32, offset: Int, length: Int) throws {
            var from = Int64(offset)
            var left = length
            while left > 0 {
                let n = gongkai_copy_file_range(source, &from, fd, left)
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    // No kernel copy here (or the source is short): read and write.
                    var buffer = [UInt8](repeating: 0, count: left)
                    let got = buffer.withUnsafeMutableBytes { pread(source, $0.baseAddress, left, off_t(from)) }
                    guard got == left else { throw WriteError(path: path, reason: "无法读取上次构建的数据") }
                    try buffer.withUnsafeBytes { try append($0) }
                    return
                }
                left -= n
            }
        }

        func append(_ bytes: UnsafeRawBufferPointer) throws {
            var offset = 0
            while offset < bytes.count {
                let n = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError.cannotWrite(path, OutputWriter.lastPOSIXError())
                }
                offset += n
            }
        }

        public func close() throws {
            guard !closed else { return }
            closed = true
            guard Glibc.close(fd) == 0 else {
                throw WriteError.cannotWrite(path, OutputWriter.lastPOSIXError())
            }
        }
    }

    /// Whether a relative path names a place inside the site: it does not start with `/`, and no
    /// segment of it is `..`.
    static func staysInside(_ relativePath: String) -> Bool {
        let utf8 = relativePath.utf8
        guard utf8.first != UInt8(ascii: "/") else { return false }
        return !utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).contains { $0.elementsEqual("..".utf8) }
    }

    /// Opens a file of the staged site for writing; the caller appends to it and closes it.
    public func open(_ relativePath: String) throws -> File {
        precondition(Self.staysInside(relativePath), "output paths stay inside the site")
        // Two threads may both make a folder: making one that exists is no error.
        let file = try Self.create(staging + "/" + relativePath,
                                   folderMade: { folder in state.withLock { $0.madeDirectories.contains(folder) } },
                                   madeFolder: { folder in state.withLock { _ = $0.madeDirectories.insert(folder) } })
        state.withLock { $0.filesWritten += 1 }
        return file
    }

    /// Creates (or empties) the file at `path` for writing, and its folders unless `folderMade`
    /// says they are there; the caller appends to it and closes it.
    static func create(_ path: String, folderMade: (String) -> Bool = { _ in false }, madeFolder: (String) -> Void = { _ in }) throws -> File {
        // The folder: everything before the last slash (bytes, not Characters: tens of thousands
        // of files are opened).
        let directory = String(path[..<path.utf8.lastIndex(of: UInt8(ascii: "/"))!])
        do {
            if !folderMade(directory) {
                try makeDirectories(directory)
                madeFolder(directory)
            }
        } catch {
            throw WriteError.cannotWrite(path, error)
        }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw WriteError.cannotWrite(path, lastPOSIXError())
        }
        return File(fd: fd, path: path)
    }

    /// Replaces the output folder with the staged site. Where the system allows, the two folders
    /// are exchanged in one atomic step, so that a build killed at any moment leaves a complete site.
    public func commit() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: output), gongkai_rename_exchange(staging, output) == 0 {
            Self.discard(staging)
            return
        }
        let old = staging + ".old"
        if fm.fileExists(atPath: old) { Self.removeTree(old) }
        do {
            if fm.fileExists(atPath: output) { try fm.moveItem(atPath: output, toPath: old) }
            try fm.moveItem(atPath: staging, toPath: output)
        } catch {
            if !fm.fileExists(atPath: output), fm.fileExists(atPath: old) { try? fm.moveItem(atPath: old, toPath: output) }
            throw WriteError(path: output, reason: "无法替换输出文件夹：\(Self.explain(error))")
        }
        Self.removeTree(old)
    }

    /// Says in plain words why the file system refused a write, and what to do about it.
    static func explain(_ error: Error) -> String {
        let ns = error as NSError
        var posix: Int32?
        if ns.domain == NSPOSIXErrorDomain { posix = Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain { posix = Int32(underlying.code) }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteOutOfSpace: posix = posix ?? ENOSPC
            case .fileWriteVolumeReadOnly: posix = posix ?? EROFS
            case .fileWriteNoPermission: posix = posix ?? EACCES
            default: break
            }
        }
        switch posix {
        case ENOSPC?, EDQUOT?: return "磁盘已满（或超出配额），请腾出空间后重新构建"
        case EROFS?: return "输出位置在只读的文件系统上，请换一个可写的输出文件夹"
        case EACCES?, EPERM?: return "没有写入权限，请检查输出文件夹及其上级文件夹的权限"
        case ENOTDIR?, EEXIST?: return "路径上有一个同名的文件挡住了文件夹，请移走它或换一个输出文件夹"
        default: return "\(ns.localizedDescription)，请检查磁盘空间和权限"
        }
    }

    /// Drops the staged files after a failed build.
    public func abandon() {
        Self.removeTree(staging)
    }

    /// Makes a folder and the folders above it that are missing, with plain `mkdir` calls
    /// (FileManager's took a tenth of a whole build for a site of 10,000 folders).
    static func makeDirectories(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        if errno == EEXIST { return try mustBeDirectory(path) }
        guard errno == ENOENT else { throw lastPOSIXError() }
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path else { throw lastPOSIXError() }
        try makeDirectories(parent)
        if mkdir(path, 0o755) == 0 { return }
        guard errno == EEXIST else { throw lastPOSIXError() }
        try mustBeDirectory(path)
    }

    /// Something already at a folder's path must be a folder (or a link to one).
    private static func mustBeDirectory(_ path: String) throws {
        var s = stat()
        guard stat(path, &s) == 0, s.st_mode & S_IFMT == S_IFDIR else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(ENOTDIR)) }
    }

    /// Removes the previous site, now at `path`. A small one goes at once. A large one is renamed
    /// aside (`<path>.trash-<pid>-<n>`) and left to a detached `rm -rf`: unlinking the 51,000 files
    /// and folders of a 10,000-report site took ext4 here 2–5 s, as long as the build itself, and
    /// the new site is complete without waiting for it. The `rm` holds a lock on the folder while
    /// it runs; a removal that did not finish (the `rm` was killed, the machine stopped) is started
    /// again by the next build, one that is still running is left to its `rm`.
    static func discard(_ path: String) {
        reapRemovals()
        guard isLarge(path) else { return removeTree(path) }
        let aside = path + ".trash-\(getpid())-\(removalCount.add(1, ordering: .relaxed).newValue)"
        guard rename(path, aside) == 0 else { return removeTree(path) }
        if !spawnRemoval(aside) { removeTree(aside) }
    }

    /// Removals left by earlier builds beside `staging` (named as `discard` names them, and not
    /// locked by a running `rm`): started again, detached.
    static func resumeRemovals(besides staging: String) {
        let url = URL(fileURLWithPath: staging)
        let folder = url.deletingLastPathComponent().path, prefix = url.lastPathComponent + ".trash-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where isTrashName(name, prefix: prefix) {
            let path = folder + "/" + name
            if !spawnRemoval(path) { removeTree(path) }
        }
    }

    /// `prefix` then `<digits>-<digits>`, and nothing else.
    static func isTrashName(_ name: String, prefix: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let parts = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }

    /// A site with more agency folders than this is removed by a detached process.
    static let detachedRemovalAgencies = 100

    /// Whether the site's `agencies` folder has more than `detachedRemovalAgencies` entries
    /// (its agency folders and its index page). Entries are counted whatever their type, so that a
    /// file system that leaves `d_type` unknown counts them too.
    private static func isLarge(_ site: String) -> Bool {
        guard let dir = opendir(site + "/agencies") else { return false }
        defer { closedir(dir) }
        var entries = 0
        while readdir(dir) != nil {
            entries += 1
            // (`.`, `..` and the index page are entries too.)
            if entries > detachedRemovalAgencies + 3 { return true }
        }
        return false
    }

    private static let removalCount = Atomic<Int>(0)
    /// How many detached removals this process started (for the tests).
    static let removalsStarted = Atomic<Int>(0)
    /// The `rm` processes started, waited for (without blocking) so that none stays a zombie in a
    /// process that builds many times.
    private static let removals = Mutex<[pid_t]>([])

    /// Starts `rm -rf -- path` in a process group of its own (an interrupt at the terminal does not
    /// stop it), its output discarded. True if it was started, or if an `rm` started by a build
    /// already holds the folder's lock (the folder is being removed); false if it could not be
    /// started. The `rm` inherits the folder open with an exclusive `flock`, held until it exits.
    private static func spawnRemoval(_ path: String) -> Bool {
        let lock = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        guard lock >= 0 else { return false }
        // Closed here once `rm` has its copy (which keeps the lock).
        defer { Glibc.close(lock) }
        if flock(lock, LOCK_EX | LOCK_NB) != 0 { return errno == EWOULDBLOCK }
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        for rm in ["/usr/bin/rm", "/bin/rm"] {
            var pid: pid_t = 0
            let words: [String] = [rm, "-rf", "--", path]
            let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            defer { for a in arguments { free(a) } }
            if posix_spawn(&pid, rm, &actions, &attributes, arguments, environ) == 0 {
                removals.withLock { $0.append(pid) }
                removalsStarted.add(1, ordering: .relaxed)
                return true
            }
        }
        return false
    }

    private static func reapRemovals() {
        removals.withLock { pids in
            pids.removeAll { pid in
                var status: Int32 = 0
                return waitpid(pid, &status, WNOHANG) != 0
            }
        }
    }

    /// Removes a file, or a folder and everything in it, with plain POSIX calls (FileManager's
    /// removeItem took seconds for the old site of 10,000 reports). Symbolic links are removed,
    /// never followed. What cannot be removed stays.
    static func removeTree(_ path: String) {
        func clear(_ fd: Int32) {
            guard let dir = fdopendir(fd) else {
                Glibc.close(fd)
                return
            }
            defer { closedir(dir) }
            // The names first, then the removals: a folder is not changed while it is read.
            var names: [(name: String, isDirectory: Bool)] = []
            while let entry = readdir(dir) {
                var raw = entry.pointee.d_name
                let name = withUnsafePointer(to: &raw) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
                if name == "." || name == ".." { continue }
                var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
                if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                    var s = stat()
                    isDirectory = fstatat(fd, name, &s, AT_SYMLINK_NOFOLLOW) == 0 && s.st_mode & S_IFMT == S_IFDIR
                }
                names.append((name, isDirectory))
            }
            for (name, isDirectory) in names {
                if isDirectory {
                    let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if child >= 0 { clear(child) }
                    unlinkat(fd, name, AT_REMOVEDIR)
                } else {
                    unlinkat(fd, name, 0)
                }
            }
        }
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 {
            clear(fd)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
