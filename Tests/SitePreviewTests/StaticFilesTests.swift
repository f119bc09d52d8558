import Foundation
import Testing
@testable import SitePreview

/// How the preview server maps request paths to the site's files.
@Suite struct StaticFilesTests {
    static let scratch: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-static-\(getpid())").path
        atexit { try? FileManager.default.removeItem(atPath: StaticFilesTests.scratch) }
        return path
    }()

    /// A small site with a page, a folder page, a 404 page, and symbolic links: one to a file
    /// inside the site, two that lead out of it.
    /// The folder is removed when the process ends.
    static func site() throws -> (root: String, files: StaticFiles) {
        let base = Self.scratch + "/\(UUID().uuidString)"
        let root = base + "/public"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/agencies/luo-yang/2023", withIntermediateDirectories: true)
        try Data("<html><body>首页</body></html>".utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
        try Data("<html><body>2023</body></html>".utf8).write(to: URL(fileURLWithPath: root + "/agencies/luo-yang/2023/index.html"))
        try Data("<html><body>404</body></html>".utf8).write(to: URL(fileURLWithPath: root + "/404.html"))
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: root + "/agencies/luo-yang/2023/data.csv"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: base + "/secret.txt"))
        try fm.createSymbolicLink(atPath: root + "/outside.txt", withDestinationPath: base + "/secret.txt")
        try fm.createSymbolicLink(atPath: root + "/outside-folder", withDestinationPath: base)
        try fm.createSymbolicLink(atPath: root + "/same.html", withDestinationPath: root + "/index.html")
        let files = try #require(StaticFiles(root: root))
        return (files.root, files)
    }

    @Test func servesFilesAndFolderIndexes() throws {
        let (root, files) = try Self.site()
        #expect(files.resolve("/") == .file(root + "/index.html"))
        #expect(files.resolve("/index.html") == .file(root + "/index.html"))
        #expect(files.resolve("/agencies/luo-yang/2023/") == .file(root + "/agencies/luo-yang/2023/index.html"))
        #expect(files.resolve("/agencies/luo-yang/2023/data.csv") == .file(root + "/agencies/luo-yang/2023/data.csv"))
        // A folder without its slash is redirected, so that the page's relative links work.
        #expect(files.resolve("/agencies/luo-yang/2023") == .redirect("/agencies/luo-yang/2023/"))
        // Percent-encoded names are decoded; a symbolic link inside the site is followed.
        #expect(files.resolve("/agencies/luo%2Dyang/2023/data.csv") == .file(root + "/agencies/luo-yang/2023/data.csv"))
        #expect(files.resolve("/same.html") == .file(root + "/index.html"))
        #expect(files.resolve("/missing.html") == .notFound)
        #expect(files.resolve("/index.html/") == .notFound)
        #expect(files.notFoundPage == root + "/404.html")
    }

    @Test func nothingOutsideTheSiteIsServed() throws {
        let (_, files) = try Self.site()
        for attack in [
            "/../secret.txt", "/agencies/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
            "/agencies%2f..%2f..%2fsecret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "/%5c..%5csecret.txt",
            "/outside.txt", "/outside-folder/secret.txt", "/outside-folder/", "/outside-folder", "/index.html%00.png", "/%", "/%zz",
            "/./index.html", "secret.txt", "/%c0%ae%c0%ae/secret.txt",
        ] {
            #expect(files.resolve(attack) == .notFound, "\(attack)")
        }
    }

    @Test func contentTypesNameTheCharset() {
        #expect(StaticFiles.contentType(of: "/a/index.html") == "text/html; charset=utf-8")
        #expect(StaticFiles.contentType(of: "/assets/style.css") == "text/css; charset=utf-8")
        #expect(StaticFiles.contentType(of: "/data/reports.json") == "application/json; charset=utf-8")
        #expect(StaticFiles.contentType(of: "/data/reports.csv") == "text/csv; charset=utf-8")
        #expect(StaticFiles.contentType(of: "/feed.xml") == "application/xml; charset=utf-8")
        #expect(StaticFiles.contentType(of: "/pagefind/wasm.zh.pagefind") == "application/octet-stream")
        #expect(StaticFiles.contentType(of: "/x/pagefind.wasm") == "application/wasm")
        #expect(StaticFiles.contentType(of: "/README") == "application/octet-stream")
    }

    @Test func reloadScriptGoesBeforeTheLastBodyEnd() {
        let page = Data("<html><body><p>&lt;/body&gt;</p></body></html>".utf8)
        let served = String(decoding: PreviewServer.withReloadScript(page), as: UTF8.self)
        #expect(served == "<html><body><p>&lt;/body&gt;</p><script src=\"/__gongkai/reload.js\"></script></body></html>")
        let fragment = String(decoding: PreviewServer.withReloadScript(Data("<p>x</p>".utf8)), as: UTF8.self)
        #expect(fragment == "<p>x</p><script src=\"/__gongkai/reload.js\"></script>")
        // The page's policy lets the script open its event stream (the site's pages allow no connections).
        let guarded = Data("<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\"></head><body></body>".utf8)
        #expect(String(decoding: PreviewServer.withReloadScript(guarded), as: UTF8.self)
            == "<head><meta http-equiv=\"Content-Security-Policy\" content=\"connect-src 'self'; default-src 'none'; script-src 'self'\"></head><body><script src=\"/__gongkai/reload.js\"></script></body>")
    }
}
