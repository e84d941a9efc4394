import Foundation

// MARK: - Who implements and who else pays: local ownership, multilateral share, burden sharing

/// An implementing organisation as the ledger keeps it.
public struct Implementer: Sendable, Equatable {
    /// Its identifier, when given.
    public var ref: String?
    /// Its IATI organisation type code.
    public var type: String?
    /// Its names.
    public var names: [String]

    /// Creates an implementer.
    public init(ref: String?, type: String?, names: [String]) {
        self.ref = ref
        self.type = type
        self.names = names
    }

    /// The implementer an organisation of an activity is, with all its names.
    public init(_ organisation: Organisation) {
        self.init(ref: organisation.ref, type: organisation.type, names: organisation.names.map(\.text))
    }

    /// True for a partner-country body: types 24 and 72 (an NGO based in, a company of, the aid recipient country)
    /// anywhere; any other type but multilateral (40) and provider-country private sector (71) when its identifier
    /// starts with the recipient's code or its name places it there (`PartnerCountryEvidence`) — and never a U.S.
    /// body. The type alone is not enough because publishers type loosely: USAID types Freedom House, the National
    /// Democratic Institute and Catholic Relief Services as national NGOs (22), and Mexican civil associations such
    /// as the Instituto para la Seguridad y la Democracia, A.C. as regional NGOs (23) or private sector (70).
    public func isLocal(to country: String) -> Bool { localEvidence(to: country) != nil }

    /// Why this implementer is a partner-country body of `country` (see `isLocal`), or nil when it is not one.
    public func localEvidence(to country: String) -> LocalEvidence? {
        if let type, ["24", "72"].contains(type) { return .partnerCountryType }
        if let type, ["40", "71"].contains(type) { return nil }
        if let ref, ref.hasPrefix("US-") { return nil }
        if names.contains(where: { $0.hasPrefix("U.S.") || $0.contains("United States") }) { return nil }
        if let ref, ref.hasPrefix(country + "-") { return .identifier }
        let found = names.compactMap { PartnerCountryEvidence.evidence($0, in: country) }
        return found.contains(.name) ? .name : found.first
    }

    /// True for a multilateral organisation (type 40).
    public var isMultilateral: Bool { type == "40" }
}

/// One activity's in-scope disbursements for a country, with its implementing organisations and the import run its
/// money was read from.
public struct ImplementedMoney: Sendable, Equatable {
    /// The disbursements, U.S. cents.
    public var cents: Cents
    /// Its implementing organisations (role 4), in file order.
    public var implementers: [Implementer]
    /// The run that last imported the activity, when the ledger names it.
    public var run: Int64?

    /// Creates an entry.
    public init(cents: Cents, implementers: [Implementer], run: Int64? = nil) {
        self.cents = cents
        self.implementers = implementers
        self.run = run
    }
}

/// Local-ownership and multilateral shares of a country's in-scope money, each with its denominator.
public struct OwnershipShares: Sendable, Equatable, Codable {
    /// Money counted, U.S. cents (in-scope disbursements of activities that name an implementer).
    public var denominatorCents: Cents
    /// Of which implemented by partner-country bodies.
    public var localCents: Cents
    /// Of which implemented through multilateral organisations.
    public var multilateralCents: Cents
    /// In-scope money of activities that name no implementer (left out of the denominator).
    public var unnamedCents: Cents
    /// The partner-country bodies behind `localCents`, largest first: what the share counts, and why.
    public var localImplementers: [LocalImplementer]

    /// A partner-country body and its part of the money.
    public struct LocalImplementer: Sendable, Equatable, Codable {
        /// Its name as published (the first narrative), or its identifier when it has no name.
        public var name: String
        /// Its IATI organisation type code as published, when given.
        public var type: String?
        /// Why it counts.
        public var evidence: LocalEvidence
        /// Its equal parts of the activities it implements, U.S. cents.
        public var cents: Cents
        /// The import runs those activities' money was read from, ascending.
        public var runs: [Int64]

        /// Creates an entry.
        public init(name: String, type: String?, evidence: LocalEvidence, cents: Cents, runs: [Int64] = []) {
            self.name = name
            self.type = type
            self.evidence = evidence
            self.cents = cents
            self.runs = runs
        }
    }

