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

    static func bars(id: String, title: String, bars: [Bar], unit: String) -> String {
        let known = bars.compactMap(\.value)
        let maximum = max(known.max() ?? 0, 1)
        let labelWidth = Double(min(max(bars.map { $0.label.count }.max() ?? 4, 4), 16)) * 13 + 8
        let barArea = 320.0, row = 24.0, valueWidth = 90.0
        let width = labelWidth + barArea + valueWidth
        let height = Double(bars.count) * row + 8
        let description = bars.map { "\($0.label)：\($0.value == nil ? $0.display : $0.display + unit)" }.joined(separator: "；")
        var svg = "<svg class=\"chart\" id=\"\(id)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" viewBox=\"0 0 \(format(width)) \(format(height))\" width=\"\(format(width))\" height=\"\(format(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
        svg += "<line x1=\"\(format(labelWidth))\" y1=\"0\" x2=\"\(format(labelWidth))\" y2=\"\(format(height))\" class=\"axis\"/>"
        for (i, bar) in bars.enumerated() {
            let y = 4 + Double(i) * row
            let middle = y + row / 2 + 4
            svg += "<text x=\"\(format(labelWidth - 6))\" y=\"\(format(middle))\" class=\"label\">\(HTML.escape(bar.label))</text>"
            if let value = bar.value {
                let w = value <= 0 ? 0 : max(1, value / maximum * barArea)
                svg += "<rect x=\"\(format(labelWidth))\" y=\"\(format(y + 3))\" width=\"\(format(w))\" height=\"\(format(row - 6))\" class=\"bar\"/>"
                svg += "<text x=\"\(format(labelWidth + w + 4))\" y=\"\(format(middle))\" class=\"value\">\(HTML.escape(bar.display))</text>"
            } else {
                svg += "<rect x=\"\(format(labelWidth))\" y=\"\(format(y + 3))\" width=\"40\" height=\"\(format(row - 6))\" class=\"unknown\"/>"
                svg += "<text x=\"\(format(labelWidth + 44))\" y=\"\(format(middle))\" class=\"value\">\(HTML.escape(bar.display))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Fixed-point numbers so that the same chart is the same bytes on every build.
    static func format(_ value: Double) -> String {
        // The reader bounds every value (15 digits for counts, 12 for amounts); this only keeps
        // the conversion safe whatever comes in.
        let bounded = value.isFinite ? min(max(value, -1e17), 1e17) : 0
        let scaled = Int((bounded * 10).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
