import Foundation
import Yams

/// `site.yml`: the portal's title, base URL, language and description.
public struct SiteConfig: Sendable, Equatable {
    public var title: String
    /// Absolute URL the site is served from, ending in `/`; used only in sitemap, feed and canonical links.
    public var baseURL: String
    public var language: String
    public var description: String

    public init(title: String = "政府信息公开工作年度报告", baseURL: String = "http://localhost:1313/", language: String = "zh-CN", description: String = "") {
        self.title = title
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.language = language
        self.description = description
    }

    public struct ConfigError: LocalizedError, Sendable {
        public var path: String
        public var reason: String
        public var errorDescription: String? { "\(path): \(reason)" }
    }

    /// A base URL as the site uses it: an http or https address, ending in `/`.
    public static func checkedBaseURL(_ text: String) throws(ConfigError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw ConfigError(path: "baseURL", reason: "baseURL 应为以 http:// 或 https:// 开头的网址")
        }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// Reads `site.yml`; a missing file gives the defaults.
    public static func load(_ path: String) throws -> SiteConfig {
        guard FileManager.default.fileExists(atPath: path) else { return SiteConfig() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(path: path, reason: "无法读取（需要 UTF-8 文本）")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(path: path, reason: "不是有效的 YAML：\(error)")
        }
        guard let mapping = node?.mapping else {
            if node == nil { return SiteConfig() }
            throw ConfigError(path: path, reason: "应为“键: 值”的映射，例如 title: 某某市政府信息公开年报")
        }
        var config = SiteConfig()
        for (key, value) in mapping {
            let at = key.mark.map { "\(path):\($0.line)" } ?? path
            guard let k = key.string else { continue }
            guard let v = value.string else {
                throw ConfigError(path: at, reason: "\(k) 的值应为文本（site.yml 只接受简单的“键: 值”）")
            }
            switch k {
            case "title": config.title = v
            case "baseURL", "baseUrl", "baseurl":
                do { config.baseURL = try checkedBaseURL(v) } catch { throw ConfigError(path: at, reason: error.reason) }
            case "language": config.language = v
            case "description": config.description = v
            default: throw ConfigError(path: at, reason: "无法识别的键“\(k)”；可用的键：title、baseURL、language、description")
            }
        }
        return config
    }
}
