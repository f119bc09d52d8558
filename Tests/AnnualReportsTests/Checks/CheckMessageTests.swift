@testable import AnnualReports
import Foundation
import Testing

/// A sum check keeps its rule's number and operands, and its message is written out from them.
@Suite struct CheckMessageTests {
    /// The message reads as the checker has always written it, for each outcome.
    @Test func messagesReadAsWritten() {
        let balance = Check(id: "applications.balance", scope: "total", rule: Check.balanceRule(6), operands: [12, 3, 13, 2], split: 2)
        #expect(balance.status == .pass && balance.expected == 15 && balance.actual == 15)
        #expect(balance.message == "总计列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度：12 + 3 = 15，13 + 2 = 15，相符")
        let rowTotal = Check(id: "applications.rowTotals", scope: "received", rule: Check.sumRules.firstIndex { $0.hasPrefix("“一、本年新收政府信息公开申请数量”") }!, operands: [1, 0, 0, 0, 0, -2, 7], split: 6)
        #expect(rowTotal.status == .fail)
        #expect(rowTotal.message == "“一、本年新收政府信息公开申请数量”一行：六类申请人之和 = 总计：1 + 0 + 0 + 0 + 0 + -2 = -1，与 7 不符")
        let unknown = Check(id: "reviewLitigation.totals", scope: "review", rule: Check.reviewLitigationRule(0), operands: [1, nil, 0, 0, 1], split: 4)
        #expect(unknown.status == .unknown && unknown.expected == nil && unknown.actual == 1)
        #expect(unknown.message == "行政复议：维持 + 纠正 + 其他结果 + 尚未审结 = 总计；有空值，无法核对（1 + 空 + 0 + 0 与 1）")
        // Appended after what the buffer holds.
        var bytes = ByteBuffer()
        bytes.append("……")
        unknown.writeMessage(into: &bytes)
        #expect(bytes.string == "……" + unknown.message)
        // Unknown on the right, with two figures there; a failure with two; the smallest figure a
        // check adds up (a count of 15 digits, negative).
        let rightUnknown = Check(id: "applications.balance", scope: "total", rule: Check.balanceRule(6), operands: [1, 2, nil, 3], split: 2)
        #expect(rightUnknown.status == .unknown && rightUnknown.expected == 3 && rightUnknown.actual == nil)
        #expect(rightUnknown.message == "总计列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度；有空值，无法核对（1 + 2 与 空 + 3）")
        let failTwo = Check(id: "applications.balance", scope: "total", rule: Check.balanceRule(6), operands: [-999_999_999_999_999, 0, -1, 0], split: 2)
        #expect(failTwo.status == .fail && Check.areSumOperands([-999_999_999_999_999]) && !Check.areSumOperands([-1_000_000_000_000_000]))
        #expect(failTwo.message == "总计列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度：-999999999999999 + 0 = -999999999999999，-1 + 0 = -1，不符")
    }

    /// Every sum rule's message is written into JSON as it is (the rules are plain: a
    /// precondition where they are made); the plainness test knows what JSON and HTML escape.
    @Test func sumRulesArePlain() {
        #expect(Check.isPlain("“一、本年新收”一行：自然人 + 其他 = 总计，相符"))
        for text in ["a<b", "a&b", "\"", "'", "\\", "\n", "\u{7F}", "\u{2028}", "\u{202E}", "\u{2066}", "\u{FFFF}"] { #expect(!Check.isPlain(text), "\(text.unicodeScalars.map(\.value))") }
        for rule in Check.sumRules.indices {
            for check in [Check(id: "x", scope: "y", rule: rule, operands: [1, -2, 3, nil], split: 2), Check(id: "x", scope: "y", rule: rule, operands: [1, 2, 3], split: 2)] {
                #expect(JSONValue.string(check.message).compact == "\"" + check.message + "\"", "\(check.message)")
            }
        }
    }
}
