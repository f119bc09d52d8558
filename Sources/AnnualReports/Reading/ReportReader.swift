/// Reads the text of an annual report, in whatever shape it came, into a checked `Report`.
///
/// The stages: decode the bytes; split off front matter and a scraped page's metadata header; read
/// the identity from the title; find the six sections; read the three tables from their sections;
/// write each section's narrative as Markdown; run the checks. Nothing here throws: every problem
/// becomes a diagnostic, and what could be read is returned.
public struct ReportReader: Sendable {
    /// Whether `agencySlug` is made from the agency's name here. A site build leaves it to
    /// `Slug.prepare`, which makes every agency's slug in one go; a slug given in front matter is
    /// always read.
    public var makesSlugs: Bool

    public init(makesSlugs: Bool = true) {
        self.makesSlugs = makesSlugs
    }

    /// Reads a report from the bytes of its file; `path` is how diagnostics and `source.path` name it.
    public func read(bytes: [UInt8], path: String) -> Report {
        read(bytes: bytes, decoded: SourceDecoder.decode(bytes, file: path), path: path)
    }

    /// Reads a report whose bytes the caller has already decoded (to publish the text as well).
    public func read(bytes: [UInt8], decoded: SourceDecoder.Result, path: String) -> Report {
        let source = SourceInfo(path: path, sha256: SHA256.hex(bytes), encoding: decoded.encoding)
        var diagnostics = decoded.diagnostics
        if bytes.count > Self.largeFileBytes {
            let megabytes = String(format: "%.1f", Double(bytes.count) / 1_048_576)
            diagnostics.append(Diagnostic(.warning, "文件有 \(megabytes) MB，远大于一份年度报告的文本（通常不到 200 KB）；请检查是否放错了文件，或把附件、多份报告粘贴了进来", at: SourceLocation(file: path, line: 1)))
        }
        return read(text: decoded.text, source: source, diagnostics: diagnostics)
    }

    /// The report of a file that could not be read at all: nothing but one error that says why.
    public static func unreadable(path: String, reason: String) -> Report {
        var report = Report(source: SourceInfo(path: path, sha256: SHA256.hex([]), encoding: "binary"),
                            sections: (1...6).map { Section(number: $0, title: Section.standardTitles[$0 - 1], markdown: nil) })
        report.diagnostics = [Diagnostic(.error, reason, at: SourceLocation(file: path, line: 1))]
        return report
    }

    /// The agency, year and slug a report is published under, checked wherever they came from:
    /// characters that could hide or reorder text are dropped from the name, an impossible year is
    /// `nil`, and a front matter slug must be one plain lowercase URL segment.
    private static func identity(agency givenAgency: String?, year givenYear: Int?, frontMatter: FrontMatter?, titleLine: Int, makesSlug: Bool, file: String,
                                 diagnostics: inout [Diagnostic]) -> (agency: String?, year: Int?, slug: String?) {
        var agency = givenAgency
        if let name = givenAgency {
            let clean = TextNormalization.printable(name)
            if clean != name {
                diagnostics.append(Diagnostic(.warning, "机关名称中有控制字符或改变文字方向的字符，已删去", at: SourceLocation(file: file, line: frontMatter?.agency != nil ? 1 : titleLine)))
            }
            agency = clean.isEmpty ? nil : clean
        }
        var year = givenYear
        if let y = year, !(2007...2100).contains(y) {
            diagnostics.append(Diagnostic(.error, "报告年度 \(y) 不可能正确（政府信息公开工作年度报告始于 2008 年）；请在前置信息中写明正确的 year", at: SourceLocation(file: file, line: frontMatter?.year != nil ? 1 : titleLine)))
            year = nil
        }
        var slug: String? = makesSlug ? agency.map(Slug.make) : nil
        if let given = frontMatter?.slug {
            if Slug.isValid(given) {
                slug = given
            } else {
                diagnostics.append(Diagnostic(.warning, "前置信息中的 slug“\(TextNormalization.excerpt(given))”只能包含小写字母、数字、- 和 _；已改用由机关名称生成的 slug", at: SourceLocation(file: file, line: 1)))
            }
        }
        return (agency, year, slug)
    }

