/// The report in the build cache's binary form (`ByteWriter`): every field, so that a report
/// read back from the cache is equal to the one the reader made (`Report` is `Equatable`; a test
/// checks the round trip on every layout).
extension Report {
    /// Bumped whenever the encoding changes; the cache is rebuilt when it differs.
    public static let binaryVersion = 4

    public func encode(into w: inout ByteWriter) {
        w.string(agency)
        w.string(agencySlug)
        w.int(year)
        w.string(template?.rawValue)
        w.optional(region) { Self.encodeRegion($1, into: &$0) }
        w.string(published)
        w.string(source.path)
        w.string(source.sha256)
        w.string(source.encoding)
        w.string(source.url)
        w.array(sections) { w, s in
            w.int(s.number)
            w.string(s.title)
            w.string(s.markdown)
        }
        w.optional(tables.activeDisclosure) { w, t in
            Self.encodeName(t.template.rawValue, into: &w)
            Self.encodeRows(t.rows, into: &w)
        }
        w.optional(tables.applications) { w, t in
            Self.encodeName(t.template.rawValue, into: &w)
            Self.encodeRows(t.rows, into: &w)
        }
        w.optional(tables.reviewLitigation) { w, t in Self.encodeRows(t.groups, into: &w) }
        w.array(checks) { Self.encodeCheck($1, into: &$0) }
        w.array(diagnostics) { w, d in Self.encodeDiagnostic(d, into: &w) }
        w.array(nullReasons.sorted { $0.key < $1.key }) { w, pair in
            w.string(pair.key)
            w.string(pair.value)
        }
    }

    public static func decode(from r: inout ByteReader) throws -> Report {
        let agency = try r.optionalString()
        let agencySlug = try r.optionalString()
        let year = try r.optionalInt()
        let template = try r.optionalString().map(Self.template(_:))
        let region = try r.optional { try decodeRegion(from: &$0) }
        let published = try r.optionalString()
        let source = SourceInfo(path: try r.string(), sha256: try r.string(), encoding: try r.string(), url: try r.optionalString())
        let sections = try r.array { r in Section(number: try r.int(), title: try r.string(), markdown: try r.optionalString()) }
        let active = try r.optional { r in ActiveDisclosure(template: try Self.template(decodeName(from: &r)), rows: try decodeRows(from: &r)) }
        let applications = try r.optional { r in Applications(template: try Self.template(decodeName(from: &r)), rows: try decodeRows(from: &r)) }
        let review = try r.optional { r in ReviewLitigation(groups: try decodeRows(from: &r)) }
        let checks = try r.array { try decodeCheck(from: &$0) }
        let diagnostics = try r.array { try decodeDiagnostic(from: &$0) }
        var report = Report(
            agency: agency, agencySlug: agencySlug, year: year, template: template, region: region, published: published,
            source: source, sections: sections,
            tables: Tables(activeDisclosure: active, applications: applications, reviewLitigation: review),
            checks: checks, diagnostics: diagnostics)
        for _ in 0..<(try r.count()) {
            let key = try r.string()
            report.nullReasons[key] = try r.string()
        }
        return report
    }

    public static func template(_ raw: String) throws -> Template {
        guard let t = Template(rawValue: raw) else { throw ByteReader.Malformed() }
        return t
    }

    public static func encodeRegion(_ region: Region, into w: inout ByteWriter) {
        w.string(region.province)
        w.string(region.city)
        w.string(region.county)
    }

    public static func decodeRegion(from r: inout ByteReader) throws -> Region {
        Region(province: try r.optionalString(), city: try r.optionalString(), county: try r.optionalString())
    }

    /// A sum check is its rule and operands (its status and figures follow from them, and are
    /// worked out again when it is read back); any other check keeps all it says.
    public static func encodeCheck(_ c: Check, into w: inout ByteWriter) {
        encodeName(c.id, into: &w)
        encodeName(c.scope, into: &w)
        switch c.detail {
        case .text(let text):
            w.unsigned(0)
            w.string(text)
            encodeName(c.status.rawValue, into: &w)
            w.int(c.expected)
            w.int(c.actual)
        case .sum(let rule, let operands, let split):
            w.unsigned(UInt64(rule) + 1)
            w.array(operands) { $0.int($1) }
            w.unsigned(UInt64(split))
        }
    }

    public static func decodeCheck(from r: inout ByteReader) throws -> Check {
        let id = try decodeName(from: &r), scope = try decodeName(from: &r)
        let rule = try r.unsigned()
        if rule == 0 {
            let message = try r.string()
            guard let status = Check.Status(rawValue: try decodeName(from: &r)) else { throw ByteReader.Malformed() }
            return Check(id: id, scope: scope, status: status, message: message, expected: try r.optionalInt(), actual: try r.optionalInt())
        }
        guard rule <= UInt64(Check.sumRules.count) else { throw ByteReader.Malformed() }
        let operands = try r.array { try $0.optionalInt() }
        let split = try r.unsigned()
        guard split <= UInt64(operands.count), Check.areSumOperands(operands) else { throw ByteReader.Malformed() }
        return Check(id: id, scope: scope, rule: Int(rule - 1), operands: operands, split: Int(split))
    }

