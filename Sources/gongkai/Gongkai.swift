import AnnualReports
import ArgumentParser
import Foundation
import ReportSite

@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "政府信息公开工作年度报告的静态网站生成器。",
        subcommands: [Build.self, Parse.self, Check.self]
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

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "把 content/ 中的报告生成为网站（public/）。")

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

    @Flag(help: "内容中有错误时不生成网站。")
    var strict = false

    @Flag(name: .customLong("no-cache"), help: "不使用也不保留输出文件夹旁的构建缓存（.public.cache），整站重新构建。")
    var noCache = false

    @Flag(help: "构建后在标准错误输出中列出各阶段的用时（墙钟和 CPU）。")
    var timings = false

    func run() throws {
        let options = SiteBuilder.Options(content: content, theme: theme, output: output, config: config, baseURL: baseURL, strict: strict, cache: !noCache)
        let summary: SiteBuilder.Summary
        do {
            summary = try SiteBuilder(options: options).build()
        } catch {
            FileHandle.standardError.write(Data("gongkai build: 错误：\(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        // In one write: a site of thousands of reports has thousands of warnings.
        var messages = ""
        for diagnostic in summary.diagnostics where diagnostic.severity != .note { messages += diagnostic.formatted + "\n" }
        FileHandle.standardError.write(Data(messages.utf8))
        if timings { FileHandle.standardError.write(Data((summary.timings.report + "\n").utf8)) }
        print(summary.line)
    }
}
