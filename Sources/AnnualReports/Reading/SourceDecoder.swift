import Foundation

/// Decodes the bytes of a report file into text: UTF-8 (with or without BOM), UTF-16 with BOM,
/// or GB18030/GBK, with line ends normalised to LF.
///
/// Undecodable bytes never stop the reader: the text is decoded with replacement characters and an
/// error diagnostic points at the first bad line.
public enum SourceDecoder {
    public struct Result: Sendable {
        public var text: String
        /// `utf-8`, `gb18030`, `utf-16le` or `utf-16be`.
        public var encoding: String
        public var diagnostics: [Diagnostic]
    }

    /// GB18030 as Foundation names it (kCFStringEncodingGB_18030_2000).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public static func decode(_ bytes: [UInt8], file: String) -> Result {
        var diagnostics: [Diagnostic] = []
        if !bytes.starts(with: [0xFF, 0xFE]), !bytes.starts(with: [0xFE, 0xFF]), let (text, little) = utf16WithoutBOM(bytes) {
            diagnostics.append(Diagnostic(.warning, "文件是没有 BOM 的 UTF-16\(little ? "LE" : "BE") 文本，已按此读取；建议另存为 UTF-8", at: SourceLocation(file: file, line: 1)))
            return Result(text: normaliseLineEnds(text), encoding: little ? "utf-16le" : "utf-16be", diagnostics: diagnostics)
        }
        if let kind = binaryKind(bytes) {
            diagnostics.append(Diagnostic(.error, "这不是文本文件（看起来是 \(kind)）；请先把报告转换为纯文本（.txt 或 .md，UTF-8）再放入 content/", at: SourceLocation(file: file, line: 1)))
            return Result(text: "", encoding: "binary", diagnostics: diagnostics)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return finish(utf8: Array(bytes.dropFirst(3)), file: file)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            var text = String(decoding: utf16Units(bytes, from: 2, little: little), as: UTF16.self)
            if bytes.count % 2 != 0 || text.unicodeScalars.contains("\u{FFFD}") {
                let line = firstReplacementLine(text)
                diagnostics.append(Diagnostic(.error, "UTF-16 文本中有无法解码的字节（已用 � 代替）；请检查文件是否完整", at: SourceLocation(file: file, line: line)))
            }
            text = normaliseLineEnds(text)
            return Result(text: text, encoding: little ? "utf-16le" : "utf-16be", diagnostics: diagnostics)
        }
        if let text = validUTF8(bytes) {
            return Result(text: normaliseLineEnds(text), encoding: "utf-8", diagnostics: [])
        }
        // Not valid UTF-8. A file whose multi-byte sequences are mostly valid UTF-8 is damaged UTF-8,
        // not GB18030: decoding it as GB18030 would turn the whole text into mojibake.
        if !looksMostlyUTF8(bytes), let text = String(data: Data(bytes), encoding: gb18030) {
            return Result(text: normaliseLineEnds(text), encoding: "gb18030", diagnostics: [])
        }
        return finish(utf8: bytes, file: file)
    }

    /// The text of bytes that are valid UTF-8; `nil` otherwise. Decoding with `String(decoding:)`
    /// and comparing costs a little less than `String(validating:)` (callgrind: 17.2M against
    /// 18.0M instructions for 200 reports). `String(decoding:)` repairs what is invalid, and a
    /// repair always changes the bytes (the replacement character U+FFFD, EF BF BD, is itself
    /// valid, so it never stands where the bytes were invalid): bytes that come back unchanged
    /// were valid.
    static func validUTF8(_ bytes: some Collection<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return isUTF8(of: text, bytes) ? text : nil
    }

    /// Whether `bytes` are exactly the UTF-8 of `text`.
    public static func isUTF8(of text: String, _ bytes: some Collection<UInt8>) -> Bool {
        bytes.withContiguousStorageIfAvailable { b in
            UTF8Text.withBytes(text) { t in t.count == b.count && (b.count == 0 || memcmp(t.baseAddress!, b.baseAddress!, b.count) == 0) }
        } ?? text.utf8.elementsEqual(bytes)
    }

    private static func finish(utf8 bytes: [UInt8], file: String) -> Result {
        if let text = validUTF8(bytes) {
            return Result(text: normaliseLineEnds(text), encoding: "utf-8", diagnostics: [])
        }
        // Line by line (at LF, CRLF or CR, as the reader counts lines). A file put together from
        // two sources can hold UTF-8 lines and GB18030 lines; a damaged file has lines that are
        // neither. Which encoding the file is mostly in decides how a doubtful line is read.
        enum Line { case ascii(String), utf8(String), gb(String), neither }
        let raw = splitLines(bytes)
        let kinds: [Line] = raw.map { line in
            if line.allSatisfy({ $0 < 0x80 }) { return .ascii(String(decoding: line, as: UTF8.self)) }
            if let text = validUTF8(line) { return .utf8(text) }
            if let text = String(data: Data(line), encoding: gb18030) { return .gb(text) }
            return .neither
        }
        let utf8Count = kinds.filter { if case .utf8 = $0 { true } else { false } }.count
        let gbCount = kinds.filter { if case .gb = $0 { true } else { false } }.count
        let mostlyGB = gbCount > utf8Count
        var lines: [String] = []
        var gbLines: [Int] = []
        var utf8Lines: [Int] = []
        var badLines: [Int] = []
        for (index, (kind, line)) in zip(kinds, raw).enumerated() {
            switch kind {
            case .ascii(let text):
                lines.append(text)
            case .utf8(let text):
                // In a GB18030 file, a line whose bytes happen to be valid UTF-8 (维 is CE AC, ά in
                // UTF-8) is still GB18030: when it reads as Chinese only in GB18030.
                if mostlyGB, let gbText = String(data: Data(line), encoding: gb18030), isChinese(gbText), !isChinese(text) {
                    lines.append(gbText)
                } else {
                    lines.append(text)
                    utf8Lines.append(index + 1)
                }
            case .gb(let text):
                if mostlyGB || (!looksMostlyUTF8(Array(line)) && looksLikeChinese(text)) {
                    lines.append(text)
                    gbLines.append(index + 1)
                } else {
                    lines.append(String(decoding: line, as: UTF8.self))
                    badLines.append(index + 1)
                }
            case .neither:
                lines.append(mostlyGB ? gbWithReplacement(line) : String(decoding: line, as: UTF8.self))
                badLines.append(index + 1)
            }
        }
        var diagnostics: [Diagnostic] = []
        if let first = (mostlyGB ? utf8Lines : gbLines).first, !(mostlyGB ? gbLines : utf8Lines).isEmpty {
            let minority = mostlyGB ? utf8Lines : gbLines
            diagnostics.append(Diagnostic(.warning, "文件混用了两种编码：\(minority.count) 行（从第 \(first) 行起）是 \(mostlyGB ? "UTF-8" : "GB18030")，其余是 \(mostlyGB ? "GB18030" : "UTF-8")；已逐行解码，请把文件统一另存为 UTF-8", at: SourceLocation(file: file, line: first)))
        }
        if let first = badLines.first {
            let count = badLines.count == 1 ? "" : "（共 \(badLines.count) 行，从这一行起）"
            diagnostics.append(Diagnostic(.error, "文件含有无法解码的字节\(count)，已用 � 代替；文件可能已损坏或不完整。请用 UTF-8 重新保存该文件", at: SourceLocation(file: file, line: first)))
        }
        return Result(text: lines.joined(separator: "\n"), encoding: mostlyGB ? "gb18030" : "utf-8", diagnostics: diagnostics)
    }

    /// The lines of the bytes, split at LF, CRLF or CR.
    private static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A || bytes[i] == 0x0D {
                lines.append(bytes[start..<i])
                if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    /// A GB18030 line with bad bytes: the longest decodable start, then one replacement character
    /// (a download cut off in the middle of a character loses only that character).
    private static func gbWithReplacement(_ line: ArraySlice<UInt8>) -> String {
        for drop in 1...min(3, line.count) {
            if let text = String(data: Data(line.dropLast(drop)), encoding: gb18030) { return text + "\u{FFFD}" }
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// How many characters of a text are Chinese (`TextNormalization.isChinese`), and how many
    /// are neither Chinese nor plain ASCII text (letters, digits, punctuation, whitespace).
    private static func chineseCount(_ text: String) -> (chinese: Int, other: Int) {
        var chinese = 0, other = 0
        for s in text.unicodeScalars {
            if s.value < 0x80 {
                if s.value < 0x20 && !TextNormalization.isWhitespace(s) || s.value == 0x7F { other += 1 }
            } else if TextNormalization.isChinese(s) {
                chinese += 1
            } else {
                other += 1
            }
        }
        return (chinese, other)
    }

    /// Whether every character of a line that is not plain ASCII is Chinese.
    private static func isChinese(_ text: String) -> Bool {
        let count = chineseCount(text)
        return count.chinese > 0 && count.other == 0
    }

    /// Whether a line decoded as GB18030 reads as Chinese: several characters, nearly all of them
    /// Chinese. A few stray bytes (a cut-off UTF-8 character) are not.
    private static func looksLikeChinese(_ text: String) -> Bool {
        let count = chineseCount(text)
        return count.chinese >= 2 && count.chinese >= count.other * 9
    }

    /// The 16-bit code units of `bytes` from `start` on, in the given byte order (an odd last byte is dropped).
    private static func utf16Units(_ bytes: [UInt8], from start: Int, little: Bool) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = start
        while i + 1 < bytes.count {
            units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        return units
    }

    /// UTF-16 text saved without a byte order mark: NUL bytes in every other place, and, decoded,
    /// nothing but the characters of a Chinese report (CJK, ASCII, punctuation, whitespace).
    private static func utf16WithoutBOM(_ bytes: [UInt8]) -> (String, little: Bool)? {
        guard bytes.count >= 16, bytes.count % 2 == 0, headHasNUL(bytes) else { return nil }
        for little in [true, false] {
            guard let text = String(validating: utf16Units(bytes, from: 0, little: little), as: UTF16.self) else { continue }
            let total = text.scalarCount
            if total > 0, chineseCount(text).other * 100 <= total * 2, text.contains("\n") { return (text, little) }
        }
        return nil
    }

    static func normaliseLineEnds(_ text: String) -> String {
        guard UTF8Text.withBytes(text, { $0.count > 0 && memchr($0.baseAddress!, 13, $0.count) != nil }) else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            if s == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if s == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(s)
        }
        return String(out)
    }

    private static func firstReplacementLine(_ text: String) -> Int {
        var line = 1
        for s in text.unicodeScalars {
            if s == "\u{FFFD}" { return line }
            if s == "\n" { line += 1 }
        }
        return line
    }

    /// Whether most of the non-ASCII bytes form valid UTF-8 sequences.
    private static func looksMostlyUTF8(_ bytes: [UInt8]) -> Bool {
        var valid = 0
        var invalid = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0
            var ok = length > 0 && i + length <= bytes.count
            if ok {
                for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { ok = false }
            }
            if ok { valid += 1; i += length } else { invalid += 1; i += 1 }
        }
        return valid > 0 && valid >= invalid * 9
    }

    /// Whether the first 8 KB hold a NUL byte (by `memchr`: the generic `contains` took some
    /// 30,000 instructions a report, and every report is looked at twice).
    private static func headHasNUL(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in b.count > 0 && memchr(b.baseAddress!, 0, Swift.min(b.count, 8192)) != nil }
    }

    private static let signatures: [([UInt8], String)] = [
        (Array("%PDF".utf8), "PDF"),
        ([0x89, 0x50, 0x4E, 0x47], "PNG 图片"),
        ([0xFF, 0xD8, 0xFF], "JPEG 图片"),
        ([0x50, 0x4B, 0x03, 0x04], "ZIP 压缩包或 .docx/.xlsx 文档"),
        ([0xD0, 0xCF, 0x11, 0xE0], "旧版 Word/Excel 文档"),
        (Array("GIF8".utf8), "GIF 图片"),
        ([0x1F, 0x8B], "gzip 压缩文件"),
    ]

    private static func binaryKind(_ bytes: [UInt8]) -> String? {
        for (magic, name) in signatures where bytes.starts(with: magic) { return name }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
        // NUL bytes do not occur in text in any of the encodings read here except UTF-16.
        if headHasNUL(bytes) { return "二进制数据" }
        return nil
    }
}
