import AnnualReports
import Foundation
import Synchronization

/// Infers an agency's region from the division names its name starts with (`伊川县司法局` →
/// 河南省 洛阳市 伊川县), using the GB/T 2260 list shipped in `Resources/gbt2260.tsv`.
///
/// A name that several divisions share (朝阳区) gives no region unless the name goes on to settle
/// it; an unknown region is `nil`, never a guess.
public struct RegionIndex: Sendable {
    private var codesByName: [String: [String]] = [:]
    private var nameByCode: [String: String] = [:]
    /// Each name's region once inferred: every year's report of an agency bears the same name,
    /// and inferring one costs some 100,000 instructions (a dictionary lookup per prefix).
    private let inferred = Memo()

    private final class Memo: Sendable {
        let regions = Mutex<[String: Region?]>([:])
    }

    public static let shared: RegionIndex = {
        guard let url = Bundle.module.url(forResource: "gbt2260", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return RegionIndex(tsv: "") }
        return RegionIndex(tsv: text)
    }()

    static let suffixes = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "县", "区", "盟", "旗"]
    static let municipalities: Set<String> = ["11", "12", "31", "50"]

    init(tsv: String) {
        // Room for the 3,511 divisions and their short names, not regrown.
        nameByCode.reserveCapacity(4096)
        codesByName.reserveCapacity(8192)
        // Lines and fields are cut at LF and tab bytes (the list has no CR), empty ones skipped.
        let fields = tsv.utf8.split(separator: UInt8(ascii: "\n")).lazy.filter { $0.first != UInt8(ascii: "#") }
            .map { $0.split(separator: UInt8(ascii: "\t")) }
        for parts in fields {
            guard parts.count == 2 else { continue }
            let code = String(Substring(parts[0])), name = String(Substring(parts[1]))
            nameByCode[code] = name
            codesByName[name, default: []].append(code)
            // The short form (洛阳 for 洛阳市) also names the division when it is unambiguous.
            // (By bytes and scalars: the list is ASCII and unified Han characters, each one
            // Character; a test holds it to that.)
            if let suffix = Self.suffixes.first(where: { name.utf8.reversed().starts(with: $0.utf8.reversed()) }),
               name.unicodeScalars.count - suffix.unicodeScalars.count >= 2 {
                let short = String(name.unicodeScalars.dropLast(suffix.unicodeScalars.count))
                codesByName["~" + short, default: []].append(code)
            }
        }
    }

    public var count: Int { nameByCode.count }

    public func infer(_ agency: String) -> Region? {
        if let known = inferred.regions.withLock({ $0[agency] }) { return known }
        let region = inferUncached(agency)
        inferred.regions.withLock { $0[agency] = region }
        return region
    }

    private func inferUncached(_ agency: String) -> Region? {
        var rest = Substring(agency)
        var chain: [String] = []
        while !rest.isEmpty {
            guard let (length, codes) = longestMatch(rest, within: chain.last) else { break }
            // Several divisions of that name: only what follows can tell which.
            let next = rest.dropFirst(length)
            if codes.count > 1 {
                let settled = codes.filter { code in longestMatch(next, within: code) != nil }
                guard settled.count == 1 else { return chain.isEmpty ? nil : region(chain.last!) }
                chain.append(settled[0])
            } else {
                chain.append(codes[0])
            }
            rest = next
        }
        return chain.last.map(region)
    }

    /// The longest division name at the start of `text` that lies inside `parent` (if any).
    private func longestMatch(_ text: Substring, within parent: String?) -> (Int, [String])? {
        var best: (Int, [String])?
        var prefix = ""
        for (i, c) in text.prefix(12).enumerated() {
            prefix.append(c)
            for key in [prefix, "~" + prefix] {
                guard var codes = codesByName[key] else { continue }
                if let parent { codes = codes.filter { contains(parent, $0) } }
                // A short name must not be the start of a longer word that is not a division (平潭综合…
                // is fine; the short form is accepted only when no full name matches here).
                if !codes.isEmpty, best == nil || i + 1 > best!.0 || (i + 1 == best!.0 && !key.hasPrefix("~")) {
                    best = (i + 1, codes)
                }
            }
        }
        return best
    }

    private func contains(_ parent: String, _ child: String) -> Bool {
        guard parent != child else { return false }
        if parent.hasSuffix("0000") { return child.hasPrefix(parent.prefix(2)) }
        if parent.hasSuffix("00") { return child.hasPrefix(parent.prefix(4)) }
        return false
    }

    private func region(_ code: String) -> Region {
        let provinceCode = String(code.prefix(2)) + "0000"
        let cityCode = String(code.prefix(4)) + "00"
        let isMunicipality = Self.municipalities.contains(String(code.prefix(2)))
        var region = Region(province: nameByCode[provinceCode])
        if code.hasSuffix("0000") { return region }
        if !isMunicipality, let city = nameByCode[cityCode] { region.city = city }
        if !code.hasSuffix("00") || isMunicipality { region.county = nameByCode[code] }
        return region
    }
}