    /// Front matter overrides the title; where the two disagree, a warning says so.
    private static func compareWithTitle(_ frontMatter: FrontMatter?, _ identity: IdentityReader.Identity, file: String, diagnostics: inout [Diagnostic]) {
        guard let frontMatter else { return }
        if let given = frontMatter.year, let titled = identity.year, given != titled {
            diagnostics.append(Diagnostic(.warning, "前置信息的 year（\(given)）与标题中的年度（\(titled)）不一致；采用前置信息。请核对后改正其中一个", at: SourceLocation(file: file, line: 1)))
        }
        if let given = frontMatter.agency, let titled = identity.agency, TextNormalization.compact(given) != TextNormalization.compact(titled) {
            diagnostics.append(Diagnostic(.note, "前置信息的机关名称“\(TextNormalization.excerpt(given))”与标题中的“\(TextNormalization.excerpt(titled))”不同；采用前置信息", at: SourceLocation(file: file, line: 1)))
        }
    }

    /// Above this size a file is read, with a warning that it is no single report's text.
    public static let largeFileBytes = 4 << 20

    /// Reads a report from text already decoded.
    public func read(text: String, path: String) -> Report {
        read(bytes: Array(text.utf8), path: path)
    }

    private func read(text: String, source: SourceInfo, diagnostics initial: [Diagnostic]) -> Report {
        var diagnostics = initial
        var source = source
        let file = source.path
        // Split on the UTF-8 bytes: the same lines as splitting the characters (a line feed always
        // ends a grapheme), without the cost of finding grapheme boundaries.
        let rawLines = UTF8Text.lines(text)
        let (frontMatter, consumed) = FrontMatter.parse(rawLines, file: file, diagnostics: &diagnostics)
        var lines = rawLines.enumerated().dropFirst(consumed).map { SourceLine(number: $0.offset + 1, text: $0.element) }
        let metadata = MetadataHeader.split(&lines)
        source.url = frontMatter?.sourceURL ?? metadata?.url

        // A file with nothing to read gets one diagnostic that says so, not one per missing part.
        if lines.allSatisfy({ TextNormalization.trimmed($0.text).isEmpty }) {
            if !diagnostics.contains(where: { $0.severity == .error }) {
                diagnostics.append(Diagnostic(.error, "文件没有正文内容；请放入完整的年度报告文本", at: SourceLocation(file: file, line: max(1, consumed + 1))))
            }
            let sections = (1...6).map { Section(number: $0, title: Section.standardTitles[$0 - 1], markdown: nil) }
            let checked = Self.identity(agency: frontMatter?.agency, year: frontMatter?.year, frontMatter: frontMatter, titleLine: 1, makesSlug: makesSlugs, file: file, diagnostics: &diagnostics)
            var report = Report(agency: checked.agency, agencySlug: checked.slug, year: checked.year,
                                region: frontMatter?.region, published: frontMatter?.published, source: source, sections: sections)
            report.diagnostics = diagnostics
            return report
        }

        let beforeIdentity = diagnostics
        let identity = IdentityReader.read(
            lines, metadataTitle: metadata?.title, metadataDate: metadata?.published, file: file,
            given: (agency: frontMatter?.agency != nil, year: frontMatter?.year != nil), diagnostics: &diagnostics)
        Self.compareWithTitle(frontMatter, identity, file: file, diagnostics: &diagnostics)
        let (agency, year, slug) = Self.identity(agency: frontMatter?.agency ?? identity.agency, year: frontMatter?.year ?? identity.year,
                                                 frontMatter: frontMatter, titleLine: identity.titleLine, makesSlug: makesSlugs, file: file, diagnostics: &diagnostics)

        let headings = SectionFinder.find(in: lines)
        // Text with no title and not one section heading is not an annual report: one error says
        // so, instead of one for each thing missing.
        if identity.agency == nil && identity.year == nil && frontMatter == nil && headings.allSatisfy({ $0 == nil }) {
            let location = SourceLocation(file: file, line: lines.first { !TextNormalization.trimmed($0.text).isEmpty }?.number ?? 1)
            var report = Report(source: source, sections: (1...6).map { Section(number: $0, title: Section.standardTitles[$0 - 1], markdown: nil) })
            report.diagnostics = beforeIdentity + [Diagnostic(.error, "这不像政府信息公开工作年度报告：既没有标题，也找不到任何一个部分（一、总体情况……）；请检查是否放错了文件", at: location)]
            return report
        }
        if let sixth = headings[5], let restart = SectionFinder.restart(in: lines, after: sixth.bodyStart) {
            diagnostics.append(cutRepeat(&lines, at: restart, after: sixth.bodyStart, title: identity.titleLine, file: file))
        }
        let spans = sectionSpans(headings, lines: lines)
        var sections: [Section] = []
        var tableFragments: [Int: [TextFragment]] = [:]
        // A report that stops after some section: one error for the missing rest, at its last line.
        let numerals = ["一", "二", "三", "四", "五", "六"]
        let lastFound = headings.lastIndex { $0 != nil }.map { $0 + 1 } ?? 0
        if lastFound == 0 {
            // Not one section: one error, not six.
            let bodyLines = lines.filter { $0.number > max(identity.titleLine, identity.titleEndLine) && !TextNormalization.trimmed($0.text).isEmpty }
            let location = SourceLocation(file: file, line: bodyLines.first?.number ?? identity.titleLine)
            diagnostics.append(Diagnostic(.error, bodyLines.isEmpty
                ? "文件只有标题，没有正文；请放入完整的年度报告文本"
                : "找不到报告的任何一个部分（一、总体情况……六、其他需要报告的事项），表格无法读取；请检查各部分的标题是否与官方格式一致", at: location))
        } else if lastFound < 6 {
            let end = lines.last { !TextNormalization.trimmed($0.text).isEmpty }?.number ?? 1
            let missing = lastFound + 1 == 6 ? "第六部分" : "第\(numerals[lastFound])至第六部分"
            diagnostics.append(Diagnostic(lastFound < 4 ? .error : .warning, "报告在第\(numerals[lastFound - 1])部分之后就结束了，找不到\(missing)\(lastFound < 4 ? "（其中的表格无法读取）" : "")；文件可能不完整（被截断），请放入完整的报告", at: SourceLocation(file: file, line: end)))
        }
        for number in 1...6 {
            guard let heading = headings[number - 1], let span = spans[number - 1] else {
                sections.append(Section(number: number, title: Section.standardTitles[number - 1], markdown: nil))
                if number > lastFound { continue }
                let near = headings[..<(number - 1)].compactMap { $0 }.last.map { lines[$0.start.line].number } ?? (lines.first?.number ?? 1)
                diagnostics.append(Diagnostic(number >= 2 && number <= 4 ? .error : .warning, "找不到第\(numerals[number - 1])部分“\(Section.standardTitles[number - 1])”的标题\(number >= 2 && number <= 4 ? "，其中的表格无法读取" : "")；请检查该部分的标题是否与官方格式一致", at: SourceLocation(file: file, line: near)))
                continue
            }
            var fragments = lines.fragments(from: span.lowerBound, to: span.upperBound)
            if number == 1 {
                fragments = preamble(lines, before: heading.start, titleEndLine: identity.titleEndLine, agency: agency) + fragments
            }
            if number == 6 {
                fragments = withoutSignature(fragments, agency: agency)
            }
            if (2...4).contains(number) {
                let split = TableRegion.split(fragments)
                tableFragments[number] = split.table
                sections.append(Section(number: number, title: heading.title, markdown: NarrativeFormatter.markdown(split.prose)))
            } else {
                sections.append(Section(number: number, title: heading.title, markdown: NarrativeFormatter.markdown(fragments)))
            }
        }

        func headingLocation(_ number: Int) -> SourceLocation {
            let line = headings[number - 1].map { lines[$0.start.line].number } ?? identity.titleLine
            return SourceLocation(file: file, line: line)
        }
        var reading2 = TableReading(tokens: TableTokenizer.tokenize(tableFragments[2] ?? []), file: file, fallbackLocation: headingLocation(2))
        var reading3 = TableReading(tokens: TableTokenizer.tokenize(tableFragments[3] ?? []), file: file, fallbackLocation: headingLocation(3))
        let template = TemplateDetector.detect(table2: reading2.locator, table3: reading3.locator, year: year, location: headingLocation(2), diagnostics: &diagnostics)

        var tables = Tables()
        var nullReasons: [String: String] = [:]
        var locations = ReportChecker.Locations(applications: headingLocation(3), reviewLitigation: headingLocation(4), narrative: .init(fallback: headingLocation(1), lines: lines))
        if tableFragments[2] != nil {
            tables.activeDisclosure = ActiveDisclosureReader.read(&reading2, template: template)
            diagnostics += reading2.diagnostics
            for (row, reason) in reading2.nullReasons { nullReasons["activeDisclosure.\(row)"] = reason }
        }
        if tableFragments[3] != nil {
            let rowsTemplate = TemplateDetector.applicationsTemplate(reading3.locator, reportTemplate: template, location: headingLocation(3), diagnostics: &diagnostics)
            tables.applications = ApplicationsReader.read(&reading3, template: rowsTemplate)
            diagnostics += reading3.diagnostics
            locations.applicationRows = reading3.rowLocations
            for (row, reason) in reading3.nullReasons { nullReasons["applications.\(row)"] = reason }
        }
        if let fragments = tableFragments[4] {
            var reading = TableReading(tokens: TableTokenizer.tokenize(fragments), file: file, fallbackLocation: headingLocation(4))
            tables.reviewLitigation = ReviewLitigationReader.read(&reading)
            diagnostics += reading.diagnostics
            locations.reviewLitigation = reading.firstValueLocation ?? locations.reviewLitigation
            for (row, reason) in reading.nullReasons { nullReasons["reviewLitigation.\(row)"] = reason }
        }

        var report = Report(
            agency: agency, agencySlug: slug, year: year, template: template,
            region: frontMatter?.region, published: frontMatter?.published ?? identity.published,
            source: source, sections: sections, tables: tables)
        report.nullReasons = nullReasons
        let prose = sections.compactMap(\.markdown).joined(separator: "\n\n")
        let statement = NarrativeCount.received(in: prose)
        report.checks = ReportChecker.checks(for: report, narrativeStatement: statement, locations: locations, diagnostics: &diagnostics)
        // Ordered by position, then severity and text, so that the order never depends on the sort.
        report.diagnostics = diagnostics.sorted {
            ($0.location.line, $0.location.column, $1.severity, $0.message) < ($1.location.line, $1.location.column, $0.severity, $1.message)
        }
        return report
    }

