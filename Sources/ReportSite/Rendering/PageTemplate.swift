import AnnualReports

/// What a theme's template is given: the values of one page.
///
/// `null`, `false` and the empty list are false in a section (`{{#name}}` is skipped, `{{^name}}`
/// shown); every other value is true, as the Mustache specification says (an empty string and 0
/// are true). A key whose value is `null` counts as missing, so the name is looked up further
/// out in the context stack.
enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    /// Text already in UTF-8 (a page body rendered for the base template): shown like a string.
    case utf8([UInt8])
    case list([TemplateValue])
    case object(TemplateObject)

    init(_ text: String?) { self = text.map(TemplateValue.string) ?? .null }

    var isFalse: Bool {
        switch self {
        case .null, .bool(false): true
        case .list(let items): items.isEmpty
        default: false
        }
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// A template object's names and values, in the order given. A name given twice has its last
/// value (as `TemplateValue`'s dictionary literal kept it before: `uniquingKeysWith` the last).
/// Looked up by comparing names, not by hashing them: objects are small
/// (a page has some twenty names, a cell of a table two or three), and a site-wide page has
/// thousands of them.
struct TemplateObject: Sendable, ExpressibleByDictionaryLiteral {
    /// Names and values.
    private var members: [(String, TemplateValue)]

    init(_ members: [(String, TemplateValue)]) { self.members = members }

    init(dictionaryLiteral elements: (String, TemplateValue)...) { self.init(elements) }

    subscript(name: String) -> TemplateValue? {
        get {
            // From the last: a later value for a name wins.
            var i = members.count
            while i > 0 {
                i -= 1
                if members[i].0 == name { return members[i].1 }
            }
            return nil
        }
        set {
            members.removeAll { $0.0 == name }
            if let newValue { members.append((name, newValue)) }
        }
    }
}

extension TemplateValue: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(elements))
    }
    init(nilLiteral: ()) { self = .null }
}

/// A Mustache template (https://mustache.github.io/mustache.5.html), compiled once and rendered
/// for every page.
///
/// Supported, as the specification's core modules define them: variables, escaped (`{{name}}`) or
/// not (`{{{name}}}`, `{{&name}}`); dotted names and `{{.}}`; sections and inverted sections;
/// comments; partials (`{{>name}}`, another template of the theme, indented when it stands
/// alone on its line); set delimiters (`{{=<% %>=}}`); and the rules for tags standing alone on
/// a line. Lambdas cannot come from a template file; inheritance (`{{<parent}}`, `{{$block}}`) is
/// refused with an error rather than rendered wrongly.
///
/// Escaping works on UTF-8 bytes: `&`, `<`, `>`, `"` and `'` become entities wherever they are,
/// also before a combining mark (a renderer that escapes whole characters leaves `"` followed by
/// U+0301 as it is, which ends an attribute).
struct PageTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        /// A name's parts (`a.b.c`); no parts is `{{.}}`.
        case variable([String], escaped: Bool)
        case section([String], inverted: Bool, [Node])
        /// A key of `partials`.
        case partial(String)
    }

    struct SyntaxError: Error, Sendable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var message: String
        var description: String { "\(file):\(line):\(column): \(message)" }
    }

    let nodes: [Node]
    /// Every partial the template uses, directly or through other partials, by name (and by the
    /// indentation it is included with, if any).
    let partials: [String: [Node]]

    /// Partials nested deeper than this render nothing: a partial that includes itself whatever
    /// the data would otherwise never end.
    static let maximumDepth = 64

    /// Compiles `source` (from `file`, for messages). `partial` gives the text and the file of a
    /// partial by name, or nil if the theme has none of that name.
    init(_ source: String, file: String, partial: (String) throws -> (text: String, file: String)?) throws {
        var parser = Parser(source, file: file)
        nodes = try parser.parse()
        var compiled: [String: [Node]] = [:]
        var pending = parser.partials
        while let use = pending.popLast() {
            guard compiled[use.key] == nil else { continue }
            guard let (text, partialFile) = try partial(use.name) else {
                throw use.error("找不到局部模板 \(use.name).mustache")
            }
            var partialParser = Parser(Self.indent(text, by: use.indentation), file: partialFile)
            compiled[use.key] = try partialParser.parse()
            pending += partialParser.partials
        }
        partials = compiled
    }

    /// The specification indents every line of a standalone partial's template (not the values
    /// it shows) by the tag's indentation.
    static func indent(_ text: String, by indentation: String) -> String {
        guard !indentation.isEmpty else { return text }
        var result = ""
        var atLineStart = true
        for scalar in text.unicodeScalars {
            if atLineStart { result += indentation; atLineStart = false }
            result.unicodeScalars.append(scalar)
            if scalar == "\n" { atLineStart = true }
        }
        return result
    }

    /// Every name a tag of the template or of its partials uses, each part of a dotted name
    /// apart: a value no tag names need not be made.
    var names: Set<String> {
        var names: Set<String> = []
        func collect(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text, .partial: break
                case .variable(let parts, _): names.formUnion(parts)
                case .section(let parts, _, let children):
                    names.formUnion(parts)
                    collect(children)
                }
            }
        }
        collect(nodes)
        partials.values.forEach(collect)
        return names
    }

    /// The page's UTF-8.
    func bytes(_ context: TemplateValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 * 1024)
        var stack = [context]
        render(nodes, &stack, into: &out, depth: 0)
        return out
    }

    private func render(_ nodes: [Node], _ stack: inout [TemplateValue], into out: inout [UInt8], depth: Int) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let name, let escaped):
                switch Self.lookup(name, in: stack) {
                case .string(let text):
                    if escaped { HTML.appendEscaped(text, to: &out) } else { out.append(contentsOf: text.utf8) }
                case .utf8(let text):
                    if escaped { text.withUnsafeBufferPointer { HTML.appendEscaped($0, to: &out) } } else { out.append(contentsOf: text) }
                case .int(let number): out.appendDecimal(number)
                case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
                case .null, .list, .object: break
                }
            case .section(let name, let inverted, let children):
                let value = Self.lookup(name, in: stack)
                if inverted {
                    if value.isFalse { render(children, &stack, into: &out, depth: depth) }
                    continue
                }
                switch value {
                case .null, .bool(false): break
                case .bool(true): render(children, &stack, into: &out, depth: depth)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(children, &stack, into: &out, depth: depth)
                        stack.removeLast()
                    }
                case .int, .string, .utf8, .object:
                    stack.append(value)
                    render(children, &stack, into: &out, depth: depth)
                    stack.removeLast()
                }
            case .partial(let key):
                if depth < Self.maximumDepth, let children = partials[key] {
                    render(children, &stack, into: &out, depth: depth + 1)
                }
            }
        }
    }

    /// The first part of a name is looked up from the innermost context outwards; the other
    /// parts only in what the first found.
    static func lookup(_ name: [String], in stack: [TemplateValue]) -> TemplateValue {
        guard let first = name.first else { return stack.last ?? .null }
        var found = TemplateValue.null
        for context in stack.reversed() {
            if case .object(let values) = context, let value = values[first], !value.isNull {
                found = value
                break
            }
        }
        for part in name.dropFirst() {
            guard case .object(let values) = found, let value = values[part] else { return .null }
            found = value
        }
        return found
    }
}

