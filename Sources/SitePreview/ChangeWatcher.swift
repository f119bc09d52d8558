import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders (and everything under them) and single files with inotify, and calls back once
/// the changes have stopped for a moment: an editor's save is often several events (write a
/// temporary file, rename it over the old one), and a `git checkout` is hundreds.
///
/// A single file is watched through its folder (an editor that saves by renaming replaces the
/// file, and a watch on the old file would see nothing more). Folders made later under a watched
/// folder are watched as they appear.
public final class ChangeWatcher: @unchecked Sendable {
    private let fd: Int32
    /// The watched folders by watch descriptor, and for a folder watched for one file, its name.
    private var folders: [Int32: (path: String, only: String?)] = [:]
    private let quiet: Int32
    private let onChange: @Sendable ([String]) -> Void

    public struct WatchError: LocalizedError {
        public let errorDescription: String?
    }

    /// - Parameters:
    ///   - folders: watched with all they hold.
    ///   - files: watched alone, through their folders.
    ///   - quietMilliseconds: how long no change must come before `onChange` is called.
    ///   - onChange: called on the watcher's thread with the paths changed (sorted, each once);
    ///     changes made while it runs are reported by the next call.
    public init(folders: [String], files: [String], quietMilliseconds: Int32 = 250, onChange: @escaping @Sendable ([String]) -> Void) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw WatchError(errorDescription: "无法监视文件变化（inotify_init1：\(String(cString: strerror(errno)))）") }
        quiet = quietMilliseconds
        self.onChange = onChange
        for folder in folders { try watchTree(folder) }
        for file in files {
            let url = URL(fileURLWithPath: file).standardizedFileURL
            try watch(url.deletingLastPathComponent().path, only: url.lastPathComponent)
        }
    }

    deinit { close(fd) }

    private static let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

    private func watch(_ path: String, only: String?) throws {
        let wd = inotify_add_watch(fd, path, Self.mask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else { throw WatchError(errorDescription: "无法监视 \(path)（\(String(cString: strerror(errno)))）") }
        folders[wd] = (path, only)
    }

    /// A folder and the folders under it (hidden ones too: a theme's files are all its own).
    private func watchTree(_ path: String) throws {
        try watch(path, only: nil)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names.sorted() {
            let child = path + "/" + name
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory), isDirectory.boolValue {
                try? watchTree(child)
            }
        }
    }

    /// Starts watching on a thread of its own.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "gongkai-watch"
        thread.start()
    }

    private func run() {
        var changed = Set<String>()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            var pollfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollfd, 1, changed.isEmpty ? -1 : quiet)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if ready == 0 {
                // Quiet for long enough: report what changed.
                let paths = changed.sorted()
                changed.removeAll()
                onChange(paths)
                continue
            }
            let count = read(fd, buffer, 64 * 1024)
            guard count > 0 else { if count < 0 && errno == EINTR { continue } else { return } }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                let name = event.len > 0 ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
                guard let folder = folders[event.wd] else { continue }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    folders[event.wd] = nil
                    continue
                }
                if let only = folder.only, name != only { continue }
                let path = name.isEmpty ? folder.path : folder.path + "/" + name
                // A folder made (or moved in) under a watched tree is watched too.
                if folder.only == nil, event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    try? watchTree(path)
                }
                changed.insert(path)
            }
        }
    }
}
