import AnnualReports
import ArgumentParser
import Foundation
import ReportSite
import SitePreview

@main
struct Gongkai: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "政府信息公开工作年度报告的静态网站生成器。",
        subcommands: [Build.self, Serve.self, Parse.self, Check.self]
    )
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "读取报告，输出其数据（每个文件一行 JSON）。")

    @Flag(name: .long, help: "输出 JSON Lines：每个文件一行，顺序与参数相同。")
    var json = false

    @Argument(help: "报告文件（.txt 或 .md）。")
    var files: [String]

    func run() throws {
        let loader = ContentLoader()
        for file in files {
            let report = try loader.load(file)
            if json {
                print(report.compactJSON)
            } else {
                print(ReportSummary(report).text)
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "检查报告，输出诊断信息；有错误时退出码为 1。")

    @Argument(help: "报告文件或文件夹（默认 content/）。")
    var paths: [String] = ["content"]

    func run() throws {
        let loader = ContentLoader()
        let (files, skipped) = try loader.find(in: paths)
        for skip in skipped {
            print(skip.diagnostic(named: skip.path).formatted)
        }
        var summary = CheckSummary()
        for file in files {
            let report = loader.loadOrDiagnose(file, name: file).report
            for diagnostic in report.diagnostics { print(diagnostic.formatted) }
            summary.add(report)
        }
        print(summary.line)
        if summary.reportsWithErrors > 0 { throw ExitCode(1) }
    }
}

/// The options `build` and `serve` share: where the site comes from and where it goes.
struct SiteOptions: ParsableArguments {
    @Option(help: "报告所在的文件夹。")
    var content = "content"

    @Option(help: "网站自己的主题文件夹；其中的模板和资源优先于默认主题。")
    var theme: String?

    @Option(help: "输出文件夹；构建成功后才整体替换。")
    var output = "public"

    @Option(name: .customLong("base-url"), help: "网站的绝对地址（覆盖 site.yml 的 baseURL）。")
    var baseURL: String?

    @Option(help: "网站配置文件。")
    var config = "site.yml"

    @Flag(name: .customLong("no-search"), help: "不生成搜索索引（默认用 Pagefind 生成，未安装时跳过并提示）。")
    var noSearch = false

    func builderOptions(strict: Bool, cache: Bool) -> SiteBuilder.Options {
        SiteBuilder.Options(content: content, theme: theme, output: output, config: config, baseURL: baseURL, strict: strict, cache: cache, search: !noSearch)
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "把 content/ 中的报告生成为网站（public/）。")

    @OptionGroup var site: SiteOptions

    @Flag(help: "内容中有错误时不生成网站。")
    var strict = false

    @Flag(name: .customLong("no-cache"), help: "不使用也不保留输出文件夹旁的构建缓存（.public.cache），整站重新构建。")
    var noCache = false

    @Flag(help: "构建后在标准错误输出中列出各阶段的用时（墙钟和 CPU）。")
    var timings = false

    func run() throws {
        let options = site.builderOptions(strict: strict, cache: !noCache)
        let summary: SiteBuilder.Summary
        do {
            summary = try SiteBuilder(options: options).build()
        } catch {
            throw failure("build", error.localizedDescription)
        }
        BuildReport.print(summary, timings: timings)
    }
}

/// Says why a command stopped, on standard error; the exit status to stop with.
func failure(_ command: String, _ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("gongkai \(command): 错误：\(message)\n".utf8))
    return ExitCode(1)
}

/// What a build says: its diagnostics (warnings and errors) on standard error, in one write (a
/// site of thousands of reports has thousands of warnings), then its summary line.
enum BuildReport {
    static func print(_ summary: SiteBuilder.Summary, timings: Bool = false, only files: Set<String>? = nil) {
        var messages = ""
        for diagnostic in summary.diagnostics where diagnostic.severity != .note && (files?.contains(diagnostic.location.file) ?? true) {
            messages += diagnostic.formatted + "\n"
        }
        for note in summary.searchNotes { messages += "提示：\(note)\n" }
        FileHandle.standardError.write(Data(messages.utf8))
        if timings { FileHandle.standardError.write(Data((summary.timings.report + "\n").utf8)) }
        Swift.print(summary.line)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "生成网站并在本机预览：报告、主题或 site.yml 改动后自动重新生成，打开的页面随之刷新。")

    @OptionGroup var site: SiteOptions

    @Option(help: "监听的地址；默认只有本机能访问。")
    var host = "127.0.0.1"

    @Option(help: "监听的端口；0 表示任选一个空闲端口。")
    var port: UInt16 = 1313

    func run() async throws {
        let options = site.builderOptions(strict: false, cache: true)
        let (content, theme, output, config) = (site.content, site.theme, site.output, site.config)
        let address = host == "localhost" ? "127.0.0.1" : host
        let server: PreviewServer
        do {
            BuildReport.print(try SiteBuilder(options: options).build())
            server = try PreviewServer(root: output, host: address, port: port)
        } catch {
            throw failure("serve", error.localizedDescription)
        }
        let serving = Task { try await server.run() }
        do {
            try await server.waitUntilListening()
        } catch {
            // Why the server could not listen (the port taken, say) is what it stopped with, not
            // the wait's timeout.
            serving.cancel()
            var cause = error
            if case .failure(let stopped) = await serving.result { cause = stopped }
            throw failure("serve", "无法在 \(host):\(port) 上监听（\(cause.localizedDescription)）；端口可能已被占用，请用 --port 换一个")
        }
        let listening = await server.port ?? port
        let shown = address.contains(":") ? "[\(address)]" : address
        Swift.print("预览：http://\(shown):\(listening)/（按 Ctrl+C 停止）")
        if !["127.0.0.1", "::1"].contains(address) {
            Swift.print("注意：--host \(host) 让网络上的其他机器也能访问这个预览")
        }
        fflush(nil)

        // What a build reads: the content, the theme folders, site.yml.
        let themes = Theme.directories(siteTheme: theme) ?? []
        let events = server.events
        let contentFolder = URL(fileURLWithPath: content).standardizedFileURL.path
        let contentRoot = URL(fileURLWithPath: content).standardizedFileURL.lastPathComponent
        let watcher = try ChangeWatcher(folders: [content] + themes, files: [config]) { paths in
            // The changed reports' names as the build names them (`content/…`): a rebuild prints
            // their diagnostics, not every report's again.
            let changed = Set(paths.compactMap { path -> String? in
                let full = URL(fileURLWithPath: path).standardizedFileURL.path
                guard full.hasPrefix(contentFolder + "/") else { return nil }
                return contentRoot + "/" + full.dropFirst(contentFolder.count + 1)
            })
            let shownPaths = paths.prefix(3).joined(separator: "、") + (paths.count > 3 ? " 等 \(paths.count) 处" : "")
            Swift.print("改动：\(shownPaths)；重新生成……")
            fflush(nil)
            do {
                let summary = try SiteBuilder(options: options).build()
                BuildReport.print(summary, only: changed)
                events.send("reload", data: summary.line)
            } catch {
                let message = error.localizedDescription
                FileHandle.standardError.write(Data("gongkai serve: 重新生成失败：\(message)；继续提供上一次生成的网站\n".utf8))
                events.send("failed", data: message)
            }
            fflush(nil)
        }
        watcher.start()
        // A comment now and then on every event stream, so that pages closed without a goodbye
        // are noticed and their streams ended.
        let pinging = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(20))
                events.ping()
            }
        }
        defer { pinging.cancel() }
        try await serving.value
    }
}
