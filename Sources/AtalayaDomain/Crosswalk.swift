public import Foundation
import Synchronization

// MARK: - The crosswalk: ordered rules that place money on pillars

/// A versioned, ordered set of rules that place each allocation on a pillar; data, not code.
public struct Crosswalk: Sendable, Codable, Equatable {
    /// The crosswalk's name.
    public var id: String
    /// Its version; stored with every classification.
    public var version: String
    /// What it is and where its choices come from.
    public var description: String?
    /// The rules, most specific first; the first that matches decides.
    public var rules: [Rule]

    /// Its name and version, as a ledger records the crosswalk it was classified with (`atalaya-pillars 1.3.0`).
    public var label: String { "\(id) \(version)" }

    /// The rule id recorded when nothing matched (out of scope).
    public static let defaultRuleID = "default:out_of_scope"

    /// One rule: every condition it names must hold.
    public struct Rule: Sendable, Codable, Equatable {
        /// A stable id, stored on every allocation it places.
        public var id: String
        /// Where matching money goes.
        public var pillar: Pillar
        /// Why the rule exists.
        public var note: String?
        /// DAC 5-digit (or 3-digit) purpose codes, any of which matches.
        public var dac: [String]?
        /// DAC code prefixes (`151`), any of which matches.
        public var dacPrefixes: [String]?
        /// Sectors in other vocabularies as `VOCABULARY:CODE` (`99:2001` is the U.S. "Rule of Law and Human Rights").
        public var sectors: [String]?
        /// Funding accounts (`11x1082`), any of which matches.
        public var fundingAccounts: [String]?
        /// Funding account names as U.S. datasets spell them (the Greenbook gives no account symbol); case ignored.
        public var fundingAccountNames: [String]?
        /// U.S. assistance objectives or categories (`Economic`, `Military`); case ignored.
        public var objectives: [String]?
        /// Words or phrases in titles and descriptions (case and accents ignored; `corrupt*` matches a prefix).
        public var keywords: [String]?
        /// Words or phrases in a title (an activity's, a ForeignAssistance.gov row's activity name), as `keywords`.
        public var titleKeywords: [String]?

        /// Creates a rule.
        public init(
            id: String, pillar: Pillar, note: String? = nil, dac: [String]? = nil, dacPrefixes: [String]? = nil,
            sectors: [String]? = nil, fundingAccounts: [String]? = nil, fundingAccountNames: [String]? = nil,
            objectives: [String]? = nil, keywords: [String]? = nil, titleKeywords: [String]? = nil
        ) {
            self.id = id
            self.pillar = pillar
            self.note = note
            self.dac = dac
            self.dacPrefixes = dacPrefixes
            self.sectors = sectors
            self.fundingAccounts = fundingAccounts
            self.fundingAccountNames = fundingAccountNames
            self.objectives = objectives
            self.keywords = keywords
            self.titleKeywords = titleKeywords
        }
    }

    /// Creates a crosswalk.
    public init(id: String, version: String, description: String? = nil, rules: [Rule]) {
        self.id = id
        self.version = version
        self.description = description
        self.rules = rules
    }

    /// A problem in a crosswalk file.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// What is wrong, naming the rule or field.
        public var description: String
        /// The 1-based line of a JSON syntax error.
        public var line: Int? = nil
        /// The 1-based column of a JSON syntax error.
        public var column: Int? = nil
    }

    /// Reads and validates a crosswalk from JSON; errors name the rule or field at fault, or the line and column.
    public static func decode(_ data: Data) throws -> Crosswalk {
        let crosswalk: Crosswalk
        do {
            crosswalk = try JSONInputProblem.decode(Crosswalk.self, from: data)
        } catch {
            throw Invalid(
                description: "crosswalk: " + (error.field.map { "\($0): " } ?? "") + error.message,
                line: error.line, column: error.column)
        }
        try crosswalk.validate()
        return crosswalk
    }

    /// Checks that ids are unique and every rule has a condition.
    public func validate() throws {
        var seen = Set<String>()
        for (index, rule) in rules.enumerated() {
            guard !rule.id.isEmpty else { throw Invalid(description: "crosswalk: rule \(index + 1) has an empty id") }
            guard seen.insert(rule.id).inserted else {
                throw Invalid(description: "crosswalk: rule id \"\(rule.id)\" is used twice")
            }
            let conditions = [
                rule.dac, rule.dacPrefixes, rule.sectors, rule.fundingAccounts, rule.fundingAccountNames,
                rule.objectives, rule.keywords, rule.titleKeywords,
            ]
            guard conditions.contains(where: { !($0 ?? []).isEmpty }) else {
                throw Invalid(description: "crosswalk: rule \"\(rule.id)\" has no condition and would match everything")
            }
            for sector in rule.sectors ?? [] where !sector.contains(":") {
                throw Invalid(
                    description: "crosswalk: rule \"\(rule.id)\": sector \"\(sector)\" is not VOCABULARY:CODE")
            }
            // A keyword with no letter or digit (`""`, `"*"`, `"--"`) folds to nothing and would silently match
            // nothing, as would an empty code or name: a rule that seems to place money and places none.
            for keyword in (rule.keywords ?? []) + (rule.titleKeywords ?? [])
            where SearchableText.pattern(keyword) == nil {
                throw Invalid(
                    description: "crosswalk: rule \"\(rule.id)\": keyword \"\(keyword)\" has no letter or digit and "
                        + "would match nothing")
            }
            for list in conditions.dropLast(2) where (list ?? []).contains(where: { $0.isEmpty }) {
                throw Invalid(
                    description: "crosswalk: rule \"\(rule.id)\": an empty code or name would match nothing")
            }
        }
    }

}

