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
        var pretty: [UInt8] = []
        var compact: [UInt8]? = nil
        write(pretty: &pretty, compact: &compact, level: 0)
        return String(decoding: pretty, as: UTF8.self)
    }

    /// The UTF-8 of `pretty`, with `terminator` after it, and of `compact`, from one walk: each
    /// string is escaped once, into the indented form, and copied from there.
    public func prettyAndCompactBytes(terminator: String = "") -> (pretty: [UInt8], compact: [UInt8]) {
        var pretty: [UInt8] = []
        var compact: [UInt8]? = []
        pretty.reserveCapacity(32_768)
        compact!.reserveCapacity(24_576)
        write(pretty: &pretty, compact: &compact, level: 0)
        pretty += terminator.utf8
        return (pretty, compact!)
    }

    /// Writes the indented form into `p` and, if there is `c`, the compact form into it: the
    /// UTF-8 is copied in runs, never a scalar at a time.
    private func write(pretty p: inout [UInt8], compact c: inout [UInt8]?, level: Int) {
        /// What was written into `p` from `start` on goes into `c` too.
        func copy(from start: Int) {
            guard c != nil else { return }
            p.withUnsafeBufferPointer { c!.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start...])) }
        }
        func both(_ byte: UInt8) {
            p.append(byte)
            c?.append(byte)
        }
        switch self {
        case .null, .bool, .int, .string:
            let start = p.count
            switch self {
            case .null: p += "null".utf8
            case .bool(let b): p += (b ? "true" : "false").utf8
            case .int(let n): p.appendDecimal(n)
            case .string(let s): JSONValue.escape(s, into: &p)
            case .array, .object: break
            }
            copy(from: start)
        case .array(let items):
            both(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { both(UInt8(ascii: ",")) }
                newline(&p, level + 1)
                item.write(pretty: &p, compact: &c, level: level + 1)
            }
            if !items.isEmpty { newline(&p, level) }
            both(UInt8(ascii: "]"))
        case .object(let members):
            both(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { both(UInt8(ascii: ",")) }
                newline(&p, level + 1)
                let start = p.count
                JSONValue.escape(member.0, into: &p)
                p.append(UInt8(ascii: ":"))
                copy(from: start)
                p.append(UInt8(ascii: " "))
                member.1.write(pretty: &p, compact: &c, level: level + 1)
            }
            if !members.isEmpty { newline(&p, level) }
            both(UInt8(ascii: "}"))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private func newline(_ out: inout [UInt8], _ level: Int) {
        out.append(UInt8(ascii: "\n"))
        var count = 2 * level
        while count > 0 {
            let n = min(count, Self.spaces.count)
            out.append(contentsOf: Self.spaces[0..<n])
            count -= n
        }
    }

    /// For each byte: 0 if it stands for itself in a JSON string, 1 if it is escaped, 2 for 0xE2,
    /// which may start U+2028 or U+2029.
    private static let escapeClass: [UInt8] = (0..<256).map { b in
        if b < 0x20 || b == 0x7F || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 { return 1 }
        return b == 0xE2 ? 2 : 0
    }

    /// Escapes a string for JSON. `<`, `>` and `&` are escaped too, so that JSON embedded in an HTML
    /// page can never close its `<script>` element; U+2028/2029 so that it is valid JavaScript.
    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            Self.escapeClass.withUnsafeBufferPointer { kind in
                var runStart = 0
                var i = 0
                while i < utf8.count {
                    let b = utf8[i]
                    let k = kind[Int(b)]
                    if k == 0 || (k == 2 && !(i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9))) {
                        i += 1
                        continue
                    }
                    if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                    switch b {
                    case UInt8(ascii: "\""): out += #"\""#.utf8
                    case UInt8(ascii: "\\"): out += #"\\"#.utf8
                    case UInt8(ascii: "\n"): out += #"\n"#.utf8
                    case UInt8(ascii: "\r"): out += #"\r"#.utf8
                    case UInt8(ascii: "\t"): out += #"\t"#.utf8
                    case UInt8(ascii: "<"): out += #"\u003c"#.utf8
                    case UInt8(ascii: ">"): out += #"\u003e"#.utf8
                    case UInt8(ascii: "&"): out += #"\u0026"#.utf8
                    case 0xE2:
                        // U+2028 and U+2029, which JavaScript does not allow in a string.
                        out += (utf8[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8
                        i += 2
                    default:
                        let hex = Array("0123456789abcdef".utf8)
                        out += #"\u00"#.utf8
                        out.append(hex[Int(b >> 4)])
                        out.append(hex[Int(b & 0xF)])
                    }
                    i += 1
                    runStart = i
                }
                if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of `n`, without making a string.
    public mutating func appendDecimal(_ n: Int) {
        if n < 0 { append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(contentsOf: buffer[i...])
        }
    }
}
