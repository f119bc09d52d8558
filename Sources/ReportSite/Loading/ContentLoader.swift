import AnnualReports
import Foundation
import Glibc

/// Finds report files under the paths a user names and reads them into reports.
///
/// Report files are `.txt` and `.md` files; folders are searched recursively, in a stable order
/// (sorted by path), so that output never depends on the order the file system lists files in.
public struct ContentLoader: Sendable {
    public static let reportExtensions: Set<String> = ["txt", "md", "markdown"]

    public init() {}

    /// An environmental failure: the content cannot be listed or read at all.
    public struct LoadError: LocalizedError, Sendable {
        public var path: String
        public var reason: String
        public var errorDescription: String? { "\(path): \(reason)" }
    }

    /// Files left out of a folder search, each with a warning: symbolic links that lead outside the
    /// folder (a report folder must not publish files from elsewhere on the machine), things that
    /// are not regular files (a FIFO would block the build), and files that are not report text.
    public struct Skipped: Sendable, Equatable {
        public enum Reason: Sendable, Equatable {
            case linkOutside(target: String)
            case notAFile(kind: String)
            case notReportText(extension: String)
        }
        public var path: String
        public var reason: Reason

        public var message: String {
            switch reason {
            case .linkOutside(let target): "符号链接指向内容文件夹之外（\(target)），未读取；请把报告复制到内容文件夹中"
            case .notAFile(let kind): "这是\(kind)，不是普通文件，未读取"
            case .notReportText(let ext):
                ContentLoader.convertibleExtensions.contains(ext)
                    ? "只读取 .txt 和 .md 文本；.\(ext) 文件未读取，请先把它转换为纯文本（UTF-8）"
                    : "不是报告文本（只读取 .txt 和 .md），未读取"
            }
        }

        /// The warning, naming the file as `name` (its path from the site folder).
        public func diagnostic(named name: String) -> Diagnostic {
            Diagnostic(.warning, message, at: SourceLocation(file: name, line: 1))
        }
    }

    /// Formats people save reports in before converting them to text.
    static let convertibleExtensions: Set<String> = ["pdf", "doc", "docx", "wps", "rtf", "html", "htm", "xls", "xlsx", "odt", "ofd"]

    /// The report files named by `paths` (files as given, folders searched), sorted and de-duplicated.
    public func reportFiles(in paths: [String]) throws -> [String] {
        try find(in: paths).files
    }

