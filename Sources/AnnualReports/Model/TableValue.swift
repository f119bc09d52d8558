/// One cell of a statistical table: a count, or an amount kept as the exact decimal string written.
///
/// Amounts are never floats: `1351.6101` (万元) must survive a round trip to JSON unchanged.
/// A cell the reader could not read with certainty is `nil` at the use site, never a guess.
public enum TableValue: Sendable, Equatable, Hashable, CustomStringConvertible {
    case count(Int)
    case amount(String)

    public var count: Int? {
        if case .count(let n) = self { return n }
        return nil
    }

    public var description: String {
        switch self {
        case .count(let n): String(n)
        case .amount(let s): s
        }
    }
}
