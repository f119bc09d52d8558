/// The official format a report's tables follow.
///
/// The 2019 (试行) format and the 2021 format differ in table 2 (二、主动公开政府信息情况) and in
/// row (六) of table 3. The format is decided from the table headings, not from the year alone.
public enum Template: String, Sendable, Equatable, CaseIterable {
    case v2019 = "2019"
    case v2021 = "2021"
}