extension PageTemplate {
    /// A partial as a template uses it.
    struct PartialUse {
        var name: String
        var indentation: String
        var error: (String) -> SyntaxError
        var key: String { indentation.isEmpty ? name : name + "\u{0}" + indentation }
    }

    struct Parser {
        let source: [UInt8]
        let file: String
        var open = Array("{{".utf8)
        var close = Array("}}".utf8)
        var partials: [PartialUse] = []

        init(_ text: String, file: String) {
            source = Array(text.utf8)
            self.file = file
        }

        func error(at offset: Int, _ message: String) -> SyntaxError {
            var line = 1
            var lineStart = 0
            for i in 0..<min(offset, source.count) where source[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            let column = String(decoding: source[lineStart..<min(offset, source.count)], as: UTF8.self).unicodeScalars.count + 1
            return SyntaxError(file: file, line: line, column: column, message: message)
        }

        func find(_ needle: [UInt8], from start: Int) -> Int? {
            source.withUnsafeBufferPointer { s in needle.withUnsafeBufferPointer { ByteSearch.index(of: $0, in: s, from: start) } }
        }

        static func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

        func text(_ range: Range<Int>) -> String {
            String(decoding: source[range], as: UTF8.self)
        }

        /// A tag's name: `.` or dot-separated parts, without spaces inside.
        func name(_ raw: String, at offset: Int) throws -> [String] {
            if raw == "." { return [] }
            let parts = raw.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !raw.isEmpty, parts.allSatisfy({ part in
                !part.isEmpty && !part.unicodeScalars.contains { $0.properties.isWhitespace || "(){}".unicodeScalars.contains($0) }
            }) else {
                throw error(at: offset, raw.isEmpty ? "标签缺少名称" : "标签名称“\(raw)”无效：名称由字母、数字等组成，可用“.”分隔，不能含空格或括号")
            }
            return parts
        }

        private struct OpenSection {
            var name: [String]
            var raw: String
            var inverted: Bool
            var offset: Int
            var outer: [Node]
        }

        mutating func parse() throws -> [Node] {
            var nodes: [Node] = []
            var sections: [OpenSection] = []
            var textStart = 0
            func flush(_ end: Int) {
                if end > textStart { nodes.append(.text(Array(source[textStart..<end]))) }
            }
            while let tagStart = find(open, from: textStart) {
                var contentStart = tagStart + open.count
                let sigil: UInt8? = contentStart < source.count && "#^/!>&={$<".utf8.contains(source[contentStart]) ? source[contentStart] : nil
                if sigil != nil { contentStart += 1 }
                let closer: [UInt8]
                switch sigil {
                case UInt8(ascii: "{"): closer = [UInt8(ascii: "}")] + close
                case UInt8(ascii: "="): closer = [UInt8(ascii: "=")] + close
                default: closer = close
                }
                guard let contentEnd = find(closer, from: contentStart) else {
                    throw error(at: tagStart, "标签没有结束：找不到“\(String(decoding: closer, as: UTF8.self))”")
                }
                let raw = text(contentStart..<contentEnd).trimmingBlanks
                let tagEnd = contentEnd + closer.count

                // A section, inverted section, closing, comment, partial or delimiter tag alone on
                // its line (but for spaces and tabs) takes the whole line with it.
                var lineStart = tagStart
                var resume = tagEnd
                var standalone = false
                if let sigil, "#^/!>=".utf8.contains(sigil) {
                    var before = tagStart
                    while before > textStart && Self.isBlank(source[before - 1]) { before -= 1 }
                    if before == 0 || source[before - 1] == UInt8(ascii: "\n") {
                        var after = tagEnd
                        while after < source.count && Self.isBlank(source[after]) { after += 1 }
                        if after == source.count {
                            standalone = true
                        } else if source[after] == UInt8(ascii: "\n") {
                            standalone = true
                            after += 1
                        } else if source[after] == UInt8(ascii: "\r"), after + 1 < source.count, source[after + 1] == UInt8(ascii: "\n") {
                            standalone = true
                            after += 2
                        }
                        if standalone {
                            lineStart = before
                            resume = after
                        }
                    }
                }
                flush(lineStart)
                textStart = resume

                switch sigil {
                case UInt8(ascii: "!"):
                    break
                case UInt8(ascii: "="):
                    let parts = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                        throw error(at: tagStart, "分隔符标签应写作 {{=<% %>=}}：两个分隔符，以空格分开，不含“=”")
                    }
                    open = Array(parts[0].utf8)
                    close = Array(parts[1].utf8)
                case UInt8(ascii: "#"), UInt8(ascii: "^"):
                    sections.append(OpenSection(name: try name(raw, at: tagStart), raw: raw, inverted: sigil == UInt8(ascii: "^"), offset: tagStart, outer: nodes))
                    nodes = []
                case UInt8(ascii: "/"):
                    guard let section = sections.popLast() else {
                        throw error(at: tagStart, "结束标签 {{/\(raw)}} 前面没有对应的 {{#\(raw)}} 或 {{^\(raw)}}")
                    }
                    guard section.raw == raw else {
                        throw error(at: tagStart, "结束标签 {{/\(raw)}} 与第 \(error(at: section.offset, "").line) 行的 {{\(section.inverted ? "^" : "#")\(section.raw)}} 不对应")
                    }
                    let children = nodes
                    nodes = section.outer
                    nodes.append(.section(section.name, inverted: section.inverted, children))
                case UInt8(ascii: ">"):
                    guard !raw.isEmpty, !raw.contains(".."), !raw.hasPrefix("/"), !raw.contains(where: { $0.isWhitespace }) else {
                        throw error(at: tagStart, "局部模板名称“\(raw)”无效")
                    }
                    let indentation = standalone ? text(lineStart..<tagStart) : ""
                    let offset = tagStart
                    let use = PartialUse(name: raw, indentation: indentation, error: { [self] message in error(at: offset, message) })
                    partials.append(use)
                    nodes.append(.partial(use.key))
                case UInt8(ascii: "$"), UInt8(ascii: "<"):
                    throw error(at: tagStart, "不支持模板继承（{{<…}} 与 {{$…}}）；请改用局部模板 {{>名称}}")
                default:
                    nodes.append(.variable(try name(raw, at: tagStart), escaped: sigil == nil))
                }
            }
            flush(source.count)
            if let section = sections.last {
                throw error(at: section.offset, "区块 {{\(section.inverted ? "^" : "#")\(section.raw)}} 没有结束标签 {{/\(section.raw)}}")
            }
            return nodes
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
