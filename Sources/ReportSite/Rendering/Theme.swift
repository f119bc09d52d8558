import Foundation

/// Templates and assets: a site's own theme folder first, then the default theme.
public struct Theme: Sendable {
    /// The folders looked in, most specific first.
    public var directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    public struct ThemeError: LocalizedError, Sendable {
        public var reason: String
        public var errorDescription: String? { reason }
    }

    /// The folders a build reads templates and assets from, most specific first: the site's own
    /// theme folder, if it has one, then the default theme; `nil` if there is no default theme.
    public static func directories(siteTheme: String?) -> [String]? {
        guard let defaultTheme = defaultDirectory() else { return nil }
        return siteTheme == nil || siteTheme == defaultTheme ? [defaultTheme] : [siteTheme!, defaultTheme]
    }

    /// The project's own theme: `GONGKAI_THEME`, else the `theme/` folder of the checkout the
    /// executable was built in, else `./theme`.
    public static func defaultDirectory() -> String? {
        let fm = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["GONGKAI_THEME"], fm.fileExists(atPath: dir + "/templates/base.mustache") {
            return dir
        }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent("theme").path
            if fm.fileExists(atPath: candidate + "/templates/base.mustache") { return candidate }
            url.deleteLastPathComponent()
        }
        let local = fm.currentDirectoryPath + "/theme"
        return fm.fileExists(atPath: local + "/templates/base.mustache") ? local : nil
    }

    /// The text and the path of the template named `name` (without `.mustache`), from the first
    /// folder that has it, with line ends as the pages have them whatever editor saved it (a page
    /// is cleaned of stray carriage returns in any case, `HTML.clean`).
    func source(_ name: String) -> (text: String, file: String)? {
        for dir in directories {
            let path = "\(dir)/templates/\(name).mustache"
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                return (text.replacingOccurrences(of: "\r\n", with: "\n"), path)
            }
        }
        return nil
    }

    /// The template named `name`, compiled with the partials it uses.
    func template(_ name: String) throws -> PageTemplate {
        guard let (text, file) = source(name) else {
            throw ThemeError(reason: "找不到模板 \(name).mustache（查找了：\(directories.map { $0 + "/templates" }.joined(separator: "、"))）")
        }
        do {
            return try PageTemplate(text, file: file, partial: source)
        } catch let error as PageTemplate.SyntaxError {
            throw ThemeError(reason: "\(error.file):\(error.line):\(error.column): 模板有语法错误：\(error.message)")
        }
    }

    /// Every asset file, by its path under `assets/`; a site's own asset replaces the default one.
    public func assets() throws -> [(relativePath: String, source: String)] {
        var found: [String: String] = [:]
        for dir in directories.reversed() {
            let root = dir + "/assets"
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = root + "/" + relative
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    found[relative] = path
                }
            }
        }
        return found.keys.sorted().map { ($0, found[$0]!) }
    }
}