    public static func encodeDiagnostic(_ d: Diagnostic, into w: inout ByteWriter) {
        encodeName(d.severity.rawValue, into: &w)
        w.string(d.message)
        w.string(d.location.file)
        w.int(d.location.line)
        w.int(d.location.column)
    }

    public static func decodeDiagnostic(from r: inout ByteReader) throws -> Diagnostic {
        guard let severity = Diagnostic.Severity(rawValue: try decodeName(from: &r)) else { throw ByteReader.Malformed() }
        let message = try r.string()
        return Diagnostic(severity, message, at: SourceLocation(file: try r.string(), line: try r.int(), column: try r.int()))
    }

    static func encodeRows(_ rows: [String: [TableValue?]], into w: inout ByteWriter) {
        // In a fixed order (a dictionary's own changes from run to run): the shared names by their
        // codes, which compare as integers, then any other by its text.
        let ordered = rows.map { (code: sharedCode($0.key), key: $0.key, values: $0.value) }
            .sorted { ($0.code ?? .max, $0.key) < ($1.code ?? .max, $1.key) }
        w.array(ordered) { w, row in
            encodeName(row.key, code: row.code, into: &w)
            w.array(row.values) { w, value in
                switch value {
                case nil: w.unsigned(0)
                case .count(let n)?:
                    w.unsigned(1)
                    w.int(n)
                case .amount(let s)?:
                    w.unsigned(2)
                    w.string(s)
                }
            }
        }
    }

    /// The names a report's tables and checks use (row keys, check ids and scopes, formats,
    /// statuses and severities), in a fixed order: the binary form writes a name of this list as
    /// its place in it, and a decoded report refers to the list's string instead of a copy of its
    /// own. Reading a name back is then an index, not a string made from bytes and looked up; and
    /// for a site of many reports the names are much of the memory their summaries take.
    private static let sharedNames: [String] = {
        var names = Applications.columns + ReviewLitigation.groups + ReviewLitigation.outcomes + ["received.total"]
        names += ["applications.balance", "applications.outcomeSum", "applications.rowTotals", "narrative.received", "reviewLitigation.totals", "series.carriedOver"]
        names += Template.allCases.map(\.rawValue) + ["pass", "fail", "unknown", "error", "warning", "note"]
        for template in Template.allCases {
            names += TableSchema.applicationRows(for: template).map(\.key) + TableSchema.activeDisclosureRows(for: template).map(\.key)
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }()

    /// The places in `sharedNames` by the name's length in bytes and last byte, each with the
    /// names that share them: a name is found by two bytes and a comparison with the few names
    /// there (most often the same string, compared by its storage), not by hashing its bytes.
    private static let sharedSlots: [[Int]] = {
        var slots = [[Int]](repeating: [], count: 64 * 256)
        for (code, name) in sharedNames.enumerated() {
            if let slot = slot(name) { slots[slot].append(code) }
        }
        return slots
    }()

    @inline(__always)
    private static func slot(_ name: String) -> Int? {
        let utf8 = name.utf8
        guard let last = utf8.last, utf8.count < 64 else { return nil }
        return utf8.count << 8 | Int(last)
    }

    private static func sharedCode(_ name: String) -> Int? {
        guard let slot = slot(name) else { return nil }
        for code in sharedSlots[slot] where sharedNames[code] == name { return code }
        return nil
    }

    /// A name: its place in `sharedNames` plus one, or 0 and the name itself.
    static func encodeName(_ name: String, into w: inout ByteWriter) {
        encodeName(name, code: sharedCode(name), into: &w)
    }

    /// A name whose place in `sharedNames` (`sharedCode`) is known.
    private static func encodeName(_ name: String, code: Int?, into w: inout ByteWriter) {
        if let code {
            w.unsigned(UInt64(code + 1))
        } else {
            w.unsigned(0)
            w.string(name)
        }
    }

    static func decodeName(from r: inout ByteReader) throws -> String {
        let code = try r.unsigned()
        if code == 0 { return try r.string() }
        guard code <= UInt64(sharedNames.count) else { throw ByteReader.Malformed() }
        return sharedNames[Int(code - 1)]
    }

    static func decodeRows(from r: inout ByteReader) throws -> [String: [TableValue?]] {
        let n = try r.count()
        var rows: [String: [TableValue?]] = [:]
        rows.reserveCapacity(n)
        for _ in 0..<n {
            let key = try decodeName(from: &r)
            rows[key] = try r.array { r -> TableValue? in
                switch try r.unsigned() {
                case 0: return nil
                case 1: return .count(try r.int())
                case 2: return .amount(try r.string())
                default: throw ByteReader.Malformed()
                }
            }
        }
        return rows
    }

    /// The report's binary form.
    public var binary: [UInt8] {
        var w = ByteWriter()
        encode(into: &w)
        return w.bytes
    }

    /// A report from its binary form; throws if the bytes are not one whole report.
    public static func decode(_ bytes: [UInt8]) throws -> Report {
        try bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            let report = try decode(from: &r)
            guard r.isAtEnd else { throw ByteReader.Malformed() }
            return report
        }
    }
}
