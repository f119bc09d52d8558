/// A parsed annual report: identity, sections, tables, checks and diagnostics.
///
/// This is the model of `report-schema.md`; `Report+JSON.swift` writes its canonical JSON form.
public struct Report: Sendable, Equatable {
    public static let schemaVersion = 1

    /// The full agency name, e.g. `洛阳市司法局`; `nil` when it could not be determined.
    public var agency: String?
    /// A stable ASCII slug for URLs (pinyin of the agency name, or front matter `slug`).
    public var agencySlug: String?
    /// The reporting year (统计期限), not the publication year.
    public var year: Int?
    public var template: Template?
    public var region: Region?
    /// ISO date (`2024-01-15`) of the signature at the end, or front matter `published`.
    public var published: String?
    public var source: SourceInfo
    public var sections: [Section]
    public var tables: Tables
    public var checks: [Check]
    public var diagnostics: [Diagnostic]
    /// Why cells are `null`, by `table.row` (`applications.received`, `reviewLitigation`): the
    /// diagnostic that explains them, for pages to show beside the gap. Not part of the JSON contract.
    public var nullReasons: [String: String] = [:]

    public init(
        agency: String? = nil, agencySlug: String? = nil, year: Int? = nil, template: Template? = nil,
        region: Region? = nil, published: String? = nil, source: SourceInfo, sections: [Section] = [],
        tables: Tables = Tables(), checks: [Check] = [], diagnostics: [Diagnostic] = []
    ) {
        self.agency = agency
        self.agencySlug = agencySlug
        self.year = year
        self.template = template
        self.region = region
        self.published = published
        self.source = source
        self.sections = sections
        self.tables = tables
        self.checks = checks
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Where a report came from.
public struct SourceInfo: Sendable, Equatable {
    /// The path as given to the reader, e.g. `content/luoyang-sifaju-2023.txt`.
    public var path: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
    /// The encoding the bytes were decoded from: `utf-8`, `gb18030`, `utf-16le`, `utf-16be`.
    public var encoding: String
    /// The original web address, from front matter `sourceURL` or a `原文链接` header.
    public var url: String?

    public init(path: String, sha256: String, encoding: String, url: String? = nil) {
        self.path = path
        self.sha256 = sha256
        self.encoding = encoding
        self.url = url
    }
}

/// The three statistical tables; a table that cannot be found is `nil` and a diagnostic says why.
public struct Tables: Sendable, Equatable {
    public var activeDisclosure: ActiveDisclosure?
    public var applications: Applications?
    public var reviewLitigation: ReviewLitigation?

    public init(activeDisclosure: ActiveDisclosure? = nil, applications: Applications? = nil, reviewLitigation: ReviewLitigation? = nil) {
        self.activeDisclosure = activeDisclosure
        self.applications = applications
        self.reviewLitigation = reviewLitigation
    }
}
