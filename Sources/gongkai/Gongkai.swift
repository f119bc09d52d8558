import AnnualReports
import ArgumentParser
import Foundation
import ReportSite

@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "政府信息公开工作年度报告的静态网站生成器。",
        subcommands: [Parse.self, Check.self]
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
                print(report.json.compact)
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
        let files = try loader.reportFiles(in: paths)
        var summary = CheckSummary()
        for file in files {
            let report = try loader.load(file)
            for diagnostic in report.diagnostics { print(diagnostic.formatted) }
            summary.add(report)
        }
        print(summary.line)
        if summary.reportsWithErrors > 0 { throw ExitCode(1) }
    }
}
