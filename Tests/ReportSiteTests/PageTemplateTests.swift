import Foundation
@testable import ReportSite
import Testing

/// The theme's template language, case by case as the Mustache specification
/// (https://github.com/mustache/spec, the core modules) words them.
@Suite struct PageTemplateTests {
    static func render(_ source: String, _ context: TemplateValue = [:], partials: [String: String] = [:]) throws -> String {
        try PageTemplate(source, file: "test.mustache", partial: { name in partials[name].map { ($0, "\(name).mustache") } }).bytes(context)
            .withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    static func syntaxError(_ source: String, partials: [String: String] = [:]) -> PageTemplate.SyntaxError? {
        do {
            _ = try render(source, partials: partials)
            return nil
        } catch {
            return error as? PageTemplate.SyntaxError
        }
    }

    @Test func variablesAreEscapedUnlessTripleOrAmpersand() throws {
        let context: TemplateValue = ["v": "& \" < > '", "n": 85, "t": true]
        #expect(try Self.render("{{v}}|{{{v}}}|{{&v}}|{{ v }}|{{n}}|{{t}}|{{missing}}", context)
            == "&amp; &quot; &lt; &gt; &#39;|& \" < > '|& \" < > '|&amp; &quot; &lt; &gt; &#39;|85|true|")
    }

    /// A quote followed by a combining mark is one character but still a quote to the HTML parser:
    /// escaping whole characters left it as it was, and the rest of a value became attributes.
    @Test func aQuoteBeforeACombiningMarkIsEscaped() throws {
        let url: TemplateValue = ["u": "https://example.org/a\"\u{301} onmouseover=alert(1) x=\""]
        let html = try Self.render("<a href=\"{{u}}\">", url)
        #expect(html == "<a href=\"https://example.org/a&quot;\u{301} onmouseover=alert(1) x=&quot;\">")
    }

    @Test func dottedNamesAndTheImplicitIterator() throws {
        let context: TemplateValue = ["a": ["b": ["c": "deep"]], "b": "outer", "list": ["x", "y"]]
        #expect(try Self.render("{{a.b.c}}|{{a.b.missing}}|{{a.x.c}}|{{#a}}{{b.c}}{{/a}}|{{#list}}{{.}},{{/list}}", context) == "deep|||deep|x,y,")
        // A broken chain does not look further out: `a.b` is found, so `a.b.b` is not `b`.
        #expect(try Self.render("{{#a}}{{a.b.b}}{{/a}}", context) == "")
    }

    @Test func sectionsOverEveryKindOfValue() throws {
        let context: TemplateValue = [
            "yes": true, "no": false, "empty": [], "zero": 0, "blank": "", "nothing": nil,
            "list": [["n": 1], ["n": 2]], "object": ["n": 9], "n": 0,
        ]
        #expect(try Self.render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#empty}}E{{/empty}}{{#nothing}}X{{/nothing}}", context) == "Y")
        // 0 and the empty string are true, as the specification says.
        #expect(try Self.render("{{#zero}}[{{.}}]{{/zero}}{{#blank}}[{{.}}]{{/blank}}", context) == "[0][]")
        #expect(try Self.render("{{#list}}{{n}};{{/list}}{{#object}}{{n}}{{/object}}{{n}}", context) == "1;2;90")
        #expect(try Self.render("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}{{^empty}}E{{/empty}}{{^nothing}}X{{/nothing}}{{^zero}}Z{{/zero}}", context) == "NEX")
        // Names are looked up from the innermost context outwards.
        #expect(try Self.render("{{#list}}{{#object}}{{n}}{{/object}}{{/list}}", context) == "99")
        // A null value counts as missing, so the outer value shows.
        #expect(try Self.render("{{#inner}}{{n}}{{/inner}}", ["n": 7, "inner": ["n": nil]]) == "7")
    }

    /// Objects are lists of names, looked up by comparing them: they must answer as the
    /// dictionaries they replaced did.
    @Test func anObjectAnswersAsADictionary() throws {
        // A name given twice has its last value (a Swift dictionary literal would trap).
        #expect(try Self.render("{{a}}|{{b}}", ["a": "first", "b": "x", "a": "last"]) == "last|x")
        var object: TemplateObject = ["a": "1", "b": "2"]
        object["a"] = "3"
        object["c"] = "4"
        object["b"] = nil
        #expect(object["b"] == nil)
        #expect(try Self.render("{{a}}{{b}}{{c}}", .object(object)) == "34")
        #expect(try Self.render("{{x}}", .object([:])) == "")
    }

