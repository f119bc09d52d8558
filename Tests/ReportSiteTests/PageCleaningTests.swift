@testable import AnnualReports
@testable import ReportSite
import ReportSynth
import Testing

/// `HTML.clean` looks at a page eight bytes at a time; it must find every forbidden scalar,
/// wherever in a word it starts or however it straddles two, and keep everything else.
@Suite struct PageCleaningTests {
    /// Pieces of pages: plain text, newlines and tabs (kept), quotation marks and other scalars
    /// that start with 0xE2 or 0xEF, some next to forbidden ones (kept), ASCII around DEL and the
    /// C1 control U+0080 (kept: only C0 controls and DEL are removed), and the forbidden ones.
    static let kept = ["a", "页面", "\n", "\t", "“", "”", "—", "\u{2060}", "\u{FFFD}", "\u{FEFF}", "<p>", "\u{2028}",
                       "\u{2029}", "\u{2065}", "\u{206A}", "\u{2040}", "\u{FF01}", "，", "\u{FFBF}", "\u{FFFC}", "\u{202F}", " ", "~", "\u{80}",
                       "\u{2026}", "\u{2020}", "\u{2063}", "\u{2070}", "\u{FFEE}", "\u{FFBE}", "\u{1FFFE}"]
    static let forbidden = ["\u{1}", "\u{1B}", "\r", "\u{7F}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{FFFE}", "\u{FFFF}", "\u{B}", "\u{8}", "\u{1F}", "\u{0}"]

    /// The pages write plain check messages (`Check.messageIsPlain`) without escaping them: for
    /// every sum rule, a message must be what HTML escaping and page cleaning leave unchanged.
    @Test func plainCheckMessagesNeedNoEscape() {
        for rule in Check.sumRules.indices {
            for check in [Check(id: "x", scope: "y", rule: rule, operands: [1, -2, 3, nil], split: 2), Check(id: "x", scope: "y", rule: rule, operands: [1, 2, 3], split: 2)] {
                #expect(HTML.escape(check.message) == check.message, "\(check.message)")
                var bytes = Array(check.message.utf8)
                HTML.clean(&bytes)
                #expect(bytes == Array(check.message.utf8))
            }
        }
    }

    @Test func removesEveryForbiddenScalarAndNothingElse() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            var page = "", expected = ""
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                if Int.random(in: 0..<6, using: &random) == 0 {
                    page += Self.forbidden[Int.random(in: 0..<Self.forbidden.count, using: &random)]
                } else {
                    let piece = Self.kept[Int.random(in: 0..<Self.kept.count, using: &random)]
                    page += piece
                    expected += piece
                }
            }
            var bytes = Array(page.utf8)
            HTML.clean(&bytes)
            #expect(bytes == Array(expected.utf8), "\(page.debugDescription)")
        }
    }
}
