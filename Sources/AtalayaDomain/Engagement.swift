// MARK: - High-level engagements and their commitments

/// A high-level engagement between the U.S. and one or more partners, with where it was reported.
public struct Engagement: Sendable, Equatable, Codable {
    /// What kind of engagement.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A visit.
        case visit
        /// A dialogue or meeting series.
        case dialogue
        /// A signed agreement or memorandum.
        case agreement
        /// A joint strategy or plan.
        case jointStrategy = "joint_strategy"
        /// Anything else.
        case other

        /// Decodes the value, naming it and the values taken when it is none of them.
        public init(from decoder: any Decoder) throws { self = try decodeListedValue(from: decoder) }
    }

    /// Who met.
    public enum Level: String, Sendable, Codable, CaseIterable {
        /// Heads of state or government.
        case headOfState = "head_of_state"
        /// Ministers or secretaries.
        case ministerial
        /// Senior officials.
        case seniorOfficial = "senior_official"
        /// Working level.
        case working

        /// Decodes the value, naming it and the values taken when it is none of them.
        public init(from decoder: any Decoder) throws { self = try decodeListedValue(from: decoder) }
    }

    /// A promise made at an engagement, to be checked later.
    public struct Commitment: Sendable, Equatable, Codable {
        /// Whether it was kept.
        public enum Status: String, Sendable, Codable, CaseIterable {
            /// Not yet due or not yet assessed.
            case open
            /// Done, by the record.
            case met
            /// Not done, by the record.
            case missed

            /// Decodes the value, naming it and the values taken when it is none of them.
            public init(from decoder: any Decoder) throws { self = try decodeListedValue(from: decoder) }
        }

        /// What was promised, in plain words.
        public var text: String
        /// When it is due (`YYYY-MM-DD`), if a date was given.
        public var due: String?
        /// Its status by the record.
        public var status: Status

        /// Creates a commitment.
        public init(text: String, due: String?, status: Status) {
            self.text = text
            self.due = due
            self.status = status
        }

        /// True when past due on `date` and not met.
        public func isOverdue(asOf date: String) -> Bool {
            guard status != .met, let due else { return false }
            return due < date
        }
    }

    /// The first day (`YYYY-MM-DD`).
    public var date: String
    /// The last day, when it spans several.
    public var endDate: String?
    /// The kind.
    public var kind: Kind
    /// The level.
    public var level: Level
    /// Partner countries, ISO 3166-1 alpha-2.
    public var countries: [String]
    /// U.S. participants.
    public var usParticipants: String?
    /// Partner participants.
    public var partnerParticipants: String?
    /// Topics, as recorded.
    public var topics: [String]
    /// The pillars it concerns, when recorded (never inferred).
    public var pillars: [Pillar]
    /// A summary in the recorder's own words.
    public var summary: String
    /// Where it was reported.
    public var sourceURL: String
    /// When that source was published.
    public var sourcePublished: String?
    /// Commitments made.
    public var commitments: [Commitment]

    /// Creates an engagement.
    public init(
        date: String, endDate: String? = nil, kind: Kind, level: Level, countries: [String],
        usParticipants: String? = nil, partnerParticipants: String? = nil, topics: [String] = [],
        pillars: [Pillar] = [], summary: String, sourceURL: String, sourcePublished: String? = nil,
        commitments: [Commitment] = []
    ) {
        self.date = date
        self.endDate = endDate
        self.kind = kind
        self.level = level
        self.countries = countries
        self.usParticipants = usParticipants
        self.partnerParticipants = partnerParticipants
        self.topics = topics
        self.pillars = pillars
        self.summary = summary
        self.sourceURL = sourceURL
        self.sourcePublished = sourcePublished
        self.commitments = commitments
    }

    /// Decodes a record; `topics`, `pillars` and `commitments` may be left out (none recorded), as in the CSV layout.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            date: try container.decode(String.self, forKey: .date),
            endDate: try container.decodeIfPresent(String.self, forKey: .endDate),
            kind: try container.decode(Kind.self, forKey: .kind),
            level: try container.decode(Level.self, forKey: .level),
            countries: try container.decode([String].self, forKey: .countries),
            usParticipants: try container.decodeIfPresent(String.self, forKey: .usParticipants),
            partnerParticipants: try container.decodeIfPresent(String.self, forKey: .partnerParticipants),
            topics: try container.decodeIfPresent([String].self, forKey: .topics) ?? [],
            pillars: try container.decodeIfPresent([Pillar].self, forKey: .pillars) ?? [],
            summary: try container.decode(String.self, forKey: .summary),
            sourceURL: try container.decode(String.self, forKey: .sourceURL),
            sourcePublished: try container.decodeIfPresent(String.self, forKey: .sourcePublished),
            commitments: try container.decodeIfPresent([Commitment].self, forKey: .commitments) ?? [])
    }

    /// True for an agreement or joint strategy whose recorded pillars go beyond interdiction.
    public var isJointStrategyBeyondInterdiction: Bool {
        (kind == .agreement || kind == .jointStrategy) && pillars.contains { $0.isInScope && $0 != .interdiction }
    }
}

/// Calendar arithmetic on `YYYY-MM-DD` dates, without time zones (engagements are dated by day).
public enum DayCount {
    /// Days from `earlier` to `later`; nil when either is not a valid date.
    public static func days(from earlier: String, to later: String) -> Int? {
        guard let a = ordinal(earlier), let b = ordinal(later) else { return nil }
        return b - a
    }

    /// True for a valid `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool { ordinal(text) != nil }

    /// Days since 0000-03-01 in the proleptic Gregorian calendar (the civil-from-days algorithm); nil unless `text` is
    /// a valid `YYYY-MM-DD`: ten ASCII bytes, digits but for the two hyphens, a year from 0001, a month and a day that
    /// exist. A sign or a missing digit (`2020-+1-01`, `2020--6-30`) is no date, though `Int` reads `+1` and a split
    /// on `-` drops an empty part: stored, such a text sorted before every date.
    public static func ordinal(_ text: String) -> Int? {
        guard let (year, month, day) = fields(text), year >= 1, (1...12).contains(month), day >= 1,
            day <= daysIn(month: month, year: year)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra
    }

    /// The `YYYY-MM-DD` of an `ordinal` (days since 0000-03-01), the inverse of `ordinal(_:)`; nil outside years 1–9999.
    public static func date(ordinal: Int) -> String? {
        let era = (ordinal >= 0 ? ordinal : ordinal - 146_096) / 146_097
        let dayOfEra = ordinal - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1...9999).contains(year) else { return nil }
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: width - text.count) + text
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))"
    }

    /// The year, month and day of a text shaped `DDDD-DD-DD` (ASCII digits), unchecked; nil for any other shape.
    static func fields(_ text: String) -> (year: Int, month: Int, day: Int)? {
        var values = (0, 0, 0)
        var count = 0
        for byte in text.utf8 {
            switch count {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                let digit = Int(byte - 0x30)
                if count < 4 {
                    values.0 = values.0 * 10 + digit
                } else if count < 7 {
                    values.1 = values.1 * 10 + digit
                } else {
                    values.2 = values.2 * 10 + digit
                }
            default: return nil
            }
            count += 1
        }
        return count == 10 ? values : nil
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
