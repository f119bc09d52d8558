import AnnualReports
import Foundation

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

    /// Files left out of a folder search: symbolic links that lead outside the folder (a report
    /// folder must not publish files from elsewhere on the machine).
    public struct Skipped: Sendable, Equatable {
        public var path: String
        public var target: String
    }

    /// The report files named by `paths` (files as given, folders searched), sorted and de-duplicated.
    public func reportFiles(in paths: [String]) throws -> [String] {
        try find(in: paths).files
    }

    /// The report files, and the links left out because they lead outside their folder.
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
            guard let enumerator = fm.enumerator(atPath: path) else {
                throw LoadError(path: path, reason: "无法列出文件夹内容，请检查权限")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { enumerator.skipDescendants() }
                    continue
                }
                let ext = (name as NSString).pathExtension.lowercased()
                guard ContentLoader.reportExtensions.contains(ext) else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                guard target.hasPrefix(root + "/") else {
                    skipped.append(Skipped(path: full, target: target))
                    continue
                }
                found.append(full)
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0).inserted }, skipped)
    }

    /// The bytes of one report file.
    public func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, reason: "无法读取文件，请检查文件权限")
        }
        return [UInt8](data)
    }

    /// Reads one report file.
    public func load(_ path: String) throws -> Report {
        ReportReader().read(bytes: try bytes(path), path: path)
    }
}
