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
    public var compact: String { String(decoding: bytes(indented: false), as: UTF8.self) }

    /// Indented JSON, two spaces a level, ending without a newline.
    public var pretty: String { String(decoding: bytes(indented: true), as: UTF8.self) }

    /// The UTF-8 of `pretty` or of `compact`.
    public func bytes(indented: Bool) -> [UInt8] {
        JSONBytes.make(indented: indented, write: write(into:))
    }

    /// The value, as calls to a sink: a tree written as JSON the same way a value written
    /// straight to the sink is.
    public func write(into sink: inout some JSONSink & ~Copyable) {
        switch self {
        case .null: sink.null()
        case .bool(let b): sink.bool(b)
        case .int(let n): sink.int(n)
        case .string(let s): sink.string(s)
        case .array(let items):
            sink.array(items) { sink, item in item.write(into: &sink) }
        case .object(let members):
            sink.object { sink in
                for (key, value) in members {
                    sink.key(key)
                    value.write(into: &sink)
                }
            }
        }
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

    static func escape(bytes utf8: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer) {
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

/// What JSON is written into: a value is a call (`string`, `int`, …) or a container
/// (`beginObject`, then `key` and a value for each member, then `endObject`). Writing a report
/// into a sink rather than building a `JSONValue` first spares the tree: a report's JSON is
/// some thousand values, each made, walked and freed.
public protocol JSONSink: ~Copyable {
    mutating func null()
    mutating func bool(_ b: Bool)
    mutating func int(_ n: Int)
    mutating func string(_ s: String)
    /// A string whose UTF-8 `write` appends, with nothing in it to escape.
    mutating func string(plain write: (inout ByteBuffer) -> Void)
    mutating func beginArray()
    mutating func endArray()
    mutating func beginObject()
    /// The key of the object member whose value comes next.
    @_disfavoredOverload mutating func key(_ name: String)
    /// A key written in the program: letters, digits, `.` and `_` only.
    mutating func key(_ name: StaticString)
    mutating func endObject()
}

extension JSONSink where Self: ~Copyable {
    public mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    public mutating func int(_ n: Int?) { if let n { int(n) } else { null() } }

    /// An object, its members written by `members`.
    @inline(__always)
    public mutating func object(_ members: (inout Self) -> Void) {
        beginObject()
        members(&self)
        endObject()
    }

    /// An array of a value for each item, written by `value`.
    @inline(__always)
    public mutating func array<Items: Sequence>(_ items: Items, _ value: (inout Self, Items.Element) -> Void) {
        beginArray()
        for item in items { value(&self, item) }
        endArray()
    }
}

/// A sink that makes the `JSONValue` of what is written.
public struct JSONTree: JSONSink {
    private enum Open {
        case array([JSONValue])
        case object([(String, JSONValue)], key: String)
    }

    private var open: [Open] = []
    /// The value written, once it is whole.
    public private(set) var value: JSONValue = .null

    public init() {}

    private mutating func add(_ v: JSONValue) {
        guard let last = open.popLast() else {
            value = v
            return
        }
        switch last {
        case .array(var items):
            items.append(v)
            open.append(.array(items))
        case .object(var members, let key):
            members.append((key, v))
            open.append(.object(members, key: ""))
        }
    }

    public mutating func null() { add(.null) }
    public mutating func bool(_ b: Bool) { add(.bool(b)) }
    public mutating func int(_ n: Int) { add(.int(n)) }
    public mutating func string(_ s: String) { add(.string(s)) }
    public mutating func string(plain write: (inout ByteBuffer) -> Void) {
        var bytes = ByteBuffer(capacity: 256)
        write(&bytes)
        add(.string(bytes.string))
    }
    public mutating func beginArray() { open.append(.array([])) }
    public mutating func endArray() {
        guard case .array(let items)? = open.popLast() else { preconditionFailure("endArray without beginArray") }
        add(.array(items))
    }
    public mutating func beginObject() { open.append(.object([], key: "")) }
    @_disfavoredOverload public mutating func key(_ name: String) {
        guard case .object(let members, _)? = open.popLast() else { preconditionFailure("key outside an object") }
        open.append(.object(members, key: name))
    }
    public mutating func key(_ name: StaticString) { key(name.description) }
    public mutating func endObject() {
        guard case .object(let members, _)? = open.popLast() else { preconditionFailure("endObject without beginObject") }
        add(.object(members))
    }
}

/// A sink that writes JSON as UTF-8, indented (two spaces a level, no newline at the end) or
/// compact (no layout at all).
public struct JSONBytes: JSONSink, ~Copyable {
    public var out = ByteBuffer(capacity: 24_576)
    private let indented: Bool
    /// How many containers are open, and a bit for each (the outermost lowest): whether it has
    /// an item yet.
    private var depth = 0
    private var hasItems: UInt64 = 0
    /// Whether a key was just written: its value then starts no item of its own.
    private var afterKey = false

    public init(indented: Bool) {
        self.indented = indented
    }

    /// What `write` writes.
    public static func make(indented: Bool, write: (inout JSONBytes) -> Void) -> [UInt8] {
        var bytes = JSONBytes(indented: indented)
        write(&bytes)
        return bytes.out.array
    }

    /// Before a value: unless it is a member's (its key started the item), a comma after the
    /// item before, and its line.
    @inline(__always)
    private mutating func startValue() {
        if afterKey {
            afterKey = false
        } else if depth > 0 {
            startItem()
        }
    }

    @inline(__always)
    private mutating func startItem() {
        let bit: UInt64 = 1 << (depth - 1)
        if hasItems & bit != 0 { out.append(UInt8(ascii: ",")) } else { hasItems |= bit }
        newline()
    }

    @inline(__always)
    private mutating func scalar(_ write: (inout ByteBuffer) -> Void) {
        startValue()
        write(&out)
    }

    public mutating func null() { scalar { $0.append("null") } }
    public mutating func bool(_ b: Bool) { scalar { $0.append(b ? "true" : "false") } }
    public mutating func int(_ n: Int) { scalar { $0.appendDecimal(n) } }
    public mutating func string(_ s: String) { scalar { JSONValue.escape(s, into: &$0) } }
    public mutating func string(plain write: (inout ByteBuffer) -> Void) {
        scalar { p in
            p.append(UInt8(ascii: "\""))
            write(&p)
            p.append(UInt8(ascii: "\""))
        }
    }

    private mutating func open(_ byte: UInt8) {
        startValue()
        out.append(byte)
        precondition(depth < 64, "JSON nested more than 64 deep")
        depth += 1
        hasItems &= ~(1 << (depth - 1))
    }

    private mutating func close(_ byte: UInt8) {
        let hadItems = hasItems & 1 << (depth - 1) != 0
        depth -= 1
        if hadItems { newline() }
        out.append(byte)
    }

    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }
    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func key(_ name: StaticString) {
        key(utf8: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    @_disfavoredOverload public mutating func key(_ name: String) {
        var name = name
        name.withUTF8 { key(utf8: $0) }
    }

    private mutating func key(utf8 u: UnsafeBufferPointer<UInt8>) {
        startItem()
        // A key of letters, digits, `.` and `_` (every key of a report) needs no escape: it is
        // copied between its quotes as it is; any other is escaped.
        let to = out.reserve(u.count + 3)
        var plain = true
        for i in 0..<u.count {
            guard Self.isPlainKeyByte(u[i]) else {
                plain = false
                break
            }
            to[i + 1] = u[i]
        }
        if plain {
            to.pointee = UInt8(ascii: "\"")
            to[u.count + 1] = UInt8(ascii: "\"")
            to[u.count + 2] = UInt8(ascii: ":")
            out.commit(u.count + 3)
        } else {
            JSONValue.escape(bytes: u, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        if indented { out.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    @inline(__always)
    private static func isPlainKeyByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// A line break and the indent of the current depth, if indented.
    private mutating func newline() {
        guard indented else { return }
        let n = 1 + 2 * depth
        let to = out.reserve(n)
        to.pointee = UInt8(ascii: "\n")
        (to + 1).initialize(repeating: UInt8(ascii: " "), count: n - 1)
        out.commit(n)
    }
}
