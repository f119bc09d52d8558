/// A problem found in a report's content, pointing at the line in the source that caused it.
///
/// Problems in content are data, never thrown errors: the reader always returns a report, and the
/// diagnostics say what it could not read and what to do about it.
public struct Diagnostic: Sendable, Equatable, Hashable {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation

    public init(_ severity: Severity, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// The diagnostic as a compiler prints it: `path:line:column: severity: message`.
    public var formatted: String {
        TextNormalization.visible("\(location.file):\(location.line):\(location.column): \(severity.rawValue): \(message)")
    }
}

/// A position in a source file: 1-based line and column, the column counted in Unicode scalars.
public struct SourceLocation: Sendable, Equatable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
    }
}
