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
