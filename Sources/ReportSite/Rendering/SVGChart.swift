/// Small horizontal bar charts drawn by the generator as inline SVG (long Chinese agency names fit
/// on the left), with a title and a text description for screen readers, and a visible dashed gap,
/// not a zero bar, where a value is unknown or does not apply.
enum SVGChart {
    struct Bar {
        var label: String
        var value: Double?
        /// The value as the page should say it (`12`, `45.0553`, `37.5%`), or why there is none.
        var display: String
    }

    /// The chart's SVG, as UTF-8.
    static func bars(id: String, title: String, bars: [Bar], unit: String) -> [UInt8] {
        let known = bars.compactMap(\.value)
        let maximum = max(known.max() ?? 0, 1)
        let labelWidth = Double(min(max(longestLabel(bars, upTo: 16) ?? 4, 4), 16)) * 13 + 8
        let barArea = 320.0, row = 24.0, valueWidth = 90.0
        let width = labelWidth + barArea + valueWidth
        let height = Double(bars.count) * row + 8
        // Written as UTF-8 (a chart has a few elements for each of many bars).
        var svg = Markup(capacity: 512 + 320 * bars.count)
        func put(_ text: StaticString) { svg.raw(text) }
        @_disfavoredOverload func put(_ text: String) { svg.raw(text) }
        func put(number value: Double) { svg.figure(value) }
        func put(escaped text: String) { svg.text(text) }
        put("<svg class=\"chart\" id=\""); put(id); put("\" role=\"img\" aria-labelledby=\""); put(id); put("-title "); put(id)
        put("-desc\" viewBox=\"0 0 "); put(number: width); put(" "); put(number: height); put("\" width=\""); put(number: width)
        put("\" height=\""); put(number: height); put("\" xmlns=\"http://www.w3.org/2000/svg\">")
        put("<title id=\""); put(id); put("-title\">"); put(escaped: title); put("</title><desc id=\""); put(id); put("-desc\">")
        // The description: `label：value` for each bar, joined by `；` (escaping is byte by byte,
        // so the pieces escaped one by one are the whole escaped).
        for (i, bar) in bars.enumerated() {
            if i > 0 { put("；") }
            put(escaped: bar.label); put("：")
            put(escaped: bar.display)
            if bar.value != nil { put(escaped: unit) }
        }
        put("</desc>")
        put("<line x1=\""); put(number: labelWidth); put("\" y1=\"0\" x2=\""); put(number: labelWidth); put("\" y2=\""); put(number: height)
        put("\" class=\"axis\"/>")
        for (i, bar) in bars.enumerated() {
            let y = 4 + Double(i) * row
            let middle = y + row / 2 + 4
            put("<text x=\""); put(number: labelWidth - 6); put("\" y=\""); put(number: middle); put("\" class=\"label\">")
            put(escaped: bar.label); put("</text>")
            let w: Double
            if let value = bar.value {
                w = value <= 0 ? 0 : max(1, value / maximum * barArea)
                put("<rect x=\""); put(number: labelWidth); put("\" y=\""); put(number: y + 3); put("\" width=\""); put(number: w)
                put("\" height=\""); put(number: row - 6); put("\" class=\"bar\"/>")
            } else {
                w = 40
                put("<rect x=\""); put(number: labelWidth); put("\" y=\""); put(number: y + 3); put("\" width=\"40\" height=\"")
                put(number: row - 6); put("\" class=\"unknown\"/>")
            }
            put("<text x=\""); put(number: labelWidth + w + 4); put("\" y=\""); put(number: middle); put("\" class=\"value\">")
            put(escaped: bar.display); put("</text>")
        }
        put("</svg>")
        return svg.bytes
    }

    /// The number of characters of the longest label, counted as far as `limit`; `nil` without
    /// bars. A label no longer in scalars than the longest so far is not counted in characters
    /// (a character is one scalar or more), which spares most labels the grapheme breaking.
    static func longestLabel(_ bars: [Bar], upTo limit: Int) -> Int? {
        var longest: Int?
        for bar in bars {
            if let longest, longest >= limit || bar.label.scalarCount <= longest { continue }
            longest = max(longest ?? 0, bar.label.count)
        }
        return longest
    }
}
