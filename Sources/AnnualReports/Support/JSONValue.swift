/// A JSON value with ordered object keys, written deterministically.
///
/// Foundation's `JSONEncoder` either scrambles key order or sorts it alphabetically; the report
/// contract reads best in its own order, and published data must be byte-identical across builds.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// Compact JSON on one line (for JSON Lines).
    public var compact: String {
        String(decoding: prettyAndCompactBytes().compact, as: UTF8.self)
    }

    /// Indented JSON, two spaces a level, ending without a newline.
    public var pretty: String {
        var pretty = ByteBuffer(capacity: 4096)
        var compact = ByteBuffer(capacity: 64)
        write(pretty: &pretty, compact: &compact, withCompact: false, level: 0)
        return String(decoding: pretty.array, as: UTF8.self)
    }

    /// The UTF-8 of `pretty`, with `terminator` after it, and of `compact`, from one walk: each
    /// string is escaped once, into the indented form, and copied from there.
    public func prettyAndCompactBytes(terminator: StaticString = "") -> (pretty: [UInt8], compact: [UInt8]) {
        var pretty: [UInt8] = []
        let compact = prettyAndCompactBytes(terminator: terminator) { pretty = Array($0) }
        return (pretty, compact)
    }

    /// The same, with the indented form lent to `pretty` (to be written out) rather than copied
    /// into an array of its own.
    public func prettyAndCompactBytes(terminator: StaticString = "", pretty use: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> [UInt8] {
        var pretty = ByteBuffer(capacity: 32_768)
        var compact = ByteBuffer(capacity: 24_576)
        write(pretty: &pretty, compact: &compact, withCompact: true, level: 0)
        pretty.append(terminator)
        try pretty.withBytes(use)
        return compact.array
    }

    /// Writes the indented form into `p` and, `withCompact`, the compact form into `c`: the UTF-8
    /// is copied in runs, never a scalar at a time.
    private func write(pretty p: inout ByteBuffer, compact c: inout ByteBuffer, withCompact: Bool, level: Int) {
        switch self {
        case .null, .bool, .int, .string:
            let start = p.count
            switch self {
            case .null: p.append("null")
            case .bool(let b): p.append(b ? "true" : "false")
            case .int(let n): p.appendDecimal(n)
            case .string(let s): JSONValue.escape(s, into: &p)
            case .array, .object: break
            }
            if withCompact { c.append(from: p, start: start) }
        case .array(let items):
            JSONValue.both(UInt8(ascii: "["), &p, &c, withCompact)
            for i in items.indices {
                JSONValue.startItem(i, level: level, &p, &c, withCompact)
                items[i].write(pretty: &p, compact: &c, withCompact: withCompact, level: level + 1)
            }
            if !items.isEmpty { JSONValue.newline(&p, level) }
            JSONValue.both(UInt8(ascii: "]"), &p, &c, withCompact)
        case .object(let members):
            JSONValue.both(UInt8(ascii: "{"), &p, &c, withCompact)
            for i in members.indices {
                JSONValue.startItem(i, level: level, &p, &c, withCompact)
                let start = p.count
                JSONValue.escape(members[i].0, into: &p)
                p.append(UInt8(ascii: ":"))
                if withCompact { c.append(from: p, start: start) }
                p.append(UInt8(ascii: " "))
                members[i].1.write(pretty: &p, compact: &c, withCompact: withCompact, level: level + 1)
            }
            if !members.isEmpty { JSONValue.newline(&p, level) }
            JSONValue.both(UInt8(ascii: "}"), &p, &c, withCompact)
        }
    }

    /// A byte of both forms.
    @inline(__always)
    private static func both(_ byte: UInt8, _ p: inout ByteBuffer, _ c: inout ByteBuffer, _ withCompact: Bool) {
        p.append(byte)
        if withCompact { c.append(byte) }
    }

    /// Before the `i`th item of an array or object: a comma after the one before, and its line.
    @inline(__always)
    private static func startItem(_ i: Int, level: Int, _ p: inout ByteBuffer, _ c: inout ByteBuffer, _ withCompact: Bool) {
        if i > 0 { both(UInt8(ascii: ","), &p, &c, withCompact) }
        newline(&p, level + 1)
    }

    private static func newline(_ out: inout ByteBuffer, _ level: Int) {
        let n = 1 + 2 * level
        let to = out.reserve(n)
        to.pointee = UInt8(ascii: "\n")
        (to + 1).initialize(repeating: UInt8(ascii: " "), count: n - 1)
        out.commit(n)
    }

    /// The ASCII bytes escaped in a JSON string, as bits: controls, `"`, `&`, `<`, `>` (bytes 0–63),
    /// and `\\` and DEL (64–127).
    private static let escapedLow: UInt64 = 0xFFFF_FFFF | 1 << 0x22 | 1 << 0x26 | 1 << 0x3C | 1 << 0x3E
    private static let escapedHigh: UInt64 = 1 << (0x5C - 64) | 1 << (0x7F - 64)

    /// Whether a byte is written as it is: every byte but the escaped ASCII ones and 0xE2, which
    /// may start U+2028 or U+2029.
    @inline(__always)
    private static func isPlain(_ b: UInt8) -> Bool {
        if b >= 0x80 { return b != 0xE2 }
        return b < 64 ? escapedLow >> b & 1 == 0 : escapedHigh >> (b - 64) & 1 == 0
    }

    /// Escapes a string for JSON. `<`, `>` and `&` are escaped too, so that JSON embedded in an HTML
    /// page can never close its `<script>` element; U+2028/2029 so that it is valid JavaScript.
    static func escape(_ s: String, into out: inout ByteBuffer) {
        if s.utf8.withContiguousStorageIfAvailable({ escape(bytes: $0, into: &out) }) == nil {
            var s = s
            s.withUTF8 { escape(bytes: $0, into: &out) }
        }
    }

    @inline(__always)
    private static func put(_ text: StaticString, at to: inout UnsafeMutablePointer<UInt8>) {
        to.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        to += text.utf8CodeUnitCount
    }

    /// Whether none of eight bytes is escaped or 0xE2: keys, figures and text mixed with them.
    /// (`x - 0x20…` borrows into the high bit of each ASCII control; a byte may be looked at for
    /// nothing, none is missed.)
    @inline(__always)
    private static func nothingToEscape(_ x: UInt64) -> Bool {
        var look = (x &- SWAR.repeating(0x20)) & ~x & SWAR.highs
        look |= SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: "\""))) | SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: "&")))
        look |= SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: "<"))) | SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: ">")))
        look |= SWAR.zeroBytes(x ^ SWAR.repeating(UInt8(ascii: "\\"))) | SWAR.zeroBytes(x ^ SWAR.repeating(0x7F)) | SWAR.zeroBytes(x ^ SWAR.repeating(0xE2))
        return look == 0
    }

    private static func escape(bytes utf8: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer) {
        // The longest escape, `\u00XX`, is six bytes for one: room for the worst case at once.
        let start = out.reserve(6 * utf8.count + 2)
        var to = start
        to.pointee = UInt8(ascii: "\"")
        to += 1
        var i = 0
        let n = utf8.count
        while i < n {
            // Eight bytes at a time while none is ASCII or 0xE2: Chinese text and full-width
            // punctuation, most of a report's strings, written as they are.
            if i + 8 <= n {
                let x = SWAR.load(utf8, at: i)
                // (The first test alone, cheaper, passes the words of Chinese text.)
                if (x & SWAR.highs == SWAR.highs && SWAR.zeroBytes(x ^ SWAR.repeating(0xE2)) == 0) || nothingToEscape(x) {
                    UnsafeMutableRawPointer(to).storeBytes(of: x.littleEndian, as: UInt64.self)
                    to += 8
                    i += 8
                    continue
                }
            }
            // Otherwise the next eight bytes one at a time (an escape may end past them).
            let end = Swift.min(i + 8, n)
            while i < end {
                let b = utf8[i]
                if isPlain(b) || (b == 0xE2 && !(i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9))) {
                    to.pointee = b
                    to += 1
                    i += 1
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): put(#"\""#, at: &to)
                case UInt8(ascii: "\\"): put(#"\\"#, at: &to)
                case UInt8(ascii: "\n"): put(#"\n"#, at: &to)
                case UInt8(ascii: "\r"): put(#"\r"#, at: &to)
                case UInt8(ascii: "\t"): put(#"\t"#, at: &to)
                case UInt8(ascii: "<"): put(#"\u003c"#, at: &to)
                case UInt8(ascii: ">"): put(#"\u003e"#, at: &to)
                case UInt8(ascii: "&"): put(#"\u0026"#, at: &to)
                case 0xE2:
                    // U+2028 and U+2029, which JavaScript does not allow in a string.
                    put(utf8[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#, at: &to)
                    i += 2
                default:
                    let hex: StaticString = "0123456789abcdef"
                    put(#"\u00"#, at: &to)
                    to[0] = hex.utf8Start[Int(b >> 4)]
                    to[1] = hex.utf8Start[Int(b & 0xF)]
                    to += 2
                }
                i += 1
            }
        }
        to.pointee = UInt8(ascii: "\"")
        to += 1
        out.commit(start.distance(to: to))
    }
}