    @Test func standaloneTagsTakeTheirLineWithThem() throws {
        let context: TemplateValue = ["show": true, "items": ["a", "b"]]
        #expect(try Self.render("begin\n  {{#show}}\n  in\n  {{/show}}\nend\n", context) == "begin\n  in\nend\n")
        #expect(try Self.render(" | {{#show}}\t|\t{{/show}} | \n", context) == " | \t|\t | \n")
        #expect(try Self.render("{{#items}}\n- {{.}}\n{{/items}}\n", context) == "- a\n- b\n")
        #expect(try Self.render("a\n  {{! a comment\n over lines }}  \nb", context) == "a\nb")
        #expect(try Self.render("a\r\n{{#show}}\r\nb\r\n{{/show}}\r\n", context) == "a\r\nb\r\n")
        // At the end of the text, without a newline.
        #expect(try Self.render("a\n{{#show}}b\n{{/show}}", context) == "a\nb\n")
        // A variable never stands alone.
        #expect(try Self.render("  {{missing}}\n", context) == "  \n")
    }

    @Test func setDelimiters() throws {
        let context: TemplateValue = ["v": "<x>"]
        #expect(try Self.render("{{=<% %>=}}<% v %> {{v}} <%{v}%> <%={{ }}=%>{{v}}", context) == "&lt;x&gt; {{v}} <x> &lt;x&gt;")
        #expect(try Self.render("a\n  {{=| |=}}\n|v|\n", context) == "a\n&lt;x&gt;\n")
    }

    @Test func partialsWithIndentationAndRecursion() throws {
        let context: TemplateValue = ["content": "<\n->", "name": "n", "kids": [["name": "k", "kids": []]]]
        #expect(try Self.render("[{{>p}}]", context, partials: ["p": "{{name}}"]) == "[n]")
        // A standalone partial's lines are indented; the values it shows are not.
        #expect(try Self.render("\\\n {{>p}}\n/\n", context, partials: ["p": "|\n{{{content}}}\n|\n"]) == "\\\n |\n <\n->\n |\n/\n")
        // A partial may include itself; the data ends it.
        #expect(try Self.render("{{>node}}", context, partials: ["node": "{{name}}({{#kids}}{{>node}}{{/kids}})"]) == "n(k())")
        // A partial that includes itself whatever the data stops at a depth limit.
        let endless = try Self.render("{{>loop}}", context, partials: ["loop": "x{{>loop}}"])
        #expect(endless == String(repeating: "x", count: PageTemplate.maximumDepth))
    }

    @Test func syntaxErrorsSayWhereAndWhat() throws {
        let unclosed = try #require(Self.syntaxError("<p>\n  {{#items}}\n{{name}}\n"))
        #expect((unclosed.line, unclosed.column) == (2, 3))
        #expect(unclosed.message.contains("{{#items}}") && unclosed.message.contains("{{/items}}"))
        let mismatched = try #require(Self.syntaxError("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}"))
        #expect((mismatched.line, mismatched.column) == (3, 1))
        #expect(mismatched.message.contains("第 2 行"))
        #expect(try #require(Self.syntaxError("x {{/a}}")).column == 3)
        #expect(try #require(Self.syntaxError("年度 {{name")).description == "test.mustache:1:4: 标签没有结束：找不到“}}”")
        #expect(try #require(Self.syntaxError("{{first(items)}}")).message.contains("无效"))
        #expect(try #require(Self.syntaxError("{{a b}}")).message.contains("无效"))
        #expect(try #require(Self.syntaxError("{{$block}}x{{/block}}")).message.contains("模板继承"))
        #expect(try #require(Self.syntaxError("{{=<% =}}")).message.contains("分隔符"))
        #expect(try #require(Self.syntaxError("a\n{{>missing}}")).description == "test.mustache:2:1: 找不到局部模板 missing.mustache")
        // An error inside a partial names the partial's file and line.
        let inPartial = try #require(Self.syntaxError("{{>p}}", partials: ["p": "ok\n{{#x}}"]))
        #expect(inPartial.description.hasPrefix("p.mustache:2:1: "))
        #expect(try #require(Self.syntaxError("{{>../secret}}")).message.contains("无效"))
    }
}
