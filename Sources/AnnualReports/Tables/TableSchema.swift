/// The fixed rows of the official tables: keys, labels, the patterns that find them in text, and
/// how many values of which kind each row holds.
///
/// Patterns are in the compact form of `TextNormalization.compact` (half-width, no whitespace, no
/// quotes). `patterns` are distinctive and may be found anywhere in the table; `weakPatterns` are
/// generic words (总计, 其他) accepted only after the previous row.
///
/// (A class: the readers pass rows around and loop over them, and a row is many arrays and
/// strings, which a struct would retain one by one at every copy.)
public final class RowSchema: Sendable {
    public enum ValueKind: Sendable, Equatable {
        /// A non-negative count.
        case count
        /// A count that may be negative (本年增/减).
        case signedCount
        /// An amount in 万元, kept as a decimal string.
        case amount
    }

    public struct Value: Sendable {
        public var key: String
        public var label: String
        public var kind: ValueKind
    }

    public let key: String
    public let label: String
    public let patterns: [String]
    public let weakPatterns: [String]
    public let values: [Value]
    /// The kind of each value, as a row's cells are read: made once, with the schema.
    let kinds: [ValueKind]
    /// The patterns as scalars, as `RowLocator` compares them: made once, with the schema.
    let patternScalars: RowLocator.Patterns
    let weakPatternScalars: RowLocator.Patterns

    public var valueCount: Int { values.count }

    init(_ key: String, _ label: String, _ patterns: [String], weak: [String] = [], values: [Value]) {
        self.key = key
        self.label = label
        self.patterns = patterns
        self.weakPatterns = weak
        self.values = values
        kinds = values.map(\.kind)
        patternScalars = RowLocator.Patterns(patterns)
        weakPatternScalars = RowLocator.Patterns(weak)
    }
}

public enum TableSchema {
    private static func counts(_ pairs: (String, String)...) -> [RowSchema.Value] {
        pairs.map { RowSchema.Value(key: $0.0, label: $0.1, kind: .count) }
    }

    private static let previousChangeDecisions: [RowSchema.Value] = [
        .init(key: "previousCount", label: "上一年项目数量", kind: .count),
        .init(key: "change", label: "本年增/减", kind: .signedCount),
        .init(key: "decisions", label: "处理决定数量", kind: .count),
    ]

    static let activeDisclosure2021: [RowSchema] = [
        RowSchema("regulations", "规章", ["规章"], values: counts(("made", "本年制发件数"), ("repealed", "本年废止件数"), ("inForce", "现行有效件数"))),
        RowSchema("normativeDocuments", "行政规范性文件", ["规范性文件"], values: counts(("made", "本年制发件数"), ("repealed", "本年废止件数"), ("inForce", "现行有效件数"))),
        RowSchema("licensing", "行政许可", ["行政许可"], values: counts(("decisions", "本年处理决定数量"))),
        RowSchema("penalties", "行政处罚", ["行政处罚"], values: counts(("decisions", "本年处理决定数量"))),
        RowSchema("coercion", "行政强制", ["行政强制"], values: counts(("decisions", "本年处理决定数量"))),
        RowSchema("fees", "行政事业性收费", ["行政事业性收费", "事业性收费"], values: [.init(key: "amount", label: "本年收费金额（单位：万元）", kind: .amount)]),
    ]

    static let activeDisclosure2019: [RowSchema] = [
        RowSchema("regulations", "规章", ["规章"], values: counts(("newlyMade", "本年新制作数量"), ("newlyPublished", "本年新公开数量"), ("totalPublished", "对外公开总数量"))),
        RowSchema("normativeDocuments", "规范性文件", ["规范性文件"], values: counts(("newlyMade", "本年新制作数量"), ("newlyPublished", "本年新公开数量"), ("totalPublished", "对外公开总数量"))),
        RowSchema("licensing", "行政许可", ["行政许可"], values: previousChangeDecisions),
        RowSchema("otherServices", "其他对外管理服务事项", ["其他对外管理服务事项", "对外管理服务事项"], values: previousChangeDecisions),
        RowSchema("penalties", "行政处罚", ["行政处罚"], values: previousChangeDecisions),
        RowSchema("coercion", "行政强制", ["行政强制"], values: previousChangeDecisions),
        RowSchema("fees", "行政事业性收费", ["行政事业性收费", "事业性收费"], values: Array(previousChangeDecisions.prefix(2))),
        RowSchema("procurement", "政府集中采购", ["政府集中采购", "集中采购"], values: [
            .init(key: "projects", label: "采购项目数量", kind: .count),
            .init(key: "amount", label: "采购总金额（单位：万元）", kind: .amount),
        ]),
    ]

    public static func activeDisclosureRows(for template: Template) -> [RowSchema] {
        template == .v2021 ? activeDisclosure2021 : activeDisclosure2019
    }

    private static let seven = Applications.columns.map { RowSchema.Value(key: $0, label: $0, kind: .count) }

    private static func row(_ key: String, _ label: String, _ patterns: [String], weak: [String] = []) -> RowSchema {
        RowSchema(key, label, patterns, weak: weak, values: seven)
    }

