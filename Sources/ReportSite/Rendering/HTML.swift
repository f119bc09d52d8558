import AnnualReports

/// Escaping for text from reports in HTML and XML: everything a report says reaches a page, the
/// sitemap or the feed only through here (page templates escape with it too) or through
/// cmark-gfm in safe mode.
enum HTML {
    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { p in
            guard p.count > 0 else { return "" }
            return String(unsafeUninitializedCapacity: p.count * 6) { escape(p, into: $0) }
        }
    }

    /// `text` escaped, added to `out`: how page templates show a value (`PageTemplate`).
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
    }

    /// `text` escaped, written straight into `out`'s room (`Markup`).
    static func appendEscaped(_ text: String, to out: inout ByteBuffer) {
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
    }

    static func appendEscaped(_ p: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
        guard p.count > 0 else { return }
        let room = 6 * p.count
        let to = out.reserve(room)
        out.commit(escape(p, into: UnsafeMutableBufferPointer(start: to, count: room)))
    }

    static func appendEscaped(_ p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard p.count > 0 else { return }
        // Escaped on the stack (for all but long texts), then copied once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: p.count * 6) { room in
            let written = escape(p, into: room)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: room[..<written]))
        }
    }

    /// Writes `p` escaped into `out`, which has room for 6 bytes (`&quot;`) for each byte of
    /// `p`; returns how many bytes it wrote. Every byte is looked at alone, so a quote is escaped
    /// also when a combining mark follows it. Runs of bytes that need nothing are copied whole.
    private static func escape(_ p: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var o = 0
        func put(_ s: StaticString) {
            s.withUTF8Buffer { for b in $0 { out[o] = b; o += 1 } }
        }
        var i = 0
        var run = 0
        func copyRun() {
            if run < i {
                UnsafeMutableRawPointer(out.baseAddress! + o).copyMemory(from: p.baseAddress! + run, byteCount: i - run)
                o += i - run
            }
        }
        attention.withUnsafeBufferPointer { attention in
            while i < p.count {
                let b = p[i]
                guard attention[Int(b)] != 0 else { i += 1; continue }
                let skip = forbiddenLength(p, at: i)
                let replacement: StaticString?
                switch b {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: replacement = nil
                }
                guard replacement != nil || skip > 0 else { i += 1; continue }
                copyRun()
                if let replacement {
                    put(replacement)
                    i += 1
                } else {
                    i += skip
                }
                run = i
            }
            copyRun()
        }
        return o
    }

    /// The bytes `escape` must look at: those it replaces, and those that may start a forbidden
    /// scalar (`forbiddenLength`). A page is mostly others.
    private static let attention: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for b in [Int](0..<0x20) + [0x7F, 0xE2, 0xEF] + "&<>\"'".utf8.map(Int.init) where b != 0x09 && b != 0x0A { table[b] = 1 }
        return table
    }()
}

extension HTML {
    /// A page with the characters that must never reach a page removed (controls other than tab
    /// and newline, bidi overrides, XML noncharacters), in place: for pages rendered from a theme.
    static func clean(_ bytes: inout [UInt8]) {
        let count = bytes.withUnsafeMutableBufferPointer { p -> Int? in
            let read = UnsafeBufferPointer(p)
            guard let first = firstForbidden(read) else { return nil }
            return clean(read, from: first, into: p)
        }
        if let count { bytes.removeLast(bytes.count - count) }
    }

    private static func firstForbidden(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        guard p.baseAddress != nil else { return nil }
        var i = 0
        // Eight bytes at a time, past words with no byte that may start a forbidden scalar: no
        // byte below 0x20 and none equal to 0x7F, 0xE2 or 0xEF (most words of a page).
        while i + 8 <= p.count {
            let x = SWAR.load(p, at: i)
            // Bytes below 0x20 (`x - 0x20…` borrows into their high bits), 0x7F, 0xE2 and 0xEF.
            var candidates = (x &- SWAR.repeating(0x20)) & ~x & SWAR.highs
            candidates |= SWAR.zeroBytes(x ^ SWAR.repeating(0x7F)) | SWAR.zeroBytes(x ^ SWAR.repeating(0xE2)) | SWAR.zeroBytes(x ^ SWAR.repeating(0xEF))
            // A newline, a quotation mark…: only those bytes are looked at.
            while candidates != 0 {
                let j = i + candidates.trailingZeroBitCount / 8
                if forbiddenLength(p, at: j) > 0 { return j }
                candidates &= candidates &- 1
            }
            i += 8
        }
        while i < p.count && forbiddenLength(p, at: i) == 0 { i += 1 }
        return i < p.count ? i : nil
    }

