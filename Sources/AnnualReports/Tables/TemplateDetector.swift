/// Decides which official format a report's tables follow, from their headings.
enum TemplateDetector {
    static func detect(table2 t2: RowLocator, table3 t3: RowLocator, year: Int?, location: SourceLocation, diagnostics: inout [Diagnostic]) -> Template {
        let has2019 = t2.contains(any: TableSchema.markers2019)
        let has2021 = t2.contains(any: TableSchema.markers2021)
        if has2019 != has2021 { return has2019 ? .v2019 : .v2021 }
        if t3.contains(any: TableSchema.applicationMarkers2021) { return .v2021 }
        let byYear: Template = (year ?? 2021) >= 2021 ? .v2021 : .v2019
        diagnostics.append(Diagnostic(.note, "表格标题不足以判断格式，按报告年度采用 \(byYear.rawValue) 年版格式", at: location))
        return byYear
    }

    /// The rows of table 3 follow its own (六) rows: a 2019-format table 2 may come with 2021 rows.
    static func applicationsTemplate(_ table3: RowLocator, reportTemplate: Template, location: SourceLocation, diagnostics: inout [Diagnostic]) -> Template {
        let has2021Rows = table3.contains(any: TableSchema.applicationMarkers2021)
        if reportTemplate == .v2019 && has2021Rows {
            diagnostics.append(Diagnostic(.warning, "主动公开表是 2019 年版格式，但申请情况表有 2021 年版的（六）其他处理细项；申请情况表按 2021 年版读取", at: location))
            return .v2021
        }
        return reportTemplate
    }
}
