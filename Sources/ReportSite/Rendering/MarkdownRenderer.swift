import AnnualReports
import CCmarkGFM
import Foundation
import Synchronization

/// Renders report narrative (Markdown) to HTML with cmark-gfm: GFM tables, strikethrough,
/// autolinks and the tag filter, in safe mode, so raw HTML in a report never reaches a page.
public struct MarkdownRenderer: Sendable {
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter"]

    public init() {
        cmark_gfm_core_extensions_ensure_registered()
    }

    /// cmark-gfm keeps one process-wide table of special inline characters, and every parse of
    /// inlines adds the extensions' characters (`~`, `:`, `w`) and then removes them: two of those
    /// at once make each other miss autolinks and strikethrough. Inlines are parsed when the
    /// parser finishes, and also while it is fed, for each table row. Pages are rendered on
    /// several threads, so parses take turns; writing the HTML does not.
    private static let parsingInlines = Mutex(())

    public func html(_ markdown: String) -> String {
        String(decoding: htmlBytes(markdown), as: UTF8.self)
    }

    /// The HTML as UTF-8 bytes, as pages take it.
    public func htmlBytes(_ markdown: String) -> [UInt8] {
        var markdown = markdown
        if let html = markdown.withUTF8(Self.plainHTML) { return html }
        return cmarkHTML(markdown)
    }

    /// The HTML of narrative that is only paragraphs and `#` headings of plain prose, made without
    /// cmark; `nil` for anything else. Most report narrative is such prose (Chinese text, digits,
    /// a little ASCII punctuation), and cmark's parse of it costs some 40 instructions a byte and
    /// takes turns across threads (`parsingInlines`).
    ///
    /// Only text cmark can read in one way is taken: every line starts with a byte past ASCII, a
    /// letter or a number that is not a list item's (so it opens no list, quotation, code block,
    /// table or other block, and has no indent), or is an ATX heading; no line ends with a space
    /// (a hard break); and the ASCII in it is letters, digits, spaces and punctuation that is
    /// never markup, entity, autolink or escape (no `\` `` ` `` `*` `_` `~` `[` `]` `!` `<` `>`
    /// `&` `"` `:` `@` `|`, no `www.`). The bytes are then cmark's: `<p>` lines joined by
    /// newlines `</p>`, `<hN>` text `</hN>`, each with a newline. Forbidden characters (bidi
    /// overrides) pass through here as through cmark; `HTML.clean` removes them from the page.
    /// Two tests hold this to cmark for every section of the seeds, the corpus and generated
    /// reports, and for random text.
    static func plainHTML(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = p.count
        // cmark skips a byte-order mark at the start.
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(n + n / 8 + 16)
        var inParagraph = false
        var i = 0
        while i < n {
            // The line p[i..<end]; the next starts after its newline.
            let end = memchr(p.baseAddress! + i, Int32(UInt8(ascii: "\n")), n - i).map { UnsafeRawPointer(p.baseAddress!).distance(to: UnsafeRawPointer($0)) } ?? n
            defer { i = end + 1 }
            if end == i {
                if inParagraph { out.append(contentsOf: "</p>\n".utf8); inParagraph = false }
                continue
            }
            if p[i] == UInt8(ascii: "#") {
                // An ATX heading: one to six #, a space, then text (a heading may not interrupt a
                // paragraph here, though cmark allows it: such text goes to cmark).
                var level = 0
                while i + level < end && p[i + level] == UInt8(ascii: "#") { level += 1 }
                let text = i + level + 1
                guard !inParagraph, (1...6).contains(level), text < end, p[text - 1] == UInt8(ascii: " "),
                      p[text] != UInt8(ascii: " "), p[end - 1] != UInt8(ascii: "#"), isPlain(p, text, end)
                else { return nil }
                let tag = UInt8(ascii: "0") + UInt8(level)
                out.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "h"), tag, UInt8(ascii: ">")])
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[text..<end]))
                out.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "/"), UInt8(ascii: "h"), tag, UInt8(ascii: ">"), UInt8(ascii: "\n")])
                continue
            }
            guard startsProse(p, i, end), isPlain(p, i, end) else { return nil }
            out.append(contentsOf: inParagraph ? "\n".utf8 : "<p>".utf8)
            inParagraph = true
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<end]))
        }
        if inParagraph { out.append(contentsOf: "</p>\n".utf8) }
        return out
    }

    /// Whether a line can only be the text of a paragraph: it starts with a byte past ASCII, a
    /// letter, or digits that are not a list item's number (`1.`, `1)`).
    private static func startsProse(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var j = from
        while j < to && p[j] >= UInt8(ascii: "0") && p[j] <= UInt8(ascii: "9") { j += 1 }
        if j > from { return j == to || (p[j] != UInt8(ascii: ".") && p[j] != UInt8(ascii: ")")) }
        let b = p[from] | 0x20
        return p[from] >= 0x80 || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
    }

    /// Whether `p[from..<to]`, a line of text or a heading's text, is plain
    /// prose for `plainHTML`: no control character, ASCII only from `plainASCII`, no `www.`, and
    /// no space at the end.
    private static func isPlain(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        guard p[to - 1] != UInt8(ascii: " ") else { return false }
        var j = from
        while j < to {
            // Eight bytes past ASCII at a time (Chinese text).
            if j + 8 <= to && SWAR.load(p, at: j) & SWAR.highs == SWAR.highs { j += 8; continue }
            let b = p[j]
            j += 1
            if b >= 0x80 { continue }
            guard plainASCII >> b & 1 == 1 || b >= 64 && plainASCIIHigh >> (b - 64) & 1 == 1 else { return false }
            if b == UInt8(ascii: "."), j - 1 >= from + 3, p[j - 4] | 0x20 == UInt8(ascii: "w"), p[j - 3] | 0x20 == UInt8(ascii: "w"), p[j - 2] | 0x20 == UInt8(ascii: "w") {
                return false
            }
        }
        return true
    }

    /// The ASCII `plainHTML` passes as text, as bits: bytes 0–63 (space, digits and
    /// `#$%'()+,-./;=?`) and 64–127 (letters, `^{}`).
    private static let plainASCII: UInt64 = {
        var bits: UInt64 = 0
        for b in " 0123456789#$%'()+,-./;=?".utf8 { bits |= 1 << UInt64(b) }
        return bits
    }()
    private static let plainASCIIHigh: UInt64 = {
        var bits: UInt64 = 0
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz^{}".utf8 { bits |= 1 << UInt64(b - 64) }
        return bits
    }()

    /// The HTML cmark-gfm makes of `markdown`.
    func cmarkHTML(_ markdown: String) -> [UInt8] {
        // CMARK_OPT_UNSAFE is never set: raw HTML and dangerous URLs (javascript:) are dropped.
        // (A Swift string is valid UTF-8, so CMARK_OPT_VALIDATE_UTF8 would find nothing to mend.)
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return [] }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var finished: OpaquePointer?
        Self.parsingInlines.withLock { _ in
            markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
            finished = cmark_parser_finish(parser)
        }
        guard let document = finished else { return [] }
        defer { cmark_node_free(document) }
        // The parser's extensions must be passed to the renderer too, or the tag filter is skipped.
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return [] }
        defer { free(rendered) }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self), count: strlen(rendered)))
    }
}
