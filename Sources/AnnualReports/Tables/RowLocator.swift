/// Finds the rows of a table schema among the tokens of a table, by their labels.
///
/// The text tokens are joined into one label stream (so that a label wrapped over lines or cells
/// still matches), broken wherever a value stands between two texts. Each row is looked for after
/// the previous row first; a distinctive label found only earlier is still accepted, for layouts
/// that scramble the row order.
struct RowLocator {
    struct Match: Sendable, Equatable {
        var row: Int
        /// Scalar range in the label stream.
        var range: Range<Int>
        /// Index of the token the label starts in.
        var firstToken: Int
        /// Index of the token the label ends in.
        var lastToken: Int
    }

    let stream: [Unicode.Scalar]
    /// For each scalar of `stream`, the index of the token it came from.
    private let owner: [Int]

    init(tokens: [TableToken]) {
        // Room for every label's scalars (at most its bytes) and a break before each.
        var room = 0
        for token in tokens { if case .text(let label) = token.kind { room += label.range.count + 1 } }
        // (Both arrays written straight into their room, a scalar and its token at a time.)
        var owner: [Int] = []
        stream = [Unicode.Scalar](unsafeUninitializedCapacity: room) { scalars, scalarCount in
            owner = [Int](unsafeUninitializedCapacity: room) { owners, ownerCount in
                var n = 0
                var previousWasValue = false
                for index in tokens.indices {
                    switch tokens[index].kind {
                    case .text(let label):
                        if previousWasValue && n > 0 {
                            scalars.initializeElement(at: n, to: "\u{1}")
                            owners.initializeElement(at: n, to: index)
                            n += 1
                        }
                        previousWasValue = false
                        for s in label.scalars {
                            scalars.initializeElement(at: n, to: s)
                            owners.initializeElement(at: n, to: index)
                            n += 1
                        }
                    case .number, .nullMarker, .unreadable:
                        previousWasValue = true
                    case .empty:
                        continue
                    }
                }
                ownerCount = n
                scalarCount = n
            }
        }
        self.owner = owner
    }

    /// Label patterns as scalars, in the form `contains(any:)` and `locate(_:)` look for (made
    /// once, not on every call), with a filter on their first scalars: the label stream is walked
    /// once for them all, and a position is compared with a pattern only if a pattern may start
    /// there.
    struct Patterns: Sendable {
        let scalars: [[Unicode.Scalar]]
        /// Bit `v & 63` is set for each first scalar `v` of a pattern.
        private let firsts: UInt64

        init(_ labels: [String]) {
            scalars = labels.map(\.scalarArray).filter { !$0.isEmpty }
            firsts = scalars.reduce(0) { $0 | 1 << ($1[0].value & 63) }
        }

        var isEmpty: Bool { scalars.isEmpty }

        @inline(__always)
        func mayStart(_ s: Unicode.Scalar) -> Bool { firsts & 1 << (s.value & 63) != 0 }
    }

    /// Whether any of the patterns occurs anywhere in the tokens.
    func contains(any patterns: Patterns) -> Bool {
        earliest(patterns, from: 0, to: stream.count, avoiding: []) != nil
    }

    /// One match per schema row, `nil` for rows whose label is not in the text.
    func locate(_ rows: [RowSchema]) -> [Match?] {
        var matches: [Match?] = Array(repeating: nil, count: rows.count)
        var used: [Range<Int>] = []
        used.reserveCapacity(rows.count)
        var cursor = 0
        for (index, row) in rows.enumerated() {
            let strong = row.patternScalars
            let weak = row.weakPatternScalars
            var found = earliest(strong, from: cursor, to: stream.count, avoiding: used)
                ?? earliest(weak, from: cursor, to: stream.count, avoiding: used)
            var forward = found != nil
            if found == nil {
                found = earliest(strong, from: 0, to: cursor, avoiding: used)
                forward = false
            }
            guard let range = found else { continue }
            used.append(range)
            if forward { cursor = range.upperBound }
            matches[index] = Match(row: index, range: range, firstToken: owner[range.lowerBound], lastToken: owner[range.upperBound - 1])
        }
        return matches
    }

    /// The match that starts first, at or after `from` and before `to` (it may run past `to`),
    /// overlapping none of `used`; at one start, the first of the patterns that matches there.
    func earliest(_ patterns: Patterns, from: Int, to: Int, avoiding used: [Range<Int>]) -> Range<Int>? {
        guard !patterns.isEmpty, from < to else { return nil }
        return stream.withUnsafeBufferPointer { stream -> Range<Int>? in
            for start in from..<min(to, stream.count) where patterns.mayStart(stream[start]) {
                for pattern in patterns.scalars where start + pattern.count <= stream.count {
                    var k = 0
                    while k < pattern.count, stream[start + k] == pattern[k] { k += 1 }
                    guard k == pattern.count else { continue }
                    let range = start..<(start + pattern.count)
                    if !used.contains(where: { $0.overlaps(range) }) { return range }
                }
            }
            return nil
        }
    }
}
