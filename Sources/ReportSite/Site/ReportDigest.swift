import AnnualReports

/// What the site-wide pages (index, year, comparison and quality pages, agency pages, the CSV
/// and the feed) use of a report, in a compact form: a whole build holds one for every report at
/// once.
///
/// - every table value is one 32-bit cell, in the order of the CSV's value columns
///   (`ReportDigest.columns`); amounts and counts too large for a cell are kept beside;
/// - checks and diagnostics are counted, and only the few the pages list are kept: the first
///   `listLimit` checks that do not pass and diagnostics that are not notes (the quality page),
///   and the `series.carriedOver` total (the agency page).
///
/// A `Report` without its narrative took about 18 KB of memory, most of it in the tables'
/// dictionaries and the checks; this takes about 1.9 KB (RSS of 20,000 digests of the seeds and corpus).
public struct ReportDigest: Sendable, Equatable {
    /// At most this many checks and diagnostics of a report are listed on the quality page, so that
    /// the page stays readable when thousands of broken files are dropped into content/; the rest
    /// are in each report.json.
    public static let listLimit = 30

    public var agency: String?
    public var template: Template?
    public var published: String?
    public var region: Region?
    public var sourcePath: String
    /// The applications table's format (which rows it has), when there is the table.
    public var applicationsTemplate: Template?

    /// One per value column: a count, or one of the markers below.
    private var cells: [Int32]
    /// The cells marked `Cell.elsewhere`: amounts, and counts that do not fit a cell.
    private var elsewhere: [Wide]

    public private(set) var passed = 0
    public private(set) var failed = 0
    public private(set) var unknown = 0
    public private(set) var errors = 0
    public private(set) var warnings = 0
    /// The first `listLimit` checks that do not pass, and how many there are.
    public private(set) var unsettledChecks: [Check] = []
    public private(set) var unsettledCheckCount = 0
    /// The first `listLimit` diagnostics that are not notes, and how many there are.
    public private(set) var listedDiagnostics: [Diagnostic] = []
    public private(set) var listedDiagnosticCount = 0
    /// `series.carriedOver` for the total column: this year's 上年结转 against last year's 结转下年度.
    public private(set) var carriedOverChecks: [Check] = []

    private struct Wide: Sendable, Equatable {
        var column: Int
        var value: TableValue
    }

    private enum Cell {
        /// The report has no such cell (another format, or a missing table).
        static let absent = Int32.min
        /// The cell is there, and the reader could not confirm its value (`null`).
        static let null = Int32.min + 1
        static let elsewhere = Int32.min + 2
        static let smallest = Int32.min + 3
    }

    public init(_ report: Report) {
        agency = report.agency
        template = report.template
        published = report.published
        region = report.region
        sourcePath = report.source.path
        applicationsTemplate = report.tables.applications?.template
        // Each table's rows are visited once, each row's columns found by one lookup (a test
        // compares every column with the report's own tables, for every report it has).
        var cells = [Int32](repeating: Cell.absent, count: Self.columns.count)
        var elsewhere: [Wide] = []
        func set(_ column: Int, _ value: TableValue?) {
            switch value {
            case nil: cells[column] = Cell.null
            case .count(let n)? where n >= Int(Cell.smallest) && n <= Int(Int32.max): cells[column] = Int32(n)
            case let value?:
                cells[column] = Cell.elsewhere
                elsewhere.append(Wide(column: column, value: value))
            }
        }
        if let table = report.tables.activeDisclosure {
            let rowColumns = Self.activeDisclosureColumns[table.template]!
            for (r, row) in TableSchema.activeDisclosureRows(for: table.template).enumerated() {
                let values = table.rows[row.key]
                for (i, column) in rowColumns[r].enumerated() {
                    guard let column, cells[column] == Cell.absent else { continue }
                    set(column, values.flatMap { i < $0.count ? $0[i] : nil })
                }
            }
        }
        for (row, values) in report.tables.applications?.rows ?? [:] {
            guard let first = Self.applicationsFirstColumn[row] else { continue }
            for (c, value) in values.prefix(Applications.columns.count).enumerated() { set(first + c, value) }
        }
        for (group, values) in report.tables.reviewLitigation?.groups ?? [:] {
            guard let first = Self.column(.reviewLitigation(group: group, outcome: 0)) else { continue }
            for (o, value) in values.prefix(ReviewLitigation.outcomes.count).enumerated() { set(first + o, value) }
        }
        self.cells = cells
        // In column order, whatever order the tables' dictionaries gave: the binary form is a fingerprint.
        self.elsewhere = elsewhere.sorted { $0.column < $1.column }
        add(checks: report.checks)
        add(diagnostics: report.diagnostics)
    }