// MARK: - Matching

/// What a rule can look at for one allocation part.
public struct ClassificationFacts: Sendable {
    /// The part's DAC purpose code, when it has one.
    public var dacCode: String?
    /// The transaction's (else activity's) sectors in other vocabularies, as `VOCABULARY:CODE`.
    public var otherSectors: Set<String>
    /// The funding account, when known.
    public var fundingAccount: String?
    /// The funding account's name, lower-cased, when the source gives one.
    public var fundingAccountName: String?
    /// The U.S. assistance objective or category, lower-cased (`economic`, `military`), when given.
    public var objective: String?

    /// Creates the facts for one part.
    public init(
        dacCode: String?, otherSectors: Set<String>, fundingAccount: String?, fundingAccountName: String? = nil,
        objective: String? = nil
    ) {
        self.dacCode = dacCode
        self.otherSectors = otherSectors
        self.fundingAccount = fundingAccount
        self.fundingAccountName = fundingAccountName?.lowercased()
        self.objective = objective?.lowercased()
    }
}

/// Text folded for keyword search: lower case, no accents, words separated by single spaces.
public struct SearchableText: Sendable {
    /// The folded text's UTF-8, with a space at each end.
    private let bytes: [UInt8]
    /// Where the titles' words end in `bytes` (a space is there); 0 when the titles have none.
    private let titleEnd: Int

    /// Folds the given texts into one searchable text, none of them a title; `words` remembers how words beyond
    /// ASCII fold.
    public init(_ texts: [String], words: WordFolds? = nil) {
        self.init(titles: [], others: texts, words: words)
    }

    /// Folds titles and other texts (descriptions) into one searchable text that knows where its titles end.
    public init(titles: [String], others: [String], words: WordFolds? = nil) {
        var out: [UInt8] = [0x20]
        var pendingSpace = false
        for text in titles { Self.append(text, to: &out, pendingSpace: &pendingSpace, words: words) }
        titleEnd = out.count > 1 ? out.count : 0
        for text in others { Self.append(text, to: &out, pendingSpace: &pendingSpace, words: words) }
        out.append(0x20)
        bytes = out
    }

    /// The folded bytes of the texts, with a space at each end: what `fold` gives for the texts joined by spaces.
    static func folded(_ texts: [String], words: WordFolds? = nil) -> [UInt8] {
        SearchableText(texts, words: words).bytes
    }