    /// Splits each activity's money equally among its implementing organisations.
    public init(_ activities: [ImplementedMoney], country: String) {
        var denominator: Cents = 0
        var local: Cents = 0
        var multilateral: Cents = 0
        var unnamed: Cents = 0
        var bodies: [LocalKey: Cents] = [:]
        var bodyRuns: [LocalKey: Set<Int64>] = [:]
        for activity in activities {
            guard !activity.implementers.isEmpty else {
                unnamed += activity.cents
                continue
            }
            denominator += activity.cents
            let parts = Split.largestRemainder(
                activity.cents, weights: Array(repeating: 1, count: activity.implementers.count))
            for (implementer, cents) in zip(activity.implementers, parts) {
                if let evidence = implementer.localEvidence(to: country) {
                    local += cents
                    let name = implementer.names.first ?? implementer.ref ?? "?"
                    let key = LocalKey(name: name, type: implementer.type, evidence: evidence)
                    bodies[key, default: 0] += cents
                    if let run = activity.run { bodyRuns[key, default: []].insert(run) }
                }
                if implementer.isMultilateral { multilateral += cents }
            }
        }
        denominatorCents = denominator
        localCents = local
        multilateralCents = multilateral
        unnamedCents = unnamed
        localImplementers = bodies.map {
            LocalImplementer(
                name: $0.name, type: $0.type, evidence: $0.evidence, cents: $1, runs: (bodyRuns[$0] ?? []).sorted())
        }
        .sorted { ($1.cents, $0.name) < ($0.cents, $1.name) }
    }

    /// One partner-country body as the shares group them: by name, type and evidence.
    private struct LocalKey: Hashable {
        var name: String
        var type: String?
        var evidence: LocalEvidence
    }

    /// Plain sentences with their denominators.
    public var sentences: [String] { sentences(in: .en) }

    /// The sentences in `language`.
    public func sentences(in language: ReportLanguage) -> [String] {
        let l = language
        guard denominatorCents > 0 else {
            return [
                l.pick(
                    "Local ownership and multilateral shares: no implementers named.",
                    "Apropiación local y proporción multilateral: no se nombran ejecutores.")
            ]
        }
        let percent = { (cents: Cents) in ShareText.percent(cents, of: denominatorCents) }
        let denominator = DecimalText.formatWhole(denominatorCents)
        var text = l.pick(
            "Local ownership: \(percent(localCents)) implemented by partner-country bodies; multilateral: "
                + "\(percent(multilateralCents)); of USD \(denominator) in-scope disbursements whose implementers are "
                + "named (split equally among them)",
            "Apropiación local: \(percent(localCents)) ejecutado por entidades del país socio; multilateral: "
                + "\(percent(multilateralCents)); de USD \(denominator) desembolsados en el ámbito con ejecutores "
                + "nombrados (repartidos por igual entre ellos)")
        if unnamedCents != 0 {
            text += l.pick(
                "; USD \(DecimalText.formatWhole(unnamedCents)) names no implementer",
                "; USD \(DecimalText.formatWhole(unnamedCents)) no nombran ejecutor")
        }
        return [text + "."]
    }
}

/// The U.S. Government among IATI publishers, by organisation identifier.
public enum USGovernmentPublisher {
    /// True for a U.S. Government agency's identifier: `US-GOV-n` (org-id.guide's register of U.S. agencies, as
    /// USAID's `US-GOV-1`) or the older DAC-style `US-n`; false for `US-EIN-…` (a U.S. charity or company) and the
    /// other U.S. registers, which are not the government.
    public static func contains(_ identifier: String) -> Bool {
        if identifier.hasPrefix("US-GOV-") { return true }
        let rest = identifier.utf8.dropFirst(3)
        return identifier.hasPrefix("US-") && !rest.isEmpty && rest.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `contains` as an SQL condition on `column`, which SQLite and PostgreSQL read alike.
    public static func sql(_ column: String) -> String {
        "(\(column) LIKE 'US-GOV-%' OR (\(column) LIKE 'US-%' AND length(\(column)) > 3 "
            + "AND ltrim(substr(\(column), 4), '0123456789') = ''))"
    }
}

/// Other publishers' in-scope money on the purpose codes the U.S. funds in a country, beside the U.S. money.
public struct BurdenSharing: Sendable, Equatable, Codable {
    /// The first and last fiscal years counted.
    public var fromYear: Int
    /// The last fiscal year counted.
    public var toYear: Int
    /// The measure.
    public var measure: Measure
    /// Money by publisher (IATI organisation identifier) on those codes, U.S. cents, largest first.
    public var byPublisher: [PublisherAmount]
    /// Purpose codes the U.S. funds there.
    public var purposeCodes: Int

