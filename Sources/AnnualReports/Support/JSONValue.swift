/// A JSON value with ordered object keys, written deterministically.
///
/// Foundation's `JSONEncoder` either scrambles key order or sorts it alphabetically; the report
/// contract reads best in its own order, and published data must be byte-identical across builds.
public indirect enum JSONValue: Sendable, Equatable {
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
        var out: [UInt8] = []
        write(into: &out, indent: false, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// `compact` made from `pretty` text without walking the value again: outside strings, the
    /// indented form differs only by line breaks and spaces (inside them, a line break is always
    /// escaped).
    public static func compact(fromPretty pretty: String) -> String {
        var pretty = pretty
        return pretty.withUTF8 { p in
            String(unsafeUninitializedCapacity: p.count) { out in
                var o = 0
                var inString = false
                var escaped = false
                for b in p {
                    if inString {
                        if escaped {
                            escaped = false
                        } else if b == UInt8(ascii: "\\") {
                            escaped = true
                        } else if b == UInt8(ascii: "\"") {
                            inString = false
                        }
                    } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") {
                        continue
                    } else if b == UInt8(ascii: "\"") {
                        inString = true
                    }
                    out[o] = b
                    o += 1
                }
                return o
            }
        }
    }

    /// Indented JSON, two spaces a level, ending without a newline.
    public var pretty: String {
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        write(into: &out, indent: true, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes into a byte buffer: the UTF-8 is copied in runs, never a scalar at a time.
    private func write(into out: inout [UInt8], indent: Bool, level: Int) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let n): out += String(n).utf8
        case .string(let s): JSONValue.escape(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                JSONValue.escape(key, into: &out)
                out += (indent ? ": " : ":").utf8
                value.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], _ indent: Bool, _ level: Int) {
        guard indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// Escapes a string for JSON. `<`, `>` and `&` are escaped too, so that JSON embedded in an HTML
    /// page can never close its `<script>` element; U+2028/2029 so that it is valid JavaScript.
    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            func flush() {
                if runStart < i { out.append(contentsOf: utf8[runStart..<i]) }
            }
            while i < utf8.count {
                let b = utf8[i]
                var replacement: String?
                switch b {
                case UInt8(ascii: "\""): replacement = "\\\""
                case UInt8(ascii: "\\"): replacement = "\\\\"
                case UInt8(ascii: "\n"): replacement = "\\n"
                case UInt8(ascii: "\r"): replacement = "\\r"
                case UInt8(ascii: "\t"): replacement = "\\t"
                case UInt8(ascii: "<"): replacement = "\\u003c"
                case UInt8(ascii: ">"): replacement = "\\u003e"
                case UInt8(ascii: "&"): replacement = "\\u0026"
                case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    // U+2028 and U+2029, which JavaScript does not allow in a string.
                    flush()
                    out += (utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8
                    i += 3
                    runStart = i
                    continue
                default:
                    if b < 0x20 || b == 0x7F {
                        let hex = String(b, radix: 16)
                        replacement = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    }
                }
                if let replacement {
                    flush()
                    out += replacement.utf8
                    runStart = i + 1
                }
                i += 1
            }
            flush()
        }
        out.append(UInt8(ascii: "\""))
    }
}