    /// Counts the checks, and keeps those the pages list.
    mutating func add(checks: [Check]) {
        for check in checks {
            add(check.status, carriedOverTotal: check.id == "series.carriedOver" && check.scope == "total") { check }
        }
    }

    /// Counts `series.carriedOver`'s checks and keeps those the pages list, as
    /// `add(checks: inputs.checks)` does, but makes only the checks it keeps: every report with
    /// one for the year before has these, and a site-wide rebuild adds them to every digest.
    mutating func add(series inputs: SeriesCheck.Inputs) {
        for c in Applications.columns.indices {
            add(inputs.status(c), carriedOverTotal: Applications.columns[c] == "total") { inputs.check(c) }
        }
    }

    /// Counts a check of `status`, and keeps it (made by `check`, only then) where the pages list
    /// it: among the first `listLimit` that do not pass, and as `series.carriedOver`'s total.
    private mutating func add(_ status: Check.Status, carriedOverTotal: Bool, _ check: () -> Check) {
        switch status {
        case .pass: passed += 1
        case .fail: failed += 1
        case .unknown: unknown += 1
        }
        let listed = status != .pass && unsettledChecks.count < Self.listLimit
        if listed || carriedOverTotal {
            let made = check()
            if listed { unsettledChecks.append(made) }
            if carriedOverTotal { carriedOverChecks.append(made) }
        }
        if status != .pass { unsettledCheckCount += 1 }
    }