    /// The report files, and what was left out and why.
    public func find(in paths: [String]) throws -> (files: [String], skipped: [Skipped]) {
        var skipped: [Skipped] = []
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LoadError(path: path, reason: "文件或文件夹不存在")
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            guard let entries = Self.walk(path) else {
                throw LoadError(path: path, reason: "无法列出文件夹内容，请检查权限")
            }
            let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            var found: [String] = []
            var left: [Skipped] = []
            for (relative, kind) in entries {
                var type = kind
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                if type == .typeSymbolicLink {
                    let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                    guard target.hasPrefix(root + "/") else {
                        left.append(Skipped(path: full, reason: .linkOutside(target: target)))
                        continue
                    }
                    type = (try? fm.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
                    if type == .typeDirectory { continue }
                }
                let ext = Self.fileExtension(relative).lowercased()
                guard ContentLoader.reportExtensions.contains(ext) else {
                    left.append(Skipped(path: full, reason: .notReportText(extension: ext)))
                    continue
                }
                guard type == .typeRegular else {
                    let kind = switch type {
                    case .typeSocket?: "套接字"
                    case .typeCharacterSpecial?, .typeBlockSpecial?: "设备文件"
                    case .typeSymbolicLink?, nil: "指向不存在的文件的符号链接"
                    default: "命名管道等特殊文件"
                    }
                    left.append(Skipped(path: full, reason: .notAFile(kind: kind)))
                    continue
                }
                found.append(full)
            }
            files += found.sorted()
            skipped += left.sorted { $0.path < $1.path }
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0).inserted }, skipped)
    }

    /// The extension of a path's last component, as `NSString.pathExtension` gives it: what
    /// follows its last dot, or "" when it has none, begins with its only dot, or ends with a dot.
    /// (Here by the path's bytes: the Foundation property costs some 16,000 instructions a file.)
    static func fileExtension(_ path: String) -> String {
        var path = path
        return path.withUTF8 { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            var start = end
            while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            guard let dot = bytes[start..<end].lastIndex(of: UInt8(ascii: ".")), dot > start, dot + 1 < end else { return "" }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(dot + 1)..<end]), as: UTF8.self)
        }
    }

    /// Every file under a folder that is not a folder itself, as (path relative to it, type),
    /// skipping names that begin with a dot (and what is inside such folders); symbolic links
    /// are listed, not followed. Nil when the folder cannot be listed.
    static func walk(_ root: String) -> [(String, FileAttributeType?)]? {
        var result: [(String, FileAttributeType?)] = []
        func visit(_ relative: String) -> Bool {
            let directory = relative.isEmpty ? root : root + "/" + relative
            guard let handle = opendir(directory) else { return false }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                var raw = entry.pointee.d_name
                let name = withUnsafePointer(to: &raw) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
                if name.hasPrefix(".") { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var type: FileAttributeType?
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): type = .typeDirectory
                case Int32(DT_REG): type = .typeRegular
                case Int32(DT_LNK): type = .typeSymbolicLink
                case Int32(DT_FIFO): type = .typeUnknown
                case Int32(DT_SOCK): type = .typeSocket
                case Int32(DT_CHR): type = .typeCharacterSpecial
                case Int32(DT_BLK): type = .typeBlockSpecial
                default:
                    var s = stat()
                    if lstat(root + "/" + path, &s) == 0 {
                        switch s.st_mode & S_IFMT {
                        case S_IFDIR: type = .typeDirectory
                        case S_IFREG: type = .typeRegular
                        case S_IFLNK: type = .typeSymbolicLink
                        default: type = .typeUnknown
                        }
                    }
                }
                if type == .typeDirectory {
                    // A folder that cannot be listed is left out, as the whole search would be.
                    _ = visit(path)
                } else {
                    result.append((path, type))
                }
            }
            return true
        }
        return visit("") ? result : nil
    }

    /// The bytes of one report file.
    public func bytes(_ path: String) throws -> [UInt8] {
        guard let bytes = FileBytes.read(path) else {
            throw LoadError(path: path, reason: "无法读取文件，请检查文件权限")
        }
        return bytes
    }

    /// Reads one report file.
    public func load(_ path: String) throws -> Report {
        ReportReader().read(bytes: try bytes(path), path: path)
    }

    /// Reads one report file; a file that cannot be read becomes a report with one error, so
    /// that the other reports are still read.
    public func loadOrDiagnose(_ path: String, name: String, reader: ReportReader = ReportReader()) -> (report: Report, sourceText: String) {
        let loaded = read(path, name: name, reader: reader)
        return (loaded.report, loaded.sourceText)
    }

    /// The UTF-8 of a report file's text, decoded as the reader decodes it (nothing if it cannot
    /// be read), for its `source.txt`. `verbatim` is the fingerprint of the file's bytes when they
    /// were their own text (UTF-8 without a byte-order mark or CR): bytes with that fingerprint
    /// are returned as they are, without being decoded and checked again.
    public func sourceText(_ path: String, name: String, verbatim: Fingerprint?) -> [UInt8] {
        guard let bytes = try? bytes(path) else { return [] }
        if let verbatim, Fingerprint.of(bytes) == verbatim { return bytes }
        return Array(SourceDecoder.decode(bytes, file: name).text.utf8)
    }

    /// `loadOrDiagnose`, with the file's bytes (empty when it could not be read).
    public func read(_ path: String, name: String, reader: ReportReader = ReportReader()) -> (report: Report, sourceText: String, bytes: [UInt8]) {
        do {
            let bytes = try self.bytes(path)
            let decoded = SourceDecoder.decode(bytes, file: name)
            return (reader.read(bytes: bytes, decoded: decoded, path: name), decoded.text, bytes)
        } catch {
            return (ReportReader.unreadable(path: name, reason: "无法读取文件（\(error.localizedDescription)）；请检查文件权限"), "", [])
        }
    }
}