    /// The line a sentence of the narrative starts on (narrative is re-flowed, so lines are compared
    /// without whitespace, by the sentence's first characters).
    static func lineContaining(_ text: String, in lines: [SourceLine]) -> Int? {
        let needle = String(TextNormalization.compact(text).prefix(6))
        guard !needle.isEmpty else { return nil }
        // A line is compacted only if it may hold every character of the sentence's start.
        let han = TextNormalization.hanBytes(of: needle)
        let scalars = Array(needle.unicodeScalars)
        return lines.first { line in
            TextNormalization.mayHold(han: han, afterCompacting: line.text)
                && (TextNormalization.compactContains(line.text, scalars) ?? TextNormalization.compact(line.text).contains(needle))
        }?.number
    }

    /// Cuts the body where the report starts over (its title, if repeated just before, and the
    /// first section again), and says what was cut: a copy of the same text, or another report.
    private func cutRepeat(_ lines: inout [SourceLine], at restart: TextPosition, after sixth: TextPosition, title: Int, file: String) -> Diagnostic {
        // The second report's title (the same one, or any annual report's) a few lines above.
        var cut = restart
        let titleText = lines.first { $0.number == title }.map { TextNormalization.compact($0.text) } ?? ""
        let earliest = max(sixth.line + 1, restart.line - 6)
        if earliest <= restart.line, let repeated = (earliest...restart.line).first(where: { index in
            let text = TextNormalization.compact(lines[index].text)
            return (index < restart.line || restart.offset == 0) && !text.isEmpty && (text == titleText || text.contains("年度报告"))
        }) {
            cut = TextPosition(line: repeated, offset: 0)
        }
        let first = lines.fragments(from: TextPosition(line: lines.firstIndex { $0.number >= title } ?? 0, offset: 0), to: cut)
        let second = lines.fragments(from: cut, to: TextPosition(line: lines.count, offset: 0))
        let same = TextNormalization.compact(first.map(\.text).joined()) == TextNormalization.compact(second.map(\.text).joined())
        let location = SourceLocation(file: file, line: lines[cut.line].number, column: cut.offset + 1)
        var kept = Array(lines[..<cut.line])
        if cut.offset > 0 {
            var prefix = String.UnicodeScalarView()
            prefix.append(contentsOf: lines[cut.line].scalars[..<cut.offset])
            kept.append(SourceLine(number: lines[cut.line].number, text: String(prefix)))
        }
        lines = kept
        if same {
            return Diagnostic(.warning, "报告从这里起又重复了一遍（像是粘贴了两次）；只读取了第一遍，请删去重复的部分", at: location)
        }
        return Diagnostic(.error, "报告读完第六部分后，从这里起又是一份报告（或同一报告的另一版本）；只读取了前一份。每个文件只放一份报告：请把后一份另存为单独的文件", at: location)
    }