    /// Appends one text's folded words to `out`. A word that is plain ASCII (the common case) is lower-cased here;
    /// only a word with a byte above 0x7F goes through `fold` and its Unicode tables (once per distinct word when
    /// `words` remembers them). Words split at ASCII bytes that are neither letters nor digits, where `fold` puts a
    /// space too, so folding word by word gives what folding the whole text gives.
    private static func append(
        _ text: String, to out: inout [UInt8], pendingSpace: inout Bool, words: WordFolds?
    ) {
        /// Appends a word's folded bytes (a space before it when one is due). It takes its state `inout`: captured,
        /// the two variables were boxed and every access to them checked at run time.
        func append(_ word: some Collection<UInt8>, to out: inout [UInt8], pendingSpace: inout Bool) {
            guard !word.isEmpty else { return }
            if pendingSpace && out.count > 1 { out.append(0x20) }
            pendingSpace = false
            out.append(contentsOf: word)
        }
        pendingSpace = true
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            var plain = true
            for index in 0...utf8.count {
                let byte = index < utf8.count ? utf8[index] : 0x20
                if byte >= 0x80 {
                    plain = false
                    continue
                }
                let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) { continue }
                // `byte` ends the word utf8[start..<index].
                if plain {
                    append(
                        utf8[start..<index].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, to: &out,
                        pendingSpace: &pendingSpace)
                } else if let words {
                    append(words.folded(utf8[start..<index]), to: &out, pendingSpace: &pendingSpace)
                } else {
                    let word = fold(String(decoding: utf8[start..<index], as: UTF8.self))
                    append(word.utf8, to: &out, pendingSpace: &pendingSpace)
                }
                pendingSpace = true
                start = index + 1
                plain = true
            }
        }
    }

    /// True when `keyword` occurs as whole words (or as a word prefix when it ends in `*`).
    public func contains(keyword: String) -> Bool {
        contains(pattern: Self.pattern(keyword))
    }

    /// The search pattern of a keyword: folded, space before, and space after unless it ends in `*`; nil when
    /// nothing is left of it once folded (it matches nothing).
    static func pattern(_ keyword: String) -> BytePattern? {
        let prefix = keyword.hasSuffix("*")
        // " core ", or two spaces when nothing is left; folded as texts are, so a plain ASCII keyword (most of
        // them) skips Foundation's folding, which took about 1 ms of every command's start for the crosswalk's.
        let folded = folded([prefix ? String(keyword.dropLast()) : keyword])
        guard folded.count > 2 else { return nil }
        return BytePattern(bytes: prefix ? Array(folded.dropLast()) : folded)
    }

    /// True when a prepared pattern occurs in the text (a byte search; Foundation's is 10× slower here).
    func contains(pattern: BytePattern?) -> Bool {
        guard let pattern else { return false }
        return bytes.withUnsafeBufferPointer { pattern.occurs(in: $0) }
    }

    /// True when `keyword` occurs in a title, as `contains(keyword:)` finds it in the whole text.
    public func titleContains(keyword: String) -> Bool {
        titleContains(pattern: Self.pattern(keyword))
    }

    /// True when a prepared pattern occurs in the titles' words (and the space after them).
    func titleContains(pattern: BytePattern?) -> Bool {
        guard let pattern, titleEnd > 0 else { return false }
        return bytes.withUnsafeBufferPointer { pattern.occurs(in: UnsafeBufferPointer(rebasing: $0[...titleEnd])) }
    }

    /// Lower-cases, strips accents and turns every run of non-alphanumerics into one space.
    public static func fold(_ text: String) -> String {
        let lowered = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in lowered.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }
}

/// How words beyond ASCII fold (`SearchableText.fold`), remembered: Foundation's folding and the Unicode tables cost
/// microseconds a word, and real texts repeat their accented words. Past 20,000 words it starts again, so memory
/// stays bounded. Shared by the threads of one allocator.
public final class WordFolds: Sendable {
    private let folds = Mutex<[[UInt8]: [UInt8]]>([:])
    private let limit = 20_000

    /// An empty memory.
    public init() {}

    /// The folded UTF-8 of one word's UTF-8, as `SearchableText.fold` gives it.
    func folded(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
        let key = Array(word)
        if let known = folds.withLock({ $0[key] }) { return known }
        let made = Array(SearchableText.fold(String(decoding: key, as: UTF8.self)).utf8)
        folds.withLock { folds in
            if folds.count >= limit { folds.removeAll(keepingCapacity: true) }
            folds[key] = made
        }
        return made
    }
}

/// A crosswalk prepared for matching many allocations: sets for codes, keywords folded once.
public struct CompiledCrosswalk: Sendable {
    /// One rule with its conditions prepared.
    struct CompiledRule: Sendable {
        let rule: Crosswalk.Rule
        let dac: Set<String>?
        let dacPrefixes: [String]?
        let sectors: Set<String>?
        let accounts: Set<String>?
        let accountNames: Set<String>?
        let objectives: Set<String>?
        let keywords: [BytePattern]?
        let titleKeywords: [BytePattern]?

