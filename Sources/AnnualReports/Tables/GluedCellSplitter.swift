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
        /// The search stopped before it had tried every split (at the step budget, or with a split
        /// left to try when it had `limit` solutions): there may be more. When `false`, the
        /// solutions are every split there is.
        var truncated: Bool
    }

    /// The longest number a single cell is taken to hold.
    static let maxDigitsPerCell = 9

    static func split(
        _ tokens: [NumberToken], into count: Int, constraints: [SumConstraint], allowsNegative: (Int) -> Bool = { _ in false },
        whole: Set<Int> = [], limit: Int = 2, budget: Int = 200_000
    ) -> Result {
        // (The constraints are the tables' own, fixed in the program: every index they name is a value's.)
        precondition(constraints.allSatisfy { $0.total >= 0 && $0.parts.allSatisfy { $0 >= 0 } }, "a sum constraint names a negative index")
        let totalDigits = tokens.reduce(0) { $0 + $1.integerDigits.utf8.count }
        guard count > 0, !tokens.isEmpty, tokens.count <= count, tokens.allSatisfy(\.isSplittable),
              totalDigits >= count, totalDigits <= count * maxDigitsPerCell else { return Result(solutions: [], truncated: false) }
        // The runs' digits in one array (as values 0–9), each run from `runStart[run]`.
        var digits: [UInt8] = []
        digits.reserveCapacity(totalDigits)
        var runStart: [Int] = [0]
        runStart.reserveCapacity(tokens.count + 1)
        for token in tokens {
            digits.append(contentsOf: token.integerDigits.utf8)
            runStart.append(digits.count)
        }
        for i in digits.indices { digits[i] &-= UInt8(ascii: "0") }

        // The constraints each value closes (the last of the values it sums), flattened: those of
        // value `i` are `closing[closingStart[i]..<closingStart[i + 1]]`, each the range of its
        // parts in `parts` and its total.
        let lasts = constraints.map { max($0.total, $0.parts.max() ?? 0) }
        var closingStart: [Int] = [0]
        closingStart.reserveCapacity(count + 1)
        var closing: [(parts: Range<Int>, total: Int)] = []
        closing.reserveCapacity(constraints.count)
        var parts: [Int] = []
        parts.reserveCapacity(constraints.reduce(0) { $0 + $1.parts.count })
        for index in 0..<count {
            for (c, last) in zip(constraints, lasts) where last == index {
                let start = parts.count
                parts.append(contentsOf: c.parts)
                closing.append((start..<parts.count, c.total))
            }
            closingStart.append(closing.count)
        }
        // (`allowsNegative` is asked once for each value, before the search.)
        let negativeAllowed = (0..<count).map(allowsNegative)
        let search = Search(
            digits: digits, runStart: runStart, runNegative: tokens.map(\.negative), runWhole: tokens.indices.map(whole.contains),
            count: count, closingStart: closingStart, closing: closing, parts: parts, negativeAllowed: negativeAllowed, limit: limit, budget: budget)
        return search.run()
    }

    /// The depth-first search over where each run's digits are cut. Its state is in stored
    /// properties (not variables captured by a nested function, which are boxed and checked for
    /// exclusive access at every use), and the values being tried are in memory of its own (not
    /// an array, checked for being uniquely referenced at each write).
    private struct Search {
        let digits: [UInt8]
        let runStart: [Int]
        let runNegative: [Bool]
        /// Runs that are one cell each, not split.
        let runWhole: [Bool]
        let count: Int
        let closingStart: [Int]
        let closing: [(parts: Range<Int>, total: Int)]
        let parts: [Int]
        let negativeAllowed: [Bool]
        let limit: Int
        let budget: Int
        var values: UnsafeMutableBufferPointer<Int> = .init(start: nil, count: 0)
        var solutions: [[Int]] = []
        var steps = 0
        var truncated = false

        consuming func run() -> Result {
            values = .allocate(capacity: count)
            values.initialize(repeating: 0)
            defer { values.deallocate() }
            search(0, 0, 0)
            return Result(solutions: solutions, truncated: truncated)
        }

        func satisfied(_ index: Int) -> Bool {
            for c in closing[closingStart[index]..<closingStart[index + 1]] {
                var sum = 0
                for part in parts[c.parts] { sum &+= values[part] }
                if sum != values[c.total] { return false }
            }
            return true
        }

        mutating func search(_ run: Int, _ offset: Int, _ index: Int) {
            if truncated { return }
            steps += 1
            if steps > budget || solutions.count >= limit { truncated = true; return }
            let runs = runStart.count - 1
            // The bounds below leave every value a length only where the values after it can take
            // the digits after it (and `split` checks so for the first): the last run ends with
            // the last value, and the digits left always fit the values left.
            if run == runs {
                assert(index == count)
                solutions.append(Array(values))
                return
            }
            let remainingValues = count - index
            let remainingDigits = digits.count - runStart[run] - offset
            let remainingRuns = runs - run
            assert(remainingValues >= remainingRuns && remainingValues <= remainingDigits && remainingDigits <= remainingValues * maxDigitsPerCell)
            let first = runStart[run] + offset
            let available = runStart[run + 1] - first
            // Only the lengths that leave the values after this one a way to take the digits
            // after it: the others are not tried.
            let restValues = remainingValues - 1
            var shortest = Swift.max(1, remainingDigits - restValues * maxDigitsPerCell)
            // (A number has no leading zero: a run at a 0 is a 0 alone.)
            let longest = Swift.min(digits[first] == 0 ? 1 : available, maxDigitsPerCell, remainingDigits - restValues)
            // A run kept whole, or one that the values left cannot split, is taken to its end.
            if runWhole[run] || restValues < remainingRuns { shortest = Swift.max(shortest, available) }
            guard shortest <= longest else { return }
            // The value of the first `length` digits, one digit more each time round.
            var magnitude = 0
            for k in first..<(first + shortest - 1) { magnitude = magnitude * 10 + Int(digits[k]) }
            for length in shortest...longest {
                magnitude = magnitude * 10 + Int(digits[first + length - 1])
                var v = magnitude
                if offset == 0 && runNegative[run] {
                    guard negativeAllowed[index] else { return }
                    v = -v
                }
                values[index] = v
                guard satisfied(index) else { continue }
                // (A value that leaves part of its run has values after it: see `shortest`.)
                if length == available {
                    search(run + 1, 0, index + 1)
                } else {
                    search(run, offset + length, index + 1)
                }
                if truncated { return }
            }
        }
    }
}
