/// One of the six standard sections of an annual report.
public struct Section: Sendable, Equatable {
    /// 1 to 6, in the order of the official format.
    public var number: Int
    /// The title as the report writes it, without its numeral; the standard title if not found.
    public var title: String
    /// The narrative as Markdown, or `nil` when the section was not found in the text.
    public var markdown: String?

    public init(number: Int, title: String, markdown: String?) {
        self.number = number
        self.title = title
        self.markdown = markdown
    }

    /// The standard titles of the 2021 format, used where a report's own title is missing.
    public static let standardTitles = [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ]
}
