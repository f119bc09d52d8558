/// The outcome of one consistency check (勾稽关系) on one scope of a report.
///
/// A check whose operands include a `null` cell is `unknown`, never `fail`. A failed check is
/// reported, never corrected: the published numbers are always the numbers in the report.
public struct Check: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case pass, fail, unknown
    }

    /// What the message says: a rule of sums with its operands, written out only where the
    /// message is (report.json, the page), not kept as text in every report; or text.
    public enum Detail: Sendable, Equatable {
        /// `Check.sumRules[rule]` applied to `operands`: `sum(operands[..<split]) ==
        /// sum(operands[split...])`.
        case sum(rule: Int, operands: [Int?], split: Int)
        case text(String)
    }

    /// The rule, e.g. `applications.balance`.
    public var id: String
    /// The column, row or group the rule was applied to, e.g. `naturalPerson` or `review`.
    public var scope: String
    public var status: Status
    public var detail: Detail
    /// What the rule says the value should be (the computed side), when computable.
    public var expected: Int?
    /// The value as the report states it.
    public var actual: Int?

    public init(id: String, scope: String, status: Status, message: String, expected: Int?, actual: Int?) {
        self.init(id: id, scope: scope, status: status, detail: .text(message), expected: expected, actual: actual)
    }

    private init(id: String, scope: String, status: Status, detail: Detail, expected: Int?, actual: Int?) {
        if case .sum(let rule, let operands, let split) = detail {
            precondition(Self.sumRules.indices.contains(rule) && (0...operands.count).contains(split), "a sum check names one of the sum rules and splits its operands")
        }
        self.id = id
        self.scope = scope
        self.status = status
        self.detail = detail
        self.expected = expected
        self.actual = actual
    }

    /// The check of `sum(operands[..<split]) == sum(operands[split...])` under
    /// `Check.sumRules[rule]`: `expected` is the computed (left) side, `actual` the stated one;
    /// `unknown` where an operand is `nil`. The operands are counts (`areSumOperands`).
    init(id: String, scope: String, rule: Int, operands: [Int?], split: Int) {
        // (The reader makes no other operands, and the cache refuses any others as damaged bytes;
        // were one to reach here, adding it up would trap on overflow, as this would.)
        assert(Self.areSumOperands(operands), "a sum check adds up counts of at most 15 digits, at most 32 of them")
        // (A side with an unknown operand has no sum: nothing of it is added up.)
        func sum(_ side: ArraySlice<Int?>) -> Int? {
            side.contains(nil) ? nil : side.reduce(0) { $0 + $1! }
        }
        let l = sum(operands[..<split]), r = sum(operands[split...])
        let status: Status = if let l, let r { l == r ? .pass : .fail } else { .unknown }
        self.init(id: id, scope: scope, status: status, detail: .sum(rule: rule, operands: operands, split: split), expected: l, actual: r)
    }

    /// Whether these can be a sum check's operands: counts as the reader reads them (at most 15
    /// digits) and at most 32 of them, so that no sum of them overflows. (Read back from the
    /// cache, other operands are refused as damaged bytes.)
    static func areSumOperands(_ operands: [Int?]) -> Bool {
        operands.count <= 32 && operands.allSatisfy { ($0?.magnitude ?? 0) < 1_000_000_000_000_000 }
    }

    /// The message, e.g. `总计列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度：3 + 0 = 3，3 + 0 = 3，相符`.
    public var message: String {
        switch detail {
        case .text(let text): return text
        case .sum:
            var m = ByteBuffer(capacity: 256)
            writeMessage(into: &m)
            return m.string
        }
    }

    /// The UTF-8 of `message`, appended to `m`.
    public func writeMessage(into m: inout ByteBuffer) {
        switch detail {
        case .text(let text):
            UTF8Text.withBytes(text) { m.append($0) }
        case .sum(let rule, let operands, let split):
            UTF8Text.withBytes(Self.sumRules[rule]) { m.append($0) }
            if let expected, let actual, status != .unknown {
                m.append("：")
                Self.show(operands, 0, split, into: &m)
                m.append(" = ")
                m.appendDecimal(expected)
                m.append("，")
                if operands.count - split == 1 {
                    m.append("与 ")
                    m.appendDecimal(actual)
                    m.append(" ")
                } else {
                    Self.show(operands, split, operands.count, into: &m)
                    m.append(" = ")
                    m.appendDecimal(actual)
                    m.append("，")
                }
                m.append(status == .pass ? "相符" : "不符")
            } else {
                m.append("；有空值，无法核对（")
                Self.show(operands, 0, split, into: &m)
                m.append(" 与 ")
                Self.show(operands, split, operands.count, into: &m)
                m.append("）")
            }
        }
    }

    /// `operands[from..<end]` joined by ` + `, `空` for each `nil`.
    private static func show(_ operands: [Int?], _ from: Int, _ end: Int, into m: inout ByteBuffer) {
        for i in from..<end {
            if i > from { m.append(" + ") }
            if let value = operands[i] { m.appendDecimal(value) } else { m.append("空") }
        }
    }

    /// Whether the message has nothing that HTML or JSON escapes, or that a page must not hold,
    /// so that it is written where it goes without an escaping pass: a sum rule's message (every
    /// rule is plain, and so are its figures and words).
    public var messageIsPlain: Bool {
        if case .sum = detail { return true }
        return false
    }

    /// Whether a text is plain: no ASCII control, `"`, `&`, `'`, `<`, `>`, `\` or DEL, and none of
    /// U+2028, U+2029, the bidi controls and U+FFFE/U+FFFF.
    static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { s in
            switch s.value {
            case 0x00..<0x20, 0x22, 0x26, 0x27, 0x3C, 0x3E, 0x5C, 0x7F, 0x2028...0x202E, 0x2066...0x2069, 0xFFFE, 0xFFFF: false
            default: true
            }
        }
    }

    /// The rules of the sum checks; a sum check's `rule` is a place here, and the build cache keeps
    /// that place, so a rule is only ever added at the end. Each column's balance, each column's
    /// outcomes, each group of table 3, then each row's total of either format, each once.
    static let sumRules: [String] = {
        var rules = columnLabels.map { "\($0)列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度" }
        rules += columnLabels.map { "\($0)列：各项办理结果之和 = （七）总计" }
        rules += ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"].map { "\($0)：维持 + 纠正 + 其他结果 + 尚未审结 = 总计" }
        for template in Template.allCases {
            rules += TableSchema.applicationRows(for: template).filter { $0.valueCount > 0 }.map(rowTotalRule)
        }
        var seen = Set<String>()
        let unique = rules.filter { seen.insert($0).inserted }
        precondition(Array(unique.prefix(reviewLitigationRule(3))) == Array(rules.prefix(reviewLitigationRule(3))), "the column and group rules are each written once")
        precondition(unique.allSatisfy(isPlain), "every sum rule is plain (its messages are written unescaped)")
        return unique
    }()

    private static let columnLabels = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    static func rowTotalRule(_ row: RowSchema) -> String { "“\(row.label)”一行：六类申请人之和 = 总计" }
    static func balanceRule(_ column: Int) -> Int { column }
    static func outcomeSumRule(_ column: Int) -> Int { columnLabels.count + column }
    static func reviewLitigationRule(_ group: Int) -> Int { 2 * columnLabels.count + group }
}
