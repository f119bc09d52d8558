/// Splits digit runs in which several cells were glued together (`21710000218` → 217 1 0 0 0 0 218),
/// using the accounting identities of the table to decide where the cells end.
///
/// A split is published only if it is the only one that satisfies every identity; the caller
/// decides what to do with zero or several. Numbers never have leading zeros, so `000` is three
/// cells. The search is bounded, so no input can make it hang.
enum GluedCellSplitter {
    /// `sum(values[parts]) == values[total]`.
    struct SumConstraint: Sendable, Equatable {
        var parts: [Int]
        var total: Int
    }

    struct Result: Sendable, Equatable {
        var solutions: [[Int]]
        /// The search stopped early, at `limit` solutions or at the step budget: there may be more.
        var truncated: Bool
    }

    /// The longest number a single cell is taken to hold.
    static let maxDigitsPerCell = 9

    static func split(
        _ tokens: [NumberToken], into count: Int, constraints: [SumConstraint], allowsNegative: (Int) -> Bool = { _ in false },
        whole: Set<Int> = [], limit: Int = 2, budget: Int = 200_000
    ) -> Result {
        let runs: [(negative: Bool, digits: [UInt8])] = tokens.map { ($0.negative, Array($0.integerDigits.utf8).map { $0 - 48 }) }
        guard tokens.allSatisfy(\.isSplittable), count > 0, !runs.isEmpty else { return Result(solutions: [], truncated: false) }
        let totalDigits = runs.reduce(0) { $0 + $1.digits.count }
        guard totalDigits >= count, totalDigits <= count * maxDigitsPerCell, runs.count <= count else { return Result(solutions: [], truncated: false) }

        var closing: [[SumConstraint]] = Array(repeating: [], count: count)
        for c in constraints {
            let last = max(c.total, c.parts.max() ?? 0)
            if last < count { closing[last].append(c) }
        }
        var suffixDigits = Array(repeating: 0, count: runs.count + 1)
        for i in stride(from: runs.count - 1, through: 0, by: -1) { suffixDigits[i] = suffixDigits[i + 1] + runs[i].digits.count }

        return withoutActuallyEscaping(allowsNegative) { allowsNegative in
            var search = Search(
                runs: runs, count: count, closing: closing, suffixDigits: suffixDigits, allowsNegative: allowsNegative,
                whole: whole, limit: limit, budget: budget, values: Array(repeating: 0, count: count))
            search.search(0, 0, 0)
            return Result(solutions: search.solutions, truncated: search.truncated)
        }
    }

    /// The depth-first search over where each run's digits are cut, as a value with its state in
    /// stored properties (not variables captured by a nested function, which are boxed and
    /// checked for exclusive access at every use).
    private struct Search {
        let runs: [(negative: Bool, digits: [UInt8])]
        let count: Int
        let closing: [[SumConstraint]]
        let suffixDigits: [Int]
        let allowsNegative: (Int) -> Bool
        let whole: Set<Int>
        let limit: Int
        let budget: Int
        var values: [Int]
        var solutions: [[Int]] = []
        var steps = 0
        var truncated = false

        func satisfied(_ index: Int) -> Bool {
            for c in closing[index] where c.parts.reduce(0, { $0 + values[$1] }) != values[c.total] { return false }
            return true
        }

        mutating func search(_ run: Int, _ offset: Int, _ index: Int) {
            if truncated { return }
            steps += 1
            if steps > budget || solutions.count >= limit { truncated = true; return }
            if run == runs.count {
                if index == count { solutions.append(values) }
                return
            }
            let remainingValues = count - index
            let remainingDigits = suffixDigits[run] - offset
            let remainingRuns = runs.count - run
            guard remainingValues >= remainingRuns, remainingValues <= remainingDigits,
                  remainingDigits <= remainingValues * maxDigitsPerCell else { return }
            let digits = runs[run].digits
            let available = digits.count - offset
            let lengths = whole.contains(run) ? available...available : 1...min(available, maxDigitsPerCell)
            for length in lengths where length <= maxDigitsPerCell {
                if digits[offset] == 0 && length > 1 { break }
                var v = 0
                for k in offset..<(offset + length) { v = v * 10 + Int(digits[k]) }
                if offset == 0 && runs[run].negative {
                    guard allowsNegative(index) else { return }
                    v = -v
                }
                values[index] = v
                guard satisfied(index) else { continue }
                if length == available {
                    search(run + 1, 0, index + 1)
                } else if index + 1 < count {
                    search(run, offset + length, index + 1)
                }
                if truncated { return }
            }
        }
    }
}
