import FlyingFox
import FlyingSocks
import Foundation

/// The preview server of `gongkai serve`: the built site as a static file server sends it, plus an
/// event stream that tells open pages to reload after a rebuild.
///
/// What the server adds lives under `/__gongkai/`: the event stream and the script that listens to
/// it. The script is added to HTML pages as they are sent; the files on disk are never changed.
public final class PreviewServer: Sendable {
    public static let prefix = "/__gongkai/"
    public let events = ReloadEvents()
    private let files: StaticFiles
    private let server: HTTPServer

    public struct ServerError: LocalizedError {
        public let errorDescription: String?
    }

    public init(root: String, host: String, port: UInt16) throws {
        guard let files = StaticFiles(root: root) else { throw ServerError(errorDescription: "找不到网站文件夹 \(root)") }
        self.files = files
        let address: any SocketAddress
        do {
            address = host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port) : try sockaddr_in.inet(ip4: host, port: port)
        } catch {
            throw ServerError(errorDescription: "\(host) 不是 IPv4 或 IPv6 地址（例如 127.0.0.1、0.0.0.0、::1）")
        }
        var routes = RoutedHTTPHandler()
        let events = self.events
        routes.appendRoute(HTTPRoute(method: .GET, path: Self.prefix + "events")) { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
                         body: HTTPBodySequence(from: EventBytes(stream: events.subscribe())))
        }
        routes.appendRoute(HTTPRoute(methods: [.GET, .HEAD], path: Self.prefix + "reload.js")) { request in
            Self.response(.ok, type: "text/javascript; charset=utf-8", body: Data(Self.reloadScript.utf8), for: request)
        }
        // Everything else: the site's files (last: routes are tried in order).
        routes.appendRoute("*") { [files] request in Self.respond(to: request, files: files) }
        server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: routes)
    }

    /// Serves until the task is cancelled.
    public func run() async throws { try await server.run() }

    public func waitUntilListening() async throws { try await server.waitUntilListening() }

    /// The port listened on (useful after asking for port 0).
    public var port: UInt16? {
        get async {
            switch await server.listeningAddress {
            case .ip4(_, let port), .ip6(_, let port): port
            default: nil
            }
        }
    }

    static func respond(to request: HTTPRequest, files: StaticFiles) -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            var response = Self.response(.methodNotAllowed, type: "text/plain; charset=utf-8", body: Data("只支持 GET 和 HEAD\n".utf8), for: request)
            response.headers[HTTPHeader("Allow")] = "GET, HEAD"
            return response
        }
        let rawPath = request.target.path(percentEncoded: true)
        switch files.resolve(rawPath) {
        case .redirect(let location):
            let query = request.target.query(percentEncoded: true)
            var response = Self.response(.movedPermanently, type: "text/plain; charset=utf-8", body: Data(), for: request)
            response.headers[.location] = query.isEmpty ? location : location + "?" + query
            return response
        case .file(let path):
            return fileResponse(path, status: .ok, for: request)
        case .notFound:
            if let page = files.notFoundPage { return fileResponse(page, status: .notFound, for: request) }
            return Self.response(.notFound, type: "text/plain; charset=utf-8", body: Data("404：找不到该页面\n".utf8), for: request)
        }
    }

    /// A file of the site: a page with the reload script added, anything else sent from the disk
    /// as it is read (the data files of a large site are hundreds of megabytes).
    private static func fileResponse(_ path: String, status: HTTPStatusCode, for request: HTTPRequest) -> HTTPResponse {
        let type = StaticFiles.contentType(of: path)
        if type.hasPrefix("text/html"), let page = FileManager.default.contents(atPath: path) {
            return Self.response(status, type: type, body: withReloadScript(page), for: request)
        }
        guard let body = try? HTTPBodySequence(file: URL(fileURLWithPath: path)) else {
            return Self.response(.notFound, type: "text/plain; charset=utf-8", body: Data("404：找不到该页面\n".utf8), for: request)
        }
        return Self.response(status, type: type, body: body, for: request)
    }

    /// A response that is never cached (after a rebuild the browser must fetch what changed); to
    /// a HEAD request, its headers alone.
    static func response(_ status: HTTPStatusCode, type: String, body: Data, for request: HTTPRequest) -> HTTPResponse {
        response(status, type: type, body: HTTPBodySequence(data: body), for: request)
    }

    static func response(_ status: HTTPStatusCode, type: String, body: HTTPBodySequence, for request: HTTPRequest) -> HTTPResponse {
        var headers: HTTPHeaders = [.contentType: type, .cacheControl: "no-store"]
        guard request.method == .HEAD else { return HTTPResponse(statusCode: status, headers: headers, body: body) }
        headers[.contentLength] = String(body.count ?? 0)
        return HTTPResponse(statusCode: status, headers: headers, body: Data())
    }

    /// The page with the reload script added before its last `</body>` (at the end if it has
    /// none), and, if the page has a Content-Security-Policy without `connect-src`,
    /// `connect-src 'self'` put first in it: the site's pages allow no connections (`default-src 'none'`), and the script must
    /// open its event stream.
    static func withReloadScript(_ page: Data) -> Data {
        var result = page
        let tag = Data("<script src=\"\(prefix)reload.js\"></script>".utf8)
        if let close = result.range(of: Data("</body>".utf8), options: .backwards) {
            result.insert(contentsOf: tag, at: close.lowerBound)
        } else {
            result.append(tag)
        }
        let policy = Data("<meta http-equiv=\"Content-Security-Policy\" content=\"".utf8)
        if let meta = result.range(of: policy) {
            // (Not twice: the search page allows connections of its own.)
            let end = result[meta.upperBound...].firstIndex(of: UInt8(ascii: "\"")) ?? result.endIndex
            if result[meta.upperBound..<end].range(of: Data("connect-src".utf8)) == nil {
                result.insert(contentsOf: Data("connect-src 'self'; ".utf8), at: meta.upperBound)
            }
        }
        return result
    }

    /// Reloads the page when a rebuild has finished; shows why, in a bar at the top, when it failed.
    static let reloadScript = """
    (function () {
      "use strict";
      if (!window.EventSource) return;
      var bar = null;
      var source = new EventSource("\(prefix)events");
      source.addEventListener("reload", function () { window.location.reload(); });
      source.addEventListener("failed", function (event) {
        if (!bar) {
          bar = document.createElement("div");
          bar.setAttribute("role", "alert");
          bar.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:.75em 1em;" +
            "background:#fff3f3;color:#8a1c1c;border-bottom:2px solid #c62828;font:14px/1.5 sans-serif;white-space:pre-wrap";
          document.body.appendChild(bar);
        }
        bar.textContent = "重新生成失败，显示的是上一次生成的网站：\\n" + event.data;
      });
    })();
    """
}