    /// Each found section runs from its title to the next found section's heading (by section,
    /// `nil` for a section not found).
    private func sectionSpans(_ headings: [SectionFinder.Heading?], lines: [SourceLine]) -> [Range<TextPosition>?] {
        var spans = [Range<TextPosition>?](repeating: nil, count: headings.count)
        var next = TextPosition(line: lines.count, offset: 0)
        for (i, heading) in headings.enumerated().reversed() {
            guard let heading else { continue }
            spans[i] = heading.bodyStart..<max(next, heading.bodyStart)
            next = heading.start
        }
        return spans
    }

    /// Text between the title and the first section: an introduction kept at the head of section 1.
    private func preamble(_ lines: [SourceLine], before start: TextPosition, titleEndLine: Int, agency: String?) -> [TextFragment] {
        var from = lines.firstIndex(where: { $0.number > titleEndLine }) ?? lines.count
        // Skip a byline under the title: the agency's name and the date.
        while from < start.line {
            let compact = TextNormalization.compact(lines[from].text)
            let date = String(compact.drop { $0 == "(" }).trimmingSuffix(")")
            if compact.isEmpty || compact == agency || (compact.scalarCount <= 16 && DateText.isoDate(from: date) != nil) {
                from += 1
            } else {
                break
            }
        }
        guard from <= start.line else { return [] }
        return lines.fragments(from: TextPosition(line: from, offset: 0), to: start)
    }

    /// Section 6 without the signature at the end (agency name, date), which is not narrative.
    private func withoutSignature(_ fragments: [TextFragment], agency: String?) -> [TextFragment] {
        var result = fragments
        while let last = result.last {
            let compact = TextNormalization.compact(last.text)
            let isDate = compact.scalarCount <= 14 && DateText.isoDate(from: String(compact.drop { $0 == "(" || $0 == "（" })) != nil
            if compact.isEmpty || isDate || (agency != nil && compact == agency) {
                result.removeLast()
            } else {
                break
            }
        }
        return result
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
