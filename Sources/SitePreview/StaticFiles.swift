import Foundation

/// Maps a request's path to a file of the built site, as a static file server must: only files
/// inside the site folder, `index.html` for a folder, and nothing else.
///
/// The path is checked as it came (still percent-encoded), then decoded once: a dot segment
/// (`..`, or `%2e%2e` decoded), an encoded slash or backslash (`%2f`, `%5c`), a NUL byte or a
/// malformed escape is refused rather than interpreted. The file found is then resolved with
/// `realpath` and must lie inside the site folder's own real path, so that a symbolic link in the
/// site cannot lead out of it.
public struct StaticFiles: Sendable {
    /// The site folder, resolved (`realpath`).
    public let root: String

    public init?(root: String) {
        guard let real = Self.realPath(root) else { return nil }
        self.root = real
    }

    public enum Resolution: Equatable, Sendable {
        /// The file to send, by its real path.
        case file(String)
        /// A folder asked for without its trailing slash: where to send the client instead, so
        /// that the page's relative links resolve from inside the folder.
        case redirect(String)
        case notFound
    }

    /// What to send for a request path (`/agencies/x/2023/`, percent-encoded as received).
    public func resolve(_ rawPath: String) -> Resolution {
        guard let segments = Self.segments(of: rawPath),
              let real = Self.realPath(segments.isEmpty ? root : root + "/" + segments.joined(separator: "/")),
              real == root || real.hasPrefix(root + "/") else { return .notFound }
        switch Self.kind(real) {
        case S_IFDIR:
            if !rawPath.hasSuffix("/") { return .redirect(rawPath + "/") }
            return inside(real + "/index.html").map(Resolution.file) ?? .notFound
        case S_IFREG:
            // A file asked for with a trailing slash is not that file.
            return rawPath.hasSuffix("/") ? .notFound : .file(real)
        default:
            return .notFound
        }
    }

    /// The site's own 404 page, if it has one.
    public var notFoundPage: String? { inside(root + "/404.html") }

    /// The real path of `path` if it is a regular file inside the site folder.
    private func inside(_ path: String) -> String? {
        guard let real = Self.realPath(path), real.hasPrefix(root + "/"), Self.kind(real) == S_IFREG else { return nil }
        return real
    }

    /// The file type bits of a path's `stat` (0 if it cannot be read).
    private static func kind(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// The decoded segments of a path, or `nil` if it must not be served: not starting with `/`,
    /// a malformed or forbidden escape, or a segment that is `.`, `..` or holds a NUL byte, a
    /// slash or a backslash once decoded. Empty segments (`//`) are dropped.
    static func segments(of rawPath: String) -> [String]? {
        guard rawPath.hasPrefix("/") else { return nil }
        var result: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = decode(raw), !segment.isEmpty, segment != ".", segment != "..",
                  !segment.contains("/"), !segment.contains("\\"), !segment.contains("\0") else { return nil }
            result.append(segment)
        }
        return result
    }

    /// A path segment with its `%XX` escapes decoded (as UTF-8); `nil` if an escape is malformed
    /// or the bytes are not UTF-8.
    static func decode(_ raw: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The `Content-Type` of a file, by its extension: text types with `charset=utf-8` (every
    /// text file of the site is UTF-8).
    public static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        return mediaTypes[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    static let mediaTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "xml": "application/xml; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "svg": "image/svg+xml; charset=utf-8",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "wasm": "application/wasm",
        "pdf": "application/pdf",
        "zip": "application/zip",
        "gz": "application/gzip",
    ]
}
