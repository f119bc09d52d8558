import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai serve` as a user runs it: a real process, spoken to over a socket with requests
/// written byte for byte (an HTTP client library would tidy `..` and escapes away before sending).
@Suite(.serialized) struct ServeTests {
    /// A running `gongkai serve` over a copy of the seed reports, and its port.
    final class Server {
        let process = Process()
        let folder: URL
        var port: UInt16 = 0
        private let output = Pipe()
        private var printed = Data()

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-serve-\(UUID().uuidString)")
            let content = folder.appendingPathComponent("content")
            try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: Paths.content.path) {
                try FileManager.default.copyItem(at: Paths.content.appendingPathComponent(name), to: content.appendingPathComponent(name))
            }
            process.executableURL = try #require(CommandLineTests.executable, "the gongkai executable was not built beside the tests")
            process.arguments = ["serve", "--port", "0", "--content", content.path, "--output", folder.appendingPathComponent("public").path,
                                 "--config", folder.appendingPathComponent("site.yml").path]
            process.currentDirectoryURL = folder
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let line = try #require(waitFor("预览：http://127.0.0.1:"), "serve did not say where it listens: \(String(decoding: printed, as: UTF8.self))")
            let digits = line.split(separator: ":").last.map { $0.prefix { $0.isNumber } } ?? ""
            port = try #require(UInt16(digits))
        }

        /// Waits (up to 20 s) for a line of standard output that contains `text`.
        @discardableResult
        func waitFor(_ text: String, after start: Int = 0) -> String? {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let lines = String(decoding: printed, as: UTF8.self).split(separator: "\n")
                if let line = lines.dropFirst(start).first(where: { $0.contains(text) }) { return String(line) }
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                printed.append(chunk)
            }
            return nil
        }

        var linesPrinted: Int { String(decoding: printed, as: UTF8.self).split(separator: "\n").count }

        deinit {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// A connection to the server.
    final class Connection {
        let fd: Int32

        init(port: UInt16) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(connected == 0, "cannot connect to port \(port)")
        }

        deinit { close(fd) }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        }

        /// What arrives within `seconds`, until `done` says it is enough or the server closes.
        func receive(seconds: Double = 10, until done: (Data) -> Bool) -> Data {
            var received = Data()
            let deadline = Date().addingTimeInterval(seconds)
            var buffer = [UInt8](repeating: 0, count: 65536)
            while Date() < deadline && !done(received) {
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, 100) > 0 else { continue }
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                received.append(contentsOf: buffer[..<count])
            }
            return received
        }
    }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request, sent as written, and its whole response.
    static func request(_ port: UInt16, _ target: String, method: String = "GET") throws -> Response {
        let connection = try Connection(port: port)
        connection.send("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let data = connection.receive { data in
            guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return false }
            let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            return data.count - end.upperBound >= (method == "HEAD" ? 0 : length)
        }
        let end = try #require(data.range(of: Data("\r\n\r\n".utf8)), "no response to \(target)")
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
        let status = try #require(head.first.flatMap { Int($0.split(separator: " ")[1]) })
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return Response(status: status, headers: headers, body: Data(data[end.upperBound...]))
    }

    @Test func servesTheSiteWithTypesIndexesAnd404() throws {
        let server = try Server()
        let home = try Self.request(server.port, "/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.text.contains("<html lang=\"zh-CN\">"))
        // The reload script is in the page served, never in the file built.
        #expect(home.text.contains("<script src=\"/__gongkai/reload.js\"></script></body>"))
        let built = try String(contentsOf: server.folder.appendingPathComponent("public/index.html"), encoding: .utf8)
        #expect(!built.contains("__gongkai"))
        #expect(try Self.request(server.port, "/assets/style.css").headers["content-type"] == "text/css; charset=utf-8")
        // A data file is sent from the disk as it is, whole; to HEAD, its length alone.
        let json = try Self.request(server.port, "/data/reports.json")
        let file = try Data(contentsOf: server.folder.appendingPathComponent("public/data/reports.json"))
        #expect(json.headers["content-type"] == "application/json; charset=utf-8")
        #expect(json.body == file)
        let jsonHead = try Self.request(server.port, "/data/reports.json", method: "HEAD")
        #expect(jsonHead.headers["content-length"] == String(file.count) && jsonHead.body.isEmpty)
        #expect(try Self.request(server.port, "/__gongkai/reload.js").headers["content-type"] == "text/javascript; charset=utf-8")
        let folder = try Self.request(server.port, "/agencies")
        #expect(folder.status == 301)
        #expect(folder.headers["location"] == "/agencies/")
        #expect(try Self.request(server.port, "/agencies/").status == 200)
        let head = try Self.request(server.port, "/", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == String(home.body.count))
        #expect(try Self.request(server.port, "/", method: "POST").status == 405)
        let missing = try Self.request(server.port, "/no-such-page/")
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"] == "text/html; charset=utf-8")
        #expect(missing.text.contains("<title>找不到页面 - 政府信息公开工作年度报告</title>"))
    }

    /// A port already taken: the second server says why it cannot listen (the bind's error, not a
    /// timeout) and stops with status 1.
    @Test func aPortInUseIsNamedAsTheCause() throws {
        let server = try Server()
        let output = server.folder.appendingPathComponent("second")
        let second = try CommandLineTests.run(["serve", "--port", String(server.port), "--content", "content", "--output", output.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("无法在 127.0.0.1:\(server.port) 上监听") && second.stderr.contains("Address already in use"), "\(second.stderr)")
    }

    @Test func pathsOutsideTheSiteGet404() throws {
        let server = try Server()
        // A file beside the site folder, and a symbolic link in the site that leads to it.
        try Data("secret".utf8).write(to: server.folder.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: server.folder.appendingPathComponent("public/link.txt").path,
                                                   withDestinationPath: server.folder.appendingPathComponent("secret.txt").path)
        for attack in [
            "/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/etc/passwd", "/.%2e/secret.txt",
            "/agencies/..%2f..%2fsecret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "/link.txt", "/%2e%2e%2fsecret.txt",
            "//../secret.txt", "/index.html%00",
        ] {
            let response = try Self.request(server.port, attack)
            #expect(response.status == 404, "\(attack)")
            #expect(!response.text.contains("secret"), "\(attack)")
        }
    }

    @Test func anEditRebuildsAndTellsOpenPagesToReload() throws {
        let server = try Server()
        let events = try Connection(port: server.port)
        events.send("GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let opened = events.receive { String(decoding: $0, as: UTF8.self).contains(": gongkai serve") }
        #expect(String(decoding: opened, as: UTF8.self).contains("text/event-stream"))

        // The report's page before and after its narrative is edited.
        let file = server.folder.appendingPathComponent("content/luoyang-sifaju-2023.txt")
        let before = try String(contentsOf: file, encoding: .utf8)
        let page = "/agencies/luo-yang-shi-si-fa-ju/2023/"
        #expect(try Self.request(server.port, page).status == 200)
        #expect(try !Self.request(server.port, page).text.contains("预览测试新增的一句"))
        let lines = server.linesPrinted
        try before.replacingOccurrences(of: "六、其他需要报告的事项", with: "六、其他需要报告的事项\n\n预览测试新增的一句。").write(to: file, atomically: true, encoding: .utf8)

        let event = events.receive(seconds: 20) { String(decoding: $0, as: UTF8.self).contains("event: reload") }
        #expect(String(decoding: event, as: UTF8.self).contains("event: reload\ndata: 构建完成：5 份报告"))
        #expect(server.waitFor("改动：", after: lines) != nil)
        let after = try Self.request(server.port, page)
        #expect(after.status == 200)
        #expect(after.text.contains("预览测试新增的一句"))
    }
}
