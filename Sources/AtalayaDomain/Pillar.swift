// MARK: - Pillars

/// Where a dollar of security cooperation goes; the taxonomy of DESIGN.md.
public enum Pillar: String, Sendable, Codable, CaseIterable, Comparable {
    /// Interdiction and military operations.
    case interdiction
    /// Intelligence and information sharing.
    case intelligence
    /// Law-enforcement capacity.
    case lawEnforcement = "law_enforcement"
    /// Justice and rule of law.
    case justice
    /// Anti-corruption and accountability.
    case antiCorruption = "anti_corruption"
    /// Governance and democratic resilience.
    case governance
    /// Community resilience and violence prevention.
    case prevention
    /// Border and migration management.
    case borderMigration = "border_migration"
    /// In scope, but no pillar rule matched.
    case unclassified
    /// Not security cooperation under the crosswalk in force.
    case outOfScope = "out_of_scope"

    /// Decodes a pillar id, naming it and the ids taken when it is none of them.
    public init(from decoder: any Decoder) throws { self = try decodeListedValue(from: decoder) }

    /// True for every pillar that counts as security cooperation (all but `out_of_scope`).
    public var isInScope: Bool { self != .outOfScope }

    /// True for the pillars of the institution-building share.
    public var isInstitutionBuilding: Bool {
        self == .lawEnforcement || self == .justice || self == .antiCorruption || self == .governance
    }

    /// English label.
    public var label: String {
        switch self {
        case .interdiction: "Interdiction and military operations"
        case .intelligence: "Intelligence and information sharing"
        case .lawEnforcement: "Law-enforcement capacity"
        case .justice: "Justice and rule of law"
        case .antiCorruption: "Anti-corruption and accountability"
        case .governance: "Governance and democratic resilience"
        case .prevention: "Community resilience and violence prevention"
        case .borderMigration: "Border and migration management"
        case .unclassified: "In scope, unclassified"
        case .outOfScope: "Out of scope"
        }
    }

    /// Spanish label.
    public var labelES: String {
        switch self {
        case .interdiction: "Interdicción y operaciones militares"
        case .intelligence: "Inteligencia e intercambio de información"
        case .lawEnforcement: "Capacidad policial"
        case .justice: "Justicia y Estado de derecho"
        case .antiCorruption: "Anticorrupción y rendición de cuentas"
        case .governance: "Gobernanza y resiliencia democrática"
        case .prevention: "Resiliencia comunitaria y prevención de la violencia"
        case .borderMigration: "Gestión de fronteras y migración"
        case .unclassified: "En el ámbito, sin clasificar"
        case .outOfScope: "Fuera del ámbito"
        }
    }

    /// Spanish short name, for a table's cell or column (`policía`); English tables name a pillar by its id.
    public var shortLabelES: String {
        switch self {
        case .interdiction: "interdicción"
        case .intelligence: "inteligencia"
        case .lawEnforcement: "policía"
        case .justice: "justicia"
        case .antiCorruption: "anticorrupción"
        case .governance: "gobernanza"
        case .prevention: "prevención"
        case .borderMigration: "fronteras"
        case .unclassified: "sin clasificar"
        case .outOfScope: "fuera del ámbito"
        }
    }

    /// A colour for charts (readable on white, distinct for the eight pillars).
    public var colour: String {
        switch self {
        case .interdiction: "#8c2d04"
        case .intelligence: "#6a51a3"
        case .lawEnforcement: "#2171b5"
        case .justice: "#238b45"
        case .antiCorruption: "#d94801"
        case .governance: "#41ab5d"
        case .prevention: "#ae017e"
        case .borderMigration: "#02818a"
        case .unclassified: "#969696"
        case .outOfScope: "#d9d9d9"
        }
    }

    /// Order of the taxonomy table.
    public static func < (lhs: Pillar, rhs: Pillar) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The measure a transaction belongs to; measures are never summed together.
public enum Measure: String, Sendable, Codable, CaseIterable {
    /// IATI outgoing commitment (transaction type 2).
    case commitment
    /// IATI disbursement (transaction type 3).
    case disbursement
    /// IATI expenditure (transaction type 4).
    case expenditure
    /// U.S. obligation (ForeignAssistance.gov, the Greenbook): money legally committed in a fiscal year.
    case obligation

    /// The measure of an IATI TransactionType code; nil for incoming funds, repayments and the like.
    public init?(iatiTransactionType code: String) {
        switch code {
        case "2", "C": self = .commitment
        case "3", "D": self = .disbursement
        case "4", "E": self = .expenditure
        default: return nil
        }
    }
}