    private static func group(_ key: String, _ label: String, _ patterns: [String]) -> RowSchema {
        RowSchema(key, label, patterns, values: [])
    }

    private static let applicationsHead: [RowSchema] = [
        row("received", "一、本年新收政府信息公开申请数量", ["本年新收"]),
        row("carriedOver", "二、上年结转政府信息公开申请数量", ["上年结转"]),
        group("#results", "三、本年度办理结果", ["本年度办理结果"]),
        row("granted", "（一）予以公开", ["予以公开"]),
        row("partiallyGranted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["部分公开"]),
        group("#denied", "（三）不予公开", ["不予公开"]),
        row("denied.stateSecret", "1.属于国家秘密", ["国家秘密"]),
        row("denied.prohibitedByLaw", "2.其他法律行政法规禁止公开", ["法律行政法规禁止", "行政法规禁止", "法规禁止公开"]),
        row("denied.safetyStability", "3.危及“三安全一稳定”", ["三安全", "一稳定"]),
        row("denied.thirdPartyRights", "4.保护第三方合法权益", ["第三方合法权益", "保护第三方"]),
        row("denied.internalAffairs", "5.属于三类内部事务信息", ["三类内部", "内部事务信息", "内部事物信息"]),
        row("denied.processInfo", "6.属于四类过程性信息", ["四类过程", "过程性信息"]),
        row("denied.enforcementFiles", "7.属于行政执法案卷", ["行政执法案卷", "执法案卷"]),
        row("denied.queryMatters", "8.属于行政查询事项", ["行政查询", "查询事项"]),
        group("#unavailable", "（四）无法提供", ["无法提供"]),
        row("unavailable.notHeld", "1.本机关不掌握相关政府信息", ["不掌握"]),
        row("unavailable.needsCreation", "2.没有现成信息需要另行制作", ["另行制作", "另外制作", "没有现成信息", "现成信息"]),
        row("unavailable.unclear", "3.补正后申请内容仍不明确", ["仍不明确", "补正后申请"]),
        group("#notProcessed", "（五）不予处理", ["不予处理"]),
        row("notProcessed.complaint", "1.信访举报投诉类申请", ["信访举报", "投诉类申请"]),
        row("notProcessed.duplicate", "2.重复申请", ["重复申请"]),
        row("notProcessed.publication", "3.要求提供公开出版物", ["公开出版物", "出版物"]),
        row("notProcessed.massRepeated", "4.无正当理由大量反复申请", ["大量反复"]),
        row("notProcessed.confirmation", "5.要求行政机关确认或重新出具已获取信息", ["重新出具", "确认或重新"]),
    ]

    private static let applicationsTail: [RowSchema] = [
        row("total", "（七）总计", ["(七)总计", "七)总计"], weak: ["总计"]),
        row("carriedForward", "四、结转下年度继续办理", ["结转下年度", "结转下一年度", "转下年度继续"]),
    ]

    static let applications2021: [RowSchema] = applicationsHead + [
        group("#otherHandling", "（六）其他处理", ["其他处理"]),
        row("otherHandling.overdueCorrection", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ["逾期不补正"]),
        row("otherHandling.overdueFee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ["缴纳费用", "逾期未按收费"]),
        row("otherHandling.other", "3.其他", ["3.其他", "3、其他", "(三)其他"]),
    ] + applicationsTail

    static let applications2019: [RowSchema] = applicationsHead + [
        row("otherHandling", "（六）其他处理", ["其他处理"]),
    ] + applicationsTail

    public static func applicationRows(for template: Template) -> [RowSchema] {
        template == .v2021 ? applications2021 : applications2019
    }

    /// The keys of the application table's rows that hold values, in table order (made once: the
    /// site asks for them for every report, and filtering the rows copies each one).
    public static func applicationRowKeys(for template: Template) -> [String] {
        template == .v2021 ? applicationRowKeys2021 : applicationRowKeys2019
    }

    private static let applicationRowKeys2021 = applications2021.filter { $0.valueCount > 0 }.map(\.key)
    private static let applicationRowKeys2019 = applications2019.filter { $0.valueCount > 0 }.map(\.key)

    /// The rows summed by `applications.outcomeSum`: every outcome row from 予以公开 to the last (六) row.
    public static func outcomeRows(for template: Template) -> [String] {
        let rows = applicationRowKeys(for: template)
        guard let start = rows.firstIndex(of: "granted"), let end = rows.firstIndex(of: "total") else { return [] }
        return Array(rows[start..<end])
    }

    /// Headings that only the 2019 (试行) form's table 2 has.
    static let markers2019 = RowLocator.Patterns(["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "政府集中采购", "采购项目数量", "新制作数量", "对外公开总数"])
    /// Headings that only the 2021 form's table 2 has.
    static let markers2021 = RowLocator.Patterns(["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "制发件数", "废止件数"])
    /// Row labels that only the 2021 form's table 3 has.
    static let applicationMarkers2021 = RowLocator.Patterns(["逾期不补正", "缴纳费用", "逾期未按收费"])
}