        init(_ rule: Crosswalk.Rule) {
            self.rule = rule
            dac = rule.dac.flatMap { $0.isEmpty ? nil : Set($0) }
            dacPrefixes = rule.dacPrefixes.flatMap { $0.isEmpty ? nil : $0 }
            sectors = rule.sectors.flatMap { $0.isEmpty ? nil : Set($0) }
            accounts = rule.fundingAccounts.flatMap { $0.isEmpty ? nil : Set($0) }
            accountNames = rule.fundingAccountNames.flatMap { $0.isEmpty ? nil : Set($0.map { $0.lowercased() }) }
            objectives = rule.objectives.flatMap { $0.isEmpty ? nil : Set($0.map { $0.lowercased() }) }
            keywords = rule.keywords.flatMap { $0.isEmpty ? nil : $0.compactMap(SearchableText.pattern) }
            titleKeywords = rule.titleKeywords.flatMap { $0.isEmpty ? nil : $0.compactMap(SearchableText.pattern) }
        }

        /// True when every condition holds; `text` is folded only if a keyword condition is reached.
        func matches(_ facts: ClassificationFacts, text: () -> SearchableText) -> Bool {
            if let dac {
                guard let code = facts.dacCode, dac.contains(code) else { return false }
            }
            if let dacPrefixes {
                guard let code = facts.dacCode, dacPrefixes.contains(where: { code.hasPrefix($0) }) else {
                    return false
                }
            }
            if let sectors {
                guard !sectors.isDisjoint(with: facts.otherSectors) else { return false }
            }
            if let accounts {
                guard let account = facts.fundingAccount, accounts.contains(account) else { return false }
            }
            if let accountNames {
                guard let name = facts.fundingAccountName, accountNames.contains(name) else { return false }
            }
            if let objectives {
                guard let objective = facts.objective, objectives.contains(objective) else { return false }
            }
            if let keywords {
                let text = text()
                guard keywords.contains(where: { text.contains(pattern: $0) }) else { return false }
            }
            if let titleKeywords {
                let text = text()
                guard titleKeywords.contains(where: { text.titleContains(pattern: $0) }) else { return false }
            }
            return true
        }
    }

    let rules: [CompiledRule]
    private let cache = AnswerCache()

    /// Prepares a crosswalk.
    public init(_ crosswalk: Crosswalk) {
        rules = crosswalk.rules.map(CompiledRule.init)
    }

    /// Where a rule places money: its pillar and id, all that an allocation keeps of it.
    struct Placement: Sendable, Equatable {
        /// The rule's pillar.
        var pillar: Pillar
        /// The rule's id.
        var ruleID: String
    }

    /// Where the first matching rule places the money (nil when out of scope). Remembered across calls and threads
    /// when no keyword rule needed the text (the same codes always reach the same rule), else for this activity's
    /// text alone: its transactions mostly repeat their codes, and a keyword search costs more than the lookup.
    func placement(_ facts: ClassificationFacts, text: ActivityText) -> Placement? {
        let key = AnswerCache.Key(
            dac: facts.dacCode, sectors: facts.otherSectors, account: facts.fundingAccount,
            accountName: facts.fundingAccountName, objective: facts.objective)
        if let known = cache.answer(key) ?? text.answers[key] { return known.placement }
        var usedText = false
        let placement = firstMatch(facts) {
            usedText = true
            return text.value()
        }.map { Placement(pillar: $0.pillar, ruleID: $0.id) }
        if usedText {
            text.answers[key] = AnswerCache.Answer(placement: placement)
        } else {
            cache.remember(key, placement)
        }
        return placement
    }

    /// The first rule that matches, or nil when the money is out of scope; `text` is asked for at most once.
    public func firstMatch(_ facts: ClassificationFacts, text: () -> SearchableText) -> Crosswalk.Rule? {
        var folded: SearchableText?
        for rule in rules {
            let matched = rule.matches(facts) {
                if let folded { return folded }
                let made = text()
                folded = made
                return made
            }
            if matched { return rule.rule }
        }
        return nil
    }
}

/// Answers of the crosswalk keyed by the codes a rule reads, shared by every thread that classifies.
final class AnswerCache: Sendable {
    struct Key: Hashable, Sendable {
        var dac: String?
        var sectors: Set<String>
        var account: String?
        var accountName: String?
        var objective: String?
    }

    /// A remembered answer (the rule's placement, or none).
    struct Answer: Sendable {
        var placement: CompiledCrosswalk.Placement?
    }

    private let answers = Mutex<[Key: Answer]>([:])
    /// Past this many distinct code combinations the cache starts again: memory stays bounded.
    private let limit = 20_000

    func answer(_ key: Key) -> Answer? {
        answers.withLock { $0[key] }
    }

    func remember(_ key: Key, _ placement: CompiledCrosswalk.Placement?) {
        answers.withLock { answers in
            if answers.count >= limit { answers.removeAll(keepingCapacity: true) }
            answers[key] = Answer(placement: placement)
        }
    }
}
