/// Dates as reports write them: `2024年1月15日`, `2024-01-15`, `2024/1/15`, `2025-03-10 15:35`.
enum DateText {
    /// The ISO form (`2024-01-15`) of the date a string starts with, or `nil` if there is no valid one.
    static func isoDate(from text: String) -> String? {
        // The scalars folded (`halfWidth`, as `TextNormalization.folded` does) without spaces, in
        // one pass that stops at the first that is no digit: most texts asked about are no date.
        var scalars: [Unicode.Scalar] = []
        for s in text.unicodeScalars {
            let h = TextNormalization.halfWidth(s)
            if h == " " { continue }
            if scalars.isEmpty && !TextNormalization.isDigit(h) { return nil }
            scalars.append(h)
        }
        var i = 0
        func number(_ maxDigits: Int = 2) -> Int? {
            var v = 0
            var n = 0
            while i < scalars.count, TextNormalization.isDigit(scalars[i]), n < maxDigits {
                v = v * 10 + Int(scalars[i].value - 48)
                i += 1
                n += 1
            }
            return n > 0 ? v : nil
        }
        guard let y = number(4), i < scalars.count, "年-/.".unicodeScalars.contains(scalars[i]) else { return nil }
        i += 1
        guard let m = number(), i < scalars.count, "月-/.".unicodeScalars.contains(scalars[i]) else { return nil }
        i += 1
        guard let d = number() else { return nil }
        return iso(year: y, month: m, day: d)
    }

    static func iso(year: Int, month: Int, day: Int) -> String? {
        guard (1900...2999).contains(year), (1...12).contains(month), (1...daysIn(month, year)).contains(day) else { return nil }
        let mm = month < 10 ? "0\(month)" : "\(month)"
        let dd = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(mm)-\(dd)"
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
