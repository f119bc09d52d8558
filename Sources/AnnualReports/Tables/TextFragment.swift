/// A piece of one source line: a whole line, or the part of a line a section starts or ends in.
struct TextFragment: Sendable, Equatable {
    /// 1-based line number in the source file.
    var line: Int
    /// 1-based column (Unicode scalars) where `text` starts in that line.
    var column: Int
    var text: String
}
