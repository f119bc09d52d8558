/// One line of a report's body, with its 1-based line number in the file.
struct SourceLine: Sendable, Equatable {
    var number: Int
    var text: String

    /// The line's scalars, decoded from the text on every use (most lines are only ever looked at
    /// as text): a caller that reads them more than once keeps them.
    var scalars: [Unicode.Scalar] { text.scalarArray }
}

/// A position in the body: a line index and a scalar offset in that line.
struct TextPosition: Sendable, Equatable, Comparable {
    var line: Int
    var offset: Int

    static func < (a: TextPosition, b: TextPosition) -> Bool { (a.line, a.offset) < (b.line, b.offset) }
}

extension Array where Element == SourceLine {
    /// The text between two positions, one fragment per line.
    func fragments(from start: TextPosition, to end: TextPosition) -> [TextFragment] {
        guard start < end, start.line < count else { return [] }
        var result: [TextFragment] = []
        let last = Swift.min(end.line, count - 1)
        result.reserveCapacity(last - start.line + 1)
        for index in start.line...last {
            let line = self[index]
            // A line between the first and the last is whole: its length is not needed.
            if index != start.line && index != end.line {
                result.append(TextFragment(line: line.number, column: 1, text: line.text))
                continue
            }
            let length = line.text.scalarCount
            let from = index == start.line ? Swift.min(start.offset, length) : 0
            let to = index == end.line ? Swift.min(end.offset, length) : length
            guard from <= to else { continue }
            if index == end.line && to == 0 && index != start.line { break }
            let text = from == 0 && to == length ? line.text : UTF8Text.piece(line.text, UTF8Text.byteRange(ofScalars: from..<to, in: line.text))
            result.append(TextFragment(line: line.number, column: from + 1, text: text))
        }
        return result
    }
}