    /// Copies `p` into `out` without its forbidden scalars, the first of which is at `first`;
    /// returns how many bytes it wrote. `out` may be `p` itself: writing never overtakes reading.
    private static func clean(_ p: UnsafeBufferPointer<UInt8>, from first: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        for j in 0..<first { out[j] = p[j] }
        var i = first
        var o = first
        while i < p.count {
            let skip = forbiddenLength(p, at: i)
            if skip > 0 { i += skip; continue }
            out[o] = p[i]; o += 1; i += 1
        }
        return o
    }

    /// How many bytes the UTF-8 of a forbidden scalar takes at `i`, or 0. Forbidden: controls
    /// other than tab and newline, DEL, the bidi embeddings and overrides (U+202A–U+202E) and
    /// isolates (U+2066–U+2069), and the noncharacters U+FFFE and U+FFFF. The
    /// callers test every byte; a byte that continues a scalar (0x80–0xBF) never matches.
    @inline(__always)
    static func forbiddenLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = p[i]
        if b < 0x20 { return b == 0x0A || b == 0x09 ? 0 : 1 }
        if b == 0x7F { return 1 }
        guard (b == 0xE2 || b == 0xEF), i + 2 < p.count else { return 0 }
        let b1 = p[i + 1], b2 = p[i + 2]
        if b == 0xE2 {
            // U+202A–U+202E and U+2066–U+2069
            return (b1 == 0x80 && (0xAA...0xAE).contains(b2)) || (b1 == 0x81 && (0xA6...0xA9).contains(b2)) ? 3 : 0
        }
        // U+FFFE, U+FFFF
        return b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF) ? 3 : 0
    }
}

/// A page part written as UTF-8 bytes, for the site-wide files of thousands of rows (a
/// comparison table, a chart, the feed, the sitemap): markup and figures appended as they are,
/// text from reports escaped; no string is made for a cell. Written into a `ByteBuffer`: an
/// append is a capacity test and a copy (these files are a million small appends).
struct Markup: ~Copyable {
    private var buffer: ByteBuffer

    init(capacity: Int) { buffer = ByteBuffer(capacity: capacity) }

    /// What was written.
    var bytes: [UInt8] { buffer.array }

    /// Markup the generator wrote.
    mutating func raw(_ text: StaticString) { buffer.append(text) }

    /// Text the generator made (a path, a number it formatted), not from a report. (Disfavoured,
    /// so that a literal is written through `raw(_: StaticString)`, a plain copy of its bytes.)
    @_disfavoredOverload
    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append($0) }
    }

    /// Markup made as UTF-8 (a chart).
    mutating func raw(_ markup: [UInt8]) { markup.withUnsafeBufferPointer { buffer.append($0) } }

    /// Text from a report, escaped for HTML and XML.
    mutating func text(_ text: String) { HTML.appendEscaped(text, to: &buffer) }
    /// Text whose UTF-8 `write` appends, known to have nothing to escape and no character a page
    /// must not hold (`Check.messageIsPlain`).
    mutating func plainText(_ write: (inout ByteBuffer) -> Void) { write(&buffer) }

    mutating func int(_ n: Int) { buffer.appendDecimal(n) }

    /// A chart figure: `value` to one decimal place, without a trailing `.0` (fixed-point, so that
    /// the same chart is the same bytes on every build).
    mutating func figure(_ value: Double) {
        // The reader bounds every value (15 digits for counts, 12 for amounts); this only keeps
        // the conversion safe whatever comes in.
        let bounded = value.isFinite ? min(max(value, -1e17), 1e17) : 0
        let scaled = Int((bounded * 10).rounded())
        if scaled < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = abs(scaled)
        buffer.appendDecimal(magnitude / 10)
        if magnitude % 10 != 0 {
            buffer.append(UInt8(ascii: "."))
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
        }
    }
}