    /// Counts the diagnostics, and keeps those the pages list.
    mutating func add(diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .note: continue
            }
            if listedDiagnostics.count < Self.listLimit { listedDiagnostics.append(diagnostic) }
            listedDiagnosticCount += 1
        }
    }

    public var checkCount: Int { passed + failed + unknown }

    /// The value in a column: `nil` when the report has no such cell, `.some(nil)` for a cell the
    /// reader could not confirm.
    public func value(_ column: Int) -> TableValue?? {
        switch cells[column] {
        case Cell.absent: return .none
        case Cell.null: return .some(nil)
        case Cell.elsewhere: return .some(elsewhere.first { $0.column == column }?.value)
        case let n: return .some(.count(Int(n)))
        }
    }

    /// Appends every value column as the CSV has it, each after a comma: a count in decimal, an
    /// amount as written, and nothing where the report has no such cell or the reader could not
    /// confirm its value. (The cells are read as they are, not through `value(_:)`: the CSV of a
    /// large site has millions of them.)
    func appendValueFields(to out: inout ByteBuffer) {
        for (column, cell) in cells.enumerated() {
            out.append(UInt8(ascii: ","))
            switch cell {
            case Cell.absent, Cell.null: continue
            case Cell.elsewhere:
                switch elsewhere.first(where: { $0.column == column })?.value {
                case .count(let n)?: out.appendDecimal(n)
                case .amount(let text)?:
                    var text = text
                    text.withUTF8 { out.append($0) }
                case nil: continue
                }
            default: out.appendDecimal(Int(cell))
            }
        }
    }

    /// The count in a column, if the report has the cell and it holds a count.
    public func count(_ column: Int?) -> Int? {
        guard let column, case .some(.some(.count(let n))) = value(column) else { return nil }
        return n
    }

    /// A count of the applications table, as `Applications.count(row, column)`.
    func applications(_ row: String, _ column: Int) -> Int? { count(Self.column(.applications(row: row, column: column))) }

    /// A count of the review and litigation table, as `ReviewLitigation.count(group, outcome)`.
    func reviewLitigation(_ group: String, _ outcome: Int) -> Int? { count(Self.column(.reviewLitigation(group: group, outcome: outcome))) }

    /// A value of the active disclosure table, as `ActiveDisclosure.value(row, key)`.
    func activeDisclosure(_ row: String, _ key: String) -> TableValue? { tableValue(Self.column(.activeDisclosure(row: row, value: key))) }

    /// The value in a column, if the report has the cell and the reader confirmed it.
    func tableValue(_ column: Int?) -> TableValue? {
        guard let column, case .some(let value) = value(column) else { return nil }
        return value
    }

    /// Where a table value is among `columns`: looked up once by what reads it from thousands of
    /// digests (a metric), not for each.
    static func column(_ source: Column.Source) -> Int? { index[source] }

    // MARK: Columns

    /// One column per table value, for both formats (a report fills the columns of its own).
    public struct Column: Sendable {
        public enum Source: Sendable, Hashable {
            case activeDisclosure(row: String, value: String)
            case applications(row: String, column: Int)
            case reviewLitigation(group: String, outcome: Int)
        }

        public var header: String
        public var source: Source
    }

    public static let columns: [Column] = {
        var columns: [Column] = []
        var seen: Set<String> = []
        for template in [Template.v2021, .v2019] {
            for row in TableSchema.activeDisclosureRows(for: template) {
                for value in row.values where seen.insert("\(row.key).\(value.key)").inserted {
                    columns.append(Column(header: "activeDisclosure.\(row.key).\(value.key)", source: .activeDisclosure(row: row.key, value: value.key)))
                }
            }
        }
        var rowKeys: [String] = []
        for template in [Template.v2021, .v2019] {
            for row in TableSchema.applicationRows(for: template) where row.valueCount > 0 && !rowKeys.contains(row.key) { rowKeys.append(row.key) }
        }
        for key in rowKeys {
            for (c, column) in Applications.columns.enumerated() {
                columns.append(Column(header: "applications.\(key).\(column)", source: .applications(row: key, column: c)))
            }
        }
        for group in ReviewLitigation.groups {
            for (i, outcome) in ReviewLitigation.outcomes.enumerated() {
                columns.append(Column(header: "reviewLitigation.\(group).\(outcome)", source: .reviewLitigation(group: group, outcome: i)))
            }
        }
        return columns
    }()

    private static let index: [Column.Source: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($0.element.source, $0.offset) })

    /// For each format, the column of each value of each row of its active disclosure table, in
    /// the schema's order: a digest is made without looking up a row and a value by their names.
    private static let activeDisclosureColumns: [Template: [[Int?]]] = Dictionary(uniqueKeysWithValues: Template.allCases.map { template in
        (template, TableSchema.activeDisclosureRows(for: template).map { row in row.values.map { column(.activeDisclosure(row: row.key, value: $0.key)) } })
    })

    /// The column of the first value of each row of the applications table, by row key.
    private static let applicationsFirstColumn: [String: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().compactMap { i, column in
        if case .applications(let row, 0) = column.source { return (row, i) }
        return nil
    })

    // MARK: Binary form

    /// Fingerprints of the digest's fields, by what the site-wide files are made from
    /// (`SiteInputs`): a rebuild makes again only the files whose inputs changed.
    public struct Parts: Sendable, Equatable {
        /// The agency, region and source path.
        public var identity: Fingerprint
        public var published: Fingerprint
        /// The templates and every table value.
        public var values: Fingerprint
        /// The counts of checks and diagnostics, and those listed.
        public var checks: Fingerprint
    }

    /// The binary form (every field, each part's after the last's), and the fingerprint of each
    /// part.
    var encoded: (bytes: [UInt8], parts: Parts) {
        var w = ByteWriter(capacity: 2048)
        var ends: [Int] = []
        w.string(agency)
        w.optional(region) { Report.encodeRegion($1, into: &$0) }
        w.string(sourcePath)
        ends.append(w.bytes.count)
        w.string(published)
        ends.append(w.bytes.count)
        w.string(template?.rawValue)
        w.string(applicationsTemplate?.rawValue)
        // Four bytes a cell, little-endian, read back in one copy (some 170 varints were most of
        // the cost of reading a digest).
        w.raw(cells.withUnsafeBufferPointer { cells in
            [UInt8](unsafeUninitializedCapacity: cells.count * 4) { bytes, count in
                let raw = UnsafeMutableRawBufferPointer(bytes)
                for (i, cell) in cells.enumerated() { raw.storeBytes(of: cell.littleEndian, toByteOffset: 4 * i, as: Int32.self) }
                count = cells.count * 4
            }
        })
        w.array(elsewhere) { w, wide in
            w.int(wide.column)
            switch wide.value {
            case .count(let n): w.int(0); w.int(n)
            case .amount(let text): w.int(1); w.string(text)
            }
        }
        ends.append(w.bytes.count)
        for n in [passed, failed, unknown, errors, warnings, unsettledCheckCount, listedDiagnosticCount] { w.int(n) }
        w.array(unsettledChecks) { Report.encodeCheck($1, into: &$0) }
        w.array(listedDiagnostics) { Report.encodeDiagnostic($1, into: &$0) }
        w.array(carriedOverChecks) { Report.encodeCheck($1, into: &$0) }
        let bytes = w.bytes
        func part(_ i: Int) -> Fingerprint {
            var h = Fingerprint.Hasher()
            bytes[(i == 0 ? 0 : ends[i - 1])..<(i < ends.count ? ends[i] : bytes.count)].withUnsafeBytes { h.combine($0) }
            return h.value
        }
        return (bytes, Parts(identity: part(0), published: part(1), values: part(2), checks: part(3)))
    }

    /// A digest from its binary form (`encoded`), as the build cache keeps it: a rebuild whose
    /// site-wide pages change reads every report's digest, not the whole report.
    init(binary bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            var digest = ReportDigest(
                agency: try r.optionalString(), region: try r.optional { try Report.decodeRegion(from: &$0) }, sourcePath: try r.string(),
                published: try r.optionalString(),
                template: try r.optionalString().map(Report.template), applicationsTemplate: try r.optionalString().map(Report.template))
            let cells = try r.raw()
            guard cells.count == 4 * Self.columns.count else { throw ByteReader.Malformed() }
            digest.cells = cells.withUnsafeBytes { raw in
                (0..<Self.columns.count).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
            }
            digest.elsewhere = try r.array { r in
                let column = try r.int()
                guard Self.columns.indices.contains(column) else { throw ByteReader.Malformed() }
                switch try r.int() {
                case 0: return Wide(column: column, value: .count(try r.int()))
                case 1: return Wide(column: column, value: .amount(try r.string()))
                default: throw ByteReader.Malformed()
                }
            }
            digest.passed = try r.int()
            digest.failed = try r.int()
            digest.unknown = try r.int()
            digest.errors = try r.int()
            digest.warnings = try r.int()
            digest.unsettledCheckCount = try r.int()
            digest.listedDiagnosticCount = try r.int()
            digest.unsettledChecks = try r.array { try Report.decodeCheck(from: &$0) }
            digest.listedDiagnostics = try r.array { try Report.decodeDiagnostic(from: &$0) }
            digest.carriedOverChecks = try r.array { try Report.decodeCheck(from: &$0) }
            guard r.isAtEnd else { throw ByteReader.Malformed() }
            return digest
        }
    }

    private init(agency: String?, region: Region?, sourcePath: String, published: String?, template: Template?, applicationsTemplate: Template?) {
        self.agency = agency
        self.template = template
        self.published = published
        self.region = region
        self.sourcePath = sourcePath
        self.applicationsTemplate = applicationsTemplate
        cells = []
        elsewhere = []
    }
}
