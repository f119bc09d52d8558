/// Where an agency sits in the administrative divisions; any level may be unknown.
public struct Region: Sendable, Equatable, Hashable {
    public var province: String?
    public var city: String?
    public var county: String?

    public init(province: String? = nil, city: String? = nil, county: String? = nil) {
        self.province = province
        self.city = city
        self.county = county
    }

    public var isEmpty: Bool { province == nil && city == nil && county == nil }
}