    /// One publisher's amount.
    public struct PublisherAmount: Sendable, Equatable, Codable {
        /// The publisher's identifier.
        public var publisher: String
        /// The amount, U.S. cents.
        public var cents: Cents
        /// The publisher's name as its latest activity gives it; nil when not looked up or not given.
        public var name: String?

        /// Creates an amount.
        public init(publisher: String, cents: Cents, name: String? = nil) {
            self.publisher = publisher
            self.cents = cents
            self.name = name
        }

        /// The name with the identifier after it, or the identifier alone.
        public var label: String { name.map { "\($0) (\(publisher))" } ?? publisher }

        /// True for a U.S. Government publisher (`US-GOV-…`; see `USGovernmentPublisher`).
        public var isUS: Bool { USGovernmentPublisher.contains(publisher) }
    }

    /// Creates a summary.
    public init(fromYear: Int, toYear: Int, measure: Measure, byPublisher: [PublisherAmount], purposeCodes: Int) {
        self.fromYear = fromYear
        self.toYear = toYear
        self.measure = measure
        self.byPublisher = byPublisher
        self.purposeCodes = purposeCodes
    }

    /// The same amounts with each publisher's name from `names` (by identifier).
    public func naming(_ names: [String: String]) -> BurdenSharing {
        var named = self
        named.byPublisher = byPublisher.map {
            PublisherAmount(publisher: $0.publisher, cents: $0.cents, name: names[$0.publisher])
        }
        return named
    }

    /// One sentence with the years, measure and codes behind it.
    public var sentence: String { sentence(in: .en) }

    /// The sentence in `language`.
    public func sentence(in language: ReportLanguage) -> String {
        let l = language
        let us = byPublisher.filter(\.isUS).reduce(0) { $0 + $1.cents }
        let others = byPublisher.filter { !$0.isUS }
        let years = "\(l.fiscalYear(fromYear))–\(l.fiscalYear(toYear)) \(l.measure(measure))"
        // "the 7 purpose codes", "the 1 purpose code"; "los 7 códigos de propósito", "el código de propósito".
        let codes = counted(purposeCodes, "purpose code", "purpose codes")
        let codesES =
            purposeCodes == 1
            ? "el código de propósito" : "los \(counted(purposeCodes, "código de propósito", "códigos de propósito"))"
        guard purposeCodes > 0 else {
            return l.pick(
                "Burden sharing: not measurable; the U.S. funds no purpose code here in scope (\(years)).",
                "Reparto de la carga: no medible; EE. UU. no financia aquí ningún código de propósito en el ámbito "
                    + "(\(years)).")
        }
        guard !others.isEmpty else {
            return l.pick(
                "Burden sharing: no other publisher in this ledger has in-scope money on the \(codes) the U.S. funds "
                    + "here (\(years)); other donors may not be imported.",
                "Reparto de la carga: ningún otro publicador de este registro tiene montos en \(codesES) que EE. UU. "
                    + "financia aquí (\(years)); puede que otros donantes no estén importados.")
        }
        let list = others.prefix(3).map { "\($0.label) USD \(DecimalText.formatWhole($0.cents))" }
            .joined(separator: ", ")
        let more = others.count > 3 ? l.pick(" and \(others.count - 3) more", " y \(others.count - 3) más") : ""
        return l.pick(
            "Burden sharing: on the \(codes) the U.S. funds here (USD \(DecimalText.formatWhole(us)), \(years)), "
                + "other publishers in this ledger put \(list)\(more).",
            "Reparto de la carga: en \(codesES) que EE. UU. financia aquí (USD \(DecimalText.formatWhole(us)), "
                + "\(years)), otros publicadores de este registro aportan \(list)\(more)."
        )
    }
}
