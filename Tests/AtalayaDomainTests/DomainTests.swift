import AtalayaBundledData
import Foundation
import Testing

@testable import AtalayaDomain

@Suite("Money, splits and years")
struct MoneyTests {
    @Test("recent texts are found by their exact bytes: a slot shared by another text is a miss")
    func recentTexts() {
        var cache = RecentTexts<Int>(slotCount: 1, maxKeyBytes: 64)
        func find(_ text: String, salt: Int = 0) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { cache.find($0, salt: salt)?.value }
        }
        func keep(_ text: String, _ value: Int, salt: Int = 0) {
            Array(text.utf8).withUnsafeBufferPointer { cache.keep(text, bytes: $0, value: value, salt: salt) }
        }
        // Same length, same first and last eight bytes: the same slot, told apart by the bytes in between.
        let one = "Rule of law: courts and prosecutors"
        let other = "Rule of law: COURTS AND prosecutors"
        #expect(find(one) == nil)
        keep(one, 1)
        #expect(find(one) == 1)
        #expect(find(other) == nil)
        keep(other, 2)
        #expect(find(other) == 2)
        #expect(find(one) == nil)  // replaced, one slot
        // A decomposed "é" is other bytes than a precomposed one, though Swift's `==` calls the texts equal.
        keep("Justicia y derechos humanos: reforma judicial", 3)
        #expect(find("Justicia y derechos humanos: reforma judicial") == 3)
        #expect("r\u{E9}forme" == "re\u{301}forme")
        keep("r\u{E9}forme judiciaire", 4)
        #expect(find("re\u{301}forme judiciaire") == nil)
        // Texts longer than the bound are neither kept nor found.
        let long = String(repeating: "x", count: 65)
        keep(long, 5)
        #expect(find(long) == nil)
        cache.removeAll()
        #expect(find("r\u{E9}forme judiciaire") == nil)
        // Many slots: every kept text that no later one displaced is found, and nothing is found under the wrong value.
        var many = RecentTexts<Int>(slotCount: 4096)
        let texts = (0..<2000).map { "activity description number \($0) of the synthetic test set" }
        for (value, text) in texts.enumerated() {
            Array(text.utf8).withUnsafeBufferPointer { many.keep(text, bytes: $0, value: value) }
        }
        var found = 0
        for (value, text) in texts.enumerated() {
            if let hit = Array(text.utf8).withUnsafeBufferPointer({ many.find($0) }) {
                #expect(hit.value == value && hit.text == text)
                found += 1
            }
        }
        #expect(found > 1000)
    }

    @Test("a byte pattern is found wherever it occurs whole, anchored on its rarest letter")
    func bytePatterns() {
        #expect(BytePattern("edacted").anchor == 3)  // c: the rarest letter of the pattern in English
        #expect(BytePattern(" justice ").anchor == 1)  // j, not the spaces
        func occurs(_ pattern: String, _ text: String) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { BytePattern(pattern).occurs(in: $0) }
        }
        #expect(occurs(" justice ", " rule of law and justice reform "))
        #expect(occurs(" justice ", " justice "))
        #expect(!occurs(" justice ", " justices "))
        #expect(!occurs(" justice ", " justic"))
        #expect(occurs("cc", "abcc"))
        #expect(occurs("cc", "ccab"))
        #expect(!occurs("cc", "cacbc"))
        #expect(!occurs("x", ""))
        // Against a plain search: every text of up to 5 bytes and pattern of up to 2 over a small alphabet.
        func all(upTo length: Int) -> [[UInt8]] {
            (1...length).reduce(into: [[UInt8]()]) { found, size in
                found += found.filter { $0.count == size - 1 }.flatMap { word in Array("ab c".utf8).map { word + [$0] }
                }
            }
        }
        let texts = all(upTo: 5)
        for pattern in all(upTo: 2) where !pattern.isEmpty {
            let compiled = BytePattern(String(decoding: pattern, as: UTF8.self))
            for text in texts {
                let plain =
                    text.count >= pattern.count
                    && (0...(text.count - pattern.count)).contains { Array(text[$0..<($0 + pattern.count)]) == pattern }
                #expect(text.withUnsafeBufferPointer(compiled.occurs) == plain)
            }
        }
    }

    @Test("official fiscal years: plain years, the transition quarter, and what is not a year")
    func officialFiscalYears() {
        #expect(OfficialFiscalYear("2015") == OfficialFiscalYear(year: 2015))
        #expect(OfficialFiscalYear(" 2015\t") == OfficialFiscalYear(year: 2015))
        #expect(OfficialFiscalYear("1976TQ") == OfficialFiscalYear(year: 1976, transitionQuarter: true))
        #expect(OfficialFiscalYear(" 1976tq ") == OfficialFiscalYear(year: 1976, transitionQuarter: true))
        #expect(OfficialFiscalYear("1976.9") == OfficialFiscalYear(year: 1976, transitionQuarter: true))
        for notAYear in ["1899", "0000", "20155", "201", "", "2O15", "２０１５", "2015.0", "-2015"] {
            #expect(OfficialFiscalYear(notAYear) == nil, "\(notAYear)")
        }
        #expect(OfficialFiscalYear(" 2015 "[...]) == OfficialFiscalYear(year: 2015))  // a Substring
        // Labels, from the table of years and past it.
        for year in [1900, 1976, 2015, 2199, 2200, 9999] {
            #expect(OfficialFiscalYear(year: year).label == String(year))
        }
        #expect(OfficialFiscalYear(year: 1976, transitionQuarter: true).label == "1976TQ")
    }

    @Test("amounts add up in any order while their magnitudes stay within 2^61 cents; past it, an error names them")
    func addable() throws {
        let limit = Cents(AddableAmounts.limit)
        try AddableAmounts.check([limit / 2, -(limit - limit / 2)], "a list at the bound")
        try AddableAmounts.check([Cents](), "nothing")
        let past = #expect(throws: AmountsTooLarge.self) {
            try AddableAmounts.check([limit, 1], "a list one cent past")
        }
        #expect(past?.what == "a list one cent past")
        #expect(past?.description.contains("atalaya runs --remove") == true)
        // Magnitudes that pass UInt64 itself (two values of Int64.min) are refused, not wrapped.
        #expect(throws: AmountsTooLarge.self) { try AddableAmounts.check([Cents.min, Cents.min], "two minima") }
    }

    @Test("decimal text reads exactly as cents")
    func cents() {
        #expect(DecimalText.cents("-4250.00") == .init(value: -425_000, rounded: false))
        #expect(DecimalText.cents("12") == .init(value: 1200, rounded: false))
        #expect(DecimalText.cents(" 0.5 ") == .init(value: 50, rounded: false))
        #expect(DecimalText.cents("1.005") == .init(value: 101, rounded: true))
        #expect(DecimalText.cents("-1.004") == .init(value: -100, rounded: true))
        #expect(DecimalText.cents("1.000") == .init(value: 100, rounded: false))
        #expect(DecimalText.cents("abc") == nil)
        #expect(DecimalText.cents("1e5") == nil)
        #expect(DecimalText.cents("") == nil)
        #expect(DecimalText.cents("99999999999999999999") == nil)
        // The largest amount cents hold, and rounding past it (which trapped): out of range, as an overflow is.
        #expect(DecimalText.cents("92233720368547758.07") == .init(value: .max, rounded: false))
        #expect(DecimalText.cents("92233720368547758.074") == .init(value: .max, rounded: true))
        #expect(DecimalText.cents("92233720368547758.075") == nil)
        #expect(DecimalText.cents("-92233720368547758.075") == nil)
        #expect(DecimalText.scaled("127.5", scale: 0, as: Int8.self) == nil)
        #expect(DecimalText.scaled("-127.4", scale: 0, as: Int8.self)?.value == -127)
        #expect(DecimalText.milliPercent("33.333") == 33_333)
        #expect(DecimalText.format(-425_001) == "-4250.01")
        #expect(DecimalText.formatWhole(123_456_789) == "1,234,568")
        #expect(DecimalText.formatGrouped(123_456_789) == "1,234,567.89")
        #expect(DecimalText.formatGrouped(-5) == "-0.05" && DecimalText.formatGrouped(100_000) == "1,000.00")
        #expect(DecimalText.formatCount(-1_234_567) == "-1,234,567" && DecimalText.formatCount(999) == "999")
    }

    @Test("largest-remainder splits conserve every cent", arguments: [1, -1, 100, 9_999_999_997, -12_345])
    func splitConserves(total: Int64) {
        for weights: [Int64] in [
            [1, 1, 1], [33_333, 33_333, 33_334], [50_000, 30_000], [0, 0], [7], [1, 2, 3, 4, 5, 6, 7],
        ] {
            let parts = Split.largestRemainder(total, weights: weights)
            #expect(parts.reduce(0, +) == total)
            #expect(parts.count == weights.count)
        }
        #expect(Split.largestRemainder(100, weights: [1, 1, 1]) == [34, 33, 33])
        // One part takes the whole, whatever its weight.
        for weight: Int64 in [0, -5, 1, 100_000] { #expect(Split.largestRemainder(-7, weights: [weight]) == [-7]) }
        #expect(Split.largestRemainder(7, weights: []).isEmpty)
    }

    @Test("U.S. fiscal years start on 1 October")
    func fiscalYears() {
        #expect(FiscalYearBasis.usFederal.year(of: "2015-09-30") == 2015)
        #expect(FiscalYearBasis.usFederal.year(of: "2015-10-01") == 2016)
        #expect(FiscalYearBasis.calendar.year(of: "2015-10-01") == 2015)
        #expect(FiscalYearBasis.usFederal.year(of: "2015-13-01") == nil)
        #expect(FiscalYearBasis.usFederal.year(of: "") == nil)
        // Only the year and month are read; anything else in their place is no date.
        #expect(FiscalYearBasis.usFederal.year(of: "2015-10") == 2016)
        #expect(FiscalYearBasis.usFederal.year(of: "2015-12-31T23:59:59Z") == 2016)
        for notADate in ["2015-00-01", "2015-1-01", "20151001", "2015/10/01", "2015-1", "２０１５-10-01", "-2015-10"] {
            #expect(FiscalYearBasis.usFederal.year(of: notADate) == nil, "\(notADate)")
        }
    }
}

@Suite("Exchange rates")
struct ExchangeRateTests {
    let rates: ExchangeRates

    init() throws {
        rates = try ExchangeRates.parseIMF(
            String(contentsOf: BundledData.exchangeRates, encoding: .utf8), source: "IMF")
    }

    @Test("EUR uses the Euro Area row, exact to the cent")
    func euro() throws {
        // IMF ENDA 2015, Euro Area (U2): 0.9012964233670956 EUR per USD, held to 18 decimals.
        #expect(rates.rate(currency: "EUR", year: 2015) == 901_296_423_367_095_600)
        // 1,000,000.00 EUR / 0.9012964233670956 = 1,109,512.890… USD
        #expect(rates.usdCents(100_000_000, currency: "EUR", year: 2015) == 110_951_289)
        #expect(rates.usdCents(-100_000_000, currency: "EUR", year: 2015) == -110_951_289)
        // 2024: Andorra's row (0.9243674472702668) comes first and differs in the fourth digit; the Euro Area's
        // (0.9238895461176068) is the one used.
        #expect(rates.rate(currency: "EUR", year: 2024) == 923_889_546_117_606_800)
    }

    @Test("USD is itself; missing years and currencies give no rate")
    func missing() {
        #expect(rates.usdCents(12_345, currency: "USD", year: 1900) == 12_345)
        #expect(rates.usdCents(12_345, currency: "EUR", year: 2031) == nil)
        #expect(rates.usdCents(12_345, currency: "XXX", year: 2015) == nil)
        // The largest rate in the table (ZWG 2008, 6.7e9 per USD) still parses.
        #expect(rates.rate(currency: "ZWG", year: 2008) != nil)
    }

    @Test("a date's year is read from its first four bytes as Int reads them, digits or not")
    func yearOfDate() {
        for date in ["1955-12-31", "2024", "0999-01-01", "+123-4", "-123", "12", "19a5-01-01", "", "２０２４", "1 95"] {
            let expected = Int(String(decoding: Array(date.utf8.prefix(4)), as: UTF8.self))
            #expect(Array(date.utf8).withUnsafeBufferPointer { ExchangeRates.year($0) } == expected, "\(date)")
        }
    }

    @Test("every rate of the bundled file, read again by a plain split of its lines, is the one the table holds")
    func crossChecked() throws {
        let text = try String(contentsOf: BundledData.exchangeRates, encoding: .utf8)
        var expected: [String: [Int: (rate: Substring, euroArea: Bool)]] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let year = Int(fields[0].prefix(4)), !fields[1].isEmpty else { continue }
            let (currency, euroArea) = (String(fields[2]), fields[5] == "U2")
            // The first row of a currency and year, unless a Euro Area row comes later.
            if let kept = expected[currency]?[year], kept.euroArea || !euroArea { continue }
            expected[currency, default: [:]][year] = (fields[1], euroArea)
        }
        #expect(expected.count > 150)
        var pairs = 0
        for (currency, years) in expected where currency != "USD" {
            #expect(rates.years(currency: currency) == years.keys.min()!...years.keys.max()!, "\(currency)")
            for (year, row) in years {
                pairs += 1
                let rate = DecimalText.scaled(row.rate, scale: 18, as: Int128.self)?.value
                #expect(rates.rate(currency: currency, year: year) == rate, "\(currency) \(year)")
            }
        }
        #expect(pairs > 8_000)
    }

    @Test("rates files with CRLF or CR line endings read as with LF, and errors keep their line")
    func lineEndings() throws {
        // The bundled file has CRLF endings, as the IMF publishes it.
        let text = try String(contentsOf: BundledData.exchangeRates, encoding: .utf8)
            .replacingOccurrences(of: "\r\n", with: "\n")
        #expect(!text.utf8.contains(UInt8(ascii: "\r")))
        for ending in ["\n", "\r\n", "\r"] {
            let other = text.replacingOccurrences(of: "\n", with: ending)
            #expect(try ExchangeRates.parseIMF(other, source: "IMF") == rates)
            let broken = "Date,Rate,Currency,F,S,C,N" + ending + ending + "2015-12-31,abc,EUR,A,IMF,U2,EA" + ending
            let error = #expect(throws: ExchangeRates.Invalid.self) {
                try ExchangeRates.parseIMF(broken, source: "r.csv")
            }
            #expect(
                error
                    == ExchangeRates.Invalid(
                        line: 3, field: "Rate", message: "\"abc\" is not a positive number of at least 10^-18"))
        }
    }

    @Test("a malformed rates file names its line and field; a rate of zero or below is refused, not taken as none")
    func malformed() {
        let header = "Date,Rate,Currency,Frequency,Source,Country code,Country\n"
        for (row, field, message) in [
            ("2015-12-31,abc,EUR,A,IMF,U2,EA", "Rate", "\"abc\" is not a positive number of at least 10^-18"),
            ("2015-12-31,0,EUR,A,IMF,U2,EA", "Rate", "\"0\" is not a positive number of at least 10^-18"),
            ("2015-12-31,-0.9,EUR,A,IMF,U2,EA", "Rate", "\"-0.9\" is not a positive number of at least 10^-18"),
            ("20x5-12-31,0.9,EUR,A,IMF,U2,EA", "Date", "\"20x5-12-31\" is not a date"),
            ("2015-12-31,0.9,EUR", nil, "too few fields"),
        ] {
            let error = #expect(throws: ExchangeRates.Invalid.self) {
                try ExchangeRates.parseIMF(header + "2014-12-31,0.75,EUR,A,IMF,U2,EA\n" + row + "\n", source: "r.csv")
            }
            #expect(error == ExchangeRates.Invalid(line: 3, field: field, message: message))
        }
        let header1 = #expect(throws: ExchangeRates.Invalid.self) {
            try ExchangeRates.parseIMF("a,b\n", source: "r.csv")
        }
        #expect(header1?.line == 1)
        // The table's smallest rates (the cruzeiro's 1950s rate in today's reais) are kept, not read as 0.
        #expect(rates.rate(currency: "BRL", year: 1950) == 8_222)
        // An empty rate is a year with no rate, as in the IMF's file.
        let gap = try? ExchangeRates.parseIMF(header + "2015-12-31,,EUR,A,IMF,U2,EA\n", source: "r.csv")
        #expect(gap != nil && gap?.rate(currency: "EUR", year: 2015) == nil)
    }
}

@Suite("Crosswalk")
struct CrosswalkTests {
    let crosswalk: CompiledCrosswalk

    init() throws {
        crosswalk = CompiledCrosswalk(try Crosswalk.decode(Data(contentsOf: BundledData.crosswalk)))
    }

    func match(
        dac: String?, sectors: Set<String> = [], account: String? = nil, accountName: String? = nil,
        objective: String? = nil, text: [String] = []
    ) -> Crosswalk.Rule? {
        let facts = ClassificationFacts(
            dacCode: dac, otherSectors: sectors, fundingAccount: account, fundingAccountName: accountName,
            objective: objective)
        return crosswalk.firstMatch(facts) { SearchableText(text) }
    }

    @Test("DAC codes place money on the pillars of DESIGN.md")
    func dacDefaults() {
        #expect(match(dac: "15130")?.pillar == .justice)
        #expect(match(dac: "15132")?.pillar == .lawEnforcement)
        #expect(match(dac: "15210")?.pillar == .lawEnforcement)
        #expect(match(dac: "15113")?.pillar == .antiCorruption)
        #expect(match(dac: "15160")?.pillar == .governance)
        #expect(match(dac: "16063")?.pillar == .interdiction)
        #expect(match(dac: "15136")?.pillar == .borderMigration)
        #expect(match(dac: "43050")?.pillar == .prevention)
        #expect(match(dac: "15230")?.pillar == .unclassified)
        #expect(match(dac: "12220") == nil)
        #expect(match(dac: nil) == nil)
    }

    @Test("keyword rules win over sector defaults, in English and Spanish, accents ignored")
    func keywords() {
        let spanish = match(dac: "15110", text: ["Fortalecimiento de la lucha contra la CORRUPCIÓN"])
        #expect(spanish?.id == "kw-anti-corruption-in-governance")
        let english = match(dac: "15130", text: ["Support to anti-corruption prosecutors"])
        #expect(english?.pillar == .antiCorruption)
        let intelligence = match(dac: "15210", text: ["Regional information sharing and fusion centre"])
        #expect(intelligence?.pillar == .intelligence)
        // Keywords outside security sectors do not pull money in.
        #expect(
            match(dac: "12220", text: ["market intelligence for corruption-free clinics"]) == nil)
        // Whole words only: "corruptible" matches the prefix rule, "incorruption"-like substrings do not.
        #expect(SearchableText(["A police interdiction team"]).contains(keyword: "interdiction"))
        #expect(!SearchableText(["interdictions"]).contains(keyword: "interdiction"))
        #expect(SearchableText(["corruptible"]).contains(keyword: "corrupt*"))
    }

    @Test("a title that says it prevents violence moves governance money to prevention; a description does not")
    func titleKeywords() {
        func rule(dac: String, titles: [String], descriptions: [String] = []) -> String? {
            let facts = ClassificationFacts(dacCode: dac, otherSectors: [], fundingAccount: nil)
            return crosswalk.firstMatch(facts) { SearchableText(titles: titles, others: descriptions) }?.id
        }
        // Two titles of real USAID programs (usaid-mx.xml), coded 15112.
        #expect(
            rule(dac: "15112", titles: ["Prevention and Reduction of Violence (PREVI)"])
                == "kw-prevention-in-governance")
        #expect(
            rule(dac: "15112", titles: ["Juntos para la Prevención de la Violencia (JPV)"])
                == "kw-prevention-in-governance")
        // The same words in a description leave the money on governance.
        #expect(
            rule(dac: "15160", titles: ["Human Rights Activity"], descriptions: ["It supports violence prevention."])
                == "dac-governance")
        // Security system management and reform too (1.3.0): how USAID codes most of El Salvador's CVPP.
        #expect(rule(dac: "15210", titles: ["Crime and Violence Prevention Project"]) == "kw-prevention-in-ssr")
        #expect(
            rule(dac: "15210", titles: ["Proyecto de Prevención del Delito y la Violencia"]) == "kw-prevention-in-ssr")
        #expect(
            rule(dac: "15210", titles: ["Police Reform"], descriptions: ["It supports violence prevention."])
                == "dac-police-ssr")
        // A justice or police program keeps its pillar whatever its title.
        #expect(rule(dac: "15130", titles: ["Crime Prevention through Courts"]) == "dac-justice")
        #expect(rule(dac: "15132", titles: ["Community Policing for Crime Prevention"]) == "dac-police-ssr")
        // An anti-corruption title still wins (its rule comes first).
        #expect(
            rule(dac: "15150", titles: ["Anti-corruption and violence prevention"])
                == "kw-anti-corruption-in-governance")
        // A phrase that spans the end of the title and the start of a description is not in the title.
        let text = SearchableText(titles: ["Citizen Security: Crime"], others: ["prevention in schools"])
        #expect(text.contains(keyword: "crime prevention"))
        #expect(!text.titleContains(keyword: "crime prevention"))
        #expect(text.titleContains(keyword: "security crime"))
        #expect(text.titleContains(keyword: "crim*"))
        #expect(!SearchableText(titles: [], others: ["violence prevention"]).titleContains(keyword: "violence"))
        #expect(!SearchableText(titles: ["---"], others: ["violence"]).titleContains(keyword: "violence"))
        #expect(!SearchableText(["violence prevention"]).titleContains(keyword: "violence prevention"))
        // Titles and descriptions fold as one text whatever the split.
        #expect(
            SearchableText(titles: ["Policía", "fase II"], others: ["Ñandú"]).contains(keyword: "fase ii nandu"))
    }

    @Test("a keyword's pattern is its text folded by Foundation, space-delimited, for every keyword shipped")
    func keywordPatterns() throws {
        let shipped = try Crosswalk.decode(Data(contentsOf: BundledData.crosswalk))
        let keywords = shipped.rules.flatMap { ($0.keywords ?? []) + ($0.titleKeywords ?? []) }
        let beyondASCII = ["CORRUPCIÓN", "Policía judicial", "niñez*", "Ñandú--fase II", "ÉTAT DE DROIT", "--", "é*"]
        #expect(keywords.count > 50)
        for keyword in keywords + beyondASCII {
            let prefix = keyword.hasSuffix("*")
            let core = SearchableText.fold(prefix ? String(keyword.dropLast()) : keyword)
            let expected = core.isEmpty ? nil : BytePattern(" " + core + (prefix ? "" : " "))
            #expect(SearchableText.pattern(keyword) == expected, "\(keyword)")
        }
        #expect(SearchableText.pattern("--") == nil)
        #expect(SearchableText.pattern("Policía*") == BytePattern(" policia"))
    }

    @Test("a rule with title keywords alone is valid; an empty title keyword is refused")
    func titleKeywordValidation() throws {
        let valid = Crosswalk(
            id: "SYNTHETIC", version: "1",
            rules: [.init(id: "t", pillar: .prevention, titleKeywords: ["violence prevention"])])
        try valid.validate()
        let invalid = Crosswalk(
            id: "SYNTHETIC", version: "1", rules: [.init(id: "t", pillar: .prevention, titleKeywords: ["*"])])
        #expect(throws: Crosswalk.Invalid.self) { try invalid.validate() }
        let empty = Crosswalk(
            id: "SYNTHETIC", version: "1", rules: [.init(id: "t", pillar: .prevention, titleKeywords: [])])
        #expect(throws: Crosswalk.Invalid.self) { try empty.validate() }
    }

    @Test(
        "folding word by word gives what folding the whole text gives",
        arguments: [
            ["Fortalecimiento de la lucha contra la CORRUPCIÓN"], ["  Policía Nacional  ", "(PNC) — fase II"],
            ["don\u{2019}t stop", "naïve café"], ["e\u{301}cole", " \u{301}x", "\u{301}"], ["STRAẞE straße ÆGIS"],
            ["ΣΊΣΥΦΟΣ σοφία", "日本語 テキスト", "emoji 🇲🇽 ok"], ["", " ", "---", "a"], ["Ñandú-ÑANDÚ_x9 2024"],
        ])
    func foldWordByWord(texts: [String]) {
        let whole = Array((" " + SearchableText.fold(texts.joined(separator: " ")) + " ").utf8)
        #expect(SearchableText.folded(texts) == whole)
        // Remembered words fold the same, the first time (folded then) and the second (recalled).
        let words = WordFolds()
        #expect(SearchableText.folded(texts, words: words) == whole)
        #expect(SearchableText.folded(texts, words: words) == whole)
    }

    @Test("funding accounts and U.S. sectors")
    func accountsAndSectors() {
        #expect(match(dac: nil, account: "11x1082")?.pillar == .interdiction)
        #expect(match(dac: "15114", sectors: ["99:2001"])?.pillar == .justice)
        #expect(match(dac: "15130", sectors: ["99:2001"])?.id == "dac-justice")
    }

    @Test("a crosswalk with a rule that matches everything is refused, naming the rule")
    func invalid() {
        let json = #"{"id":"x","version":"1","rules":[{"id":"all","pillar":"justice"}]}"#
        #expect(throws: Crosswalk.Invalid.self) { try Crosswalk.decode(Data(json.utf8)) }
        let badPillar = #"{"id":"x","version":"1","rules":[{"id":"r","pillar":"warships","dac":["1"]}]}"#
        let pillar = #expect(throws: Crosswalk.Invalid.self) { try Crosswalk.decode(Data(badPillar.utf8)) }
        #expect(
            pillar?.description == "crosswalk: rules[0].pillar: \"warships\" is not one of "
                + Pillar.allCases.map(\.rawValue).joined(separator: ", "))
        let badList = #"{"id":"x","version":"1","rules":[{"id":"r","pillar":"justice","dac":"15130"}]}"#
        let list = #expect(throws: Crosswalk.Invalid.self) { try Crosswalk.decode(Data(badList.utf8)) }
        #expect(list?.description == "crosswalk: rules[0].dac: expected an array")
        // JSONDecoder reports a syntax error with no place; the error has the line and column.
        let badSyntax = "{\"id\": \"x\",\n  \"version\": \"1\",\n  \"rules\": [{\"id\": \"r\", pillar: \"justice\"}]}"
        let syntax = #expect(throws: Crosswalk.Invalid.self) { try Crosswalk.decode(Data(badSyntax.utf8)) }
        #expect(syntax?.line == 3 && syntax?.column == 25)
        let missing = #expect(throws: Crosswalk.Invalid.self) {
            try Crosswalk.decode(Data(#"{"id":"x","rules":[]}"#.utf8))
        }
        #expect(missing?.description == "crosswalk: missing \"version\"")
        // A keyword that folds to nothing, or an empty code, matched nothing without a word: refused, named.
        for (field, value, said) in [
            ("keywords", #"["court", "*"]"#, #"keyword "*" has no letter or digit and would match nothing"#),
            ("keywords", #"["--"]"#, #"keyword "--" has no letter or digit and would match nothing"#),
            ("dac", #"["15130", ""]"#, "an empty code or name would match nothing"),
            ("fundingAccountNames", #"[""]"#, "an empty code or name would match nothing"),
        ] {
            let json = #"{"id":"x","version":"1","rules":[{"id":"r","pillar":"justice","\#(field)":\#(value)}]}"#
            let refused = #expect(throws: Crosswalk.Invalid.self) { try Crosswalk.decode(Data(json.utf8)) }
            #expect(refused?.description == #"crosswalk: rule "r": "# + said, "\(field)")
        }
    }
}

@Suite("Allocator")
struct AllocatorTests {
    let allocator: Allocator

    init() throws {
        allocator = Allocator(
            crosswalk: try Crosswalk.decode(Data(contentsOf: BundledData.crosswalk)),
            rates: try ExchangeRates.parseIMF(
                String(contentsOf: BundledData.exchangeRates, encoding: .utf8), source: "IMF"))
    }

    @Test("transaction sector and country override the activity's; split conserves in both currencies")
    func overrides() {
        let activity = Activity(
            identifier: "TEST-SYNTHETIC-1", defaultCurrency: "EUR",
            recipients: [
                RecipientShare(kind: .country, code: "MX", percentage: 60_000),
                RecipientShare(kind: .country, code: "GT", percentage: 40_000),
            ],
            sectors: [
                SectorShare(vocabulary: "1", code: "15130", percentage: 70_000),
                SectorShare(vocabulary: "1", code: "12220", percentage: 30_000),
            ],
            transactions: [
                Transaction(
                    type: "3", date: "2015-10-02", valueCents: 100_001, currency: "EUR", valueDate: "2015-06-01"),
                Transaction(
                    type: "2", date: "2015-01-01", valueCents: 5_000, currency: "USD",
                    sectors: [SectorShare(vocabulary: "1", code: "15132")],
                    recipients: [RecipientShare(kind: .country, code: "SV")]),
                Transaction(type: "1", date: "2015-01-01", valueCents: 9_999, currency: "USD"),
            ])
        let allocations = allocator.allocations(for: activity)
        let first = allocations.filter { $0.transactionIndex == 0 }
        #expect(first.count == 4)
        #expect(first.reduce(0) { $0 + $1.amountCents } == 100_001)
        let usd = allocator.rates.usdCents(100_001, currency: "EUR", year: 2015)!
        #expect(first.reduce(0) { $0 + ($1.usdCents ?? 0) } == usd)
        #expect(first.allSatisfy { $0.fiscalYear == 2016 && $0.calendarYear == 2015 && $0.rateYear == 2015 })
        // 42,000.42 rounds down, then takes the left-over cent (the largest remainder).
        #expect(first.first { $0.recipient.code == "MX" && $0.sectorCode == "15130" }?.amountCents == 42_001)
        let second = allocations.filter { $0.transactionIndex == 1 }
        #expect(second.count == 1)
        #expect(
            second[0].recipient.code == "SV" && second[0].pillar == .lawEnforcement && second[0].measure == .commitment)
        // Incoming funds (type 1) are not a measure and are not allocated.
        #expect(!allocations.contains { $0.transactionIndex == 2 })
    }

    @Test("a transaction's plan is reused only while its sectors and funding account repeat the last one's")
    func repeatedPlans() {
        let justice = [SectorShare(vocabulary: "1", code: "15130")]
        let halves = [
            SectorShare(vocabulary: "1", code: "15130", percentage: 60_000),
            SectorShare(vocabulary: "1", code: "15113", percentage: 60_000),
        ]
        let transactions = [
            (justice, nil), (justice, "11x1082"), (justice, nil), (halves, nil), (halves, nil), (justice, nil),
        ].map { sectors, account in
            Transaction(
                type: "3", date: "2020-01-01", valueCents: 1_000, currency: "USD", sectors: sectors,
                fundingAccount: account)
        }
        let activity = Activity(identifier: "TEST-SYNTHETIC-PLANS", transactions: transactions)
        let allocations = allocator.allocations(for: activity)
        let byTransaction = Dictionary(grouping: allocations, by: \.transactionIndex)
        // Foreign Military Financing's account places the same sector under interdiction, and only that once.
        #expect(
            (0..<6).map { byTransaction[$0]?.first?.pillar } == [
                .justice, .interdiction, .justice, .justice, .justice, .justice,
            ])
        // Shares summing to 120% are normalised and flagged on both transactions that repeat them, and on no other.
        #expect(
            (0..<6).map { byTransaction[$0]!.allSatisfy { $0.flags.contains(.normalised) } } == [
                false, false, false, true, true, false,
            ])
        #expect(byTransaction[3]!.map(\.amountCents) == [500, 500] && byTransaction[4]!.count == 2)
        // Each transaction planned alone, as the first of its activity, gives the same parts.
        for (index, transaction) in transactions.enumerated() {
            let alone = allocator.allocations(
                for: Activity(identifier: "TEST-SYNTHETIC-PLANS", transactions: [transaction]))
            #expect(alone.map(\.pillar) == byTransaction[index]!.map(\.pillar))
            #expect(alone.map(\.flags) == byTransaction[index]!.map(\.flags))
        }
    }

    @Test("percentages not summing to 100 are normalised and flagged; none given split equally")
    func flags() {
        let activity = Activity(
            identifier: "TEST-SYNTHETIC-2", defaultCurrency: "USD",
            recipients: [RecipientShare(kind: .country, code: "MX"), RecipientShare(kind: .region, code: "489")],
            sectors: [
                SectorShare(vocabulary: "1", code: "15130", percentage: 50_000),
                SectorShare(vocabulary: "1", code: "15113", percentage: 30_000),
            ],
            transactions: [Transaction(type: "3", date: nil, valueCents: 1_001, currency: nil)])
        let parts = allocator.allocations(for: activity)
        #expect(parts.count == 4)
        #expect(parts.reduce(0) { $0 + $1.amountCents } == 1_001)
        #expect(parts.allSatisfy { $0.flags.contains(.normalised) && $0.flags.contains(.equalSplit) })
        #expect(parts.allSatisfy { $0.flags.contains(.noCurrency) && $0.flags.contains(.noDate) && $0.usdCents == nil })
        #expect(Set(parts.map(\.recipient.reportKey)) == ["MX", "region:489"])
    }

    @Test("a keyword answer holds for its own activity's text only; the rate year is the value date's")
    func keywordAnswersPerActivity() {
        func activity(_ id: String, title: String) -> Activity {
            Activity(
                identifier: id, titles: [Narrative(language: "es", text: title)],
                sectors: [SectorShare(vocabulary: "1", code: "15110")],
                transactions: [
                    Transaction(
                        type: "3", date: "2016-01-05", valueCents: 100, currency: "EUR", valueDate: "2015-12-20"),
                    Transaction(type: "3", date: "2016-02-05", valueCents: 200, currency: "EUR"),
                ])
        }
        let corruption = activity("TEST-SYNTHETIC-4", title: "Lucha contra la corrupción")
        let plain = activity("TEST-SYNTHETIC-5", title: "Gestión pública")
        // The same codes, asked in both orders through one allocator: neither activity's text decides the other's.
        for order in [[corruption, plain], [plain, corruption]] {
            for item in order {
                let parts = allocator.allocations(for: item)
                let expected = item.identifier == corruption.identifier ? Pillar.antiCorruption : .governance
                #expect(parts.count == 2 && parts.allSatisfy { $0.pillar == expected }, "\(item.identifier)")
            }
        }
        let parts = allocator.allocations(for: corruption)
        #expect(parts[0].calendarYear == 2016 && parts[0].fiscalYear == 2016 && parts[0].rateYear == 2015)
        #expect(parts[1].calendarYear == 2016 && parts[1].rateYear == 2016)
    }

    @Test("money with no recipient is kept under none")
    func noRecipient() {
        let activity = Activity(
            identifier: "TEST-SYNTHETIC-3",
            transactions: [Transaction(type: "4", date: "2020-01-01", valueCents: 10, currency: "USD")])
        let parts = allocator.allocations(for: activity)
        #expect(parts.map(\.recipient.reportKey) == ["none"])
        #expect(parts[0].pillar == .outOfScope && parts[0].ruleID == Crosswalk.defaultRuleID)
    }
}

@Suite("Spending beside outcomes")
struct AssociationTests {
    func point(_ year: Int, _ value: Double) -> SeriesPoint {
        SeriesPoint(
            source: .long, edition: "synthetic", indicator: "x", country: "CO", year: year, value: String(value),
            number: value, line: 1)
    }

    @Test("pairs each year's spending with the outcome lag years later; correlations are the textbook ones")
    func pairsAndCorrelation() {
        let spending: [Int: Cents] = Dictionary(
            uniqueKeysWithValues: (2010...2019).map { ($0, Cents($0 - 2009) * 100) })
        // Outcome rises with spending two years later, but not linearly: Spearman 1, Pearson below 1.
        let outcome = Dictionary(uniqueKeysWithValues: (2012...2021).map { ($0, point($0, pow(Double($0 - 2011), 2))) })
        let association = Association(spending: spending, outcome: outcome, lag: 2)
        #expect(association.pairs.count == 10)
        #expect(association.pairs.first?.fiscalYear == 2010 && association.pairs.first?.outcomeYear == 2012)
        #expect(association.spearman == 1)
        #expect(association.pearson.map { abs($0 - 0.9746) < 0.0001 } == true)
        #expect(association.sentence.contains("a strong association"))
        #expect(association.sentence.contains("association, not effect"))
        let spanish = association.sentence(in: .es)
        #expect(
            spanish.hasPrefix("En 10 años ambos muestran una asociación fuerte (Spearman 1.00), en el mismo sentido."))
        #expect(spanish.contains("Es asociación, no efecto: ambos pueden responder a otras causas"))
        // Falling together with spending: opposite directions, in both languages.
        let falling = Association(
            spending: spending, outcome: outcome.mapValues { point($0.year, -$0.number) }, lag: 2)
        #expect(falling.sentence.contains("a strong association (Spearman -1.00), moving in opposite directions."))
        #expect(falling.sentence(in: .es).contains("una asociación fuerte (Spearman -1.00), en sentidos opuestos."))
        // Years missing on either side are left out, and few pairs say so instead of a number.
        let short = Association(spending: spending, outcome: [2012: point(2012, 1), 2013: point(2013, 2)], lag: 2)
        #expect(short.pairs.count == 2)
        #expect(short.spearman == nil)
        #expect(short.sentence.hasPrefix("Only 2 years pair up"))
        #expect(short.sentence(in: .es).hasPrefix("Solo 2 años se emparejan; muy pocos para decir"))
    }

    @Test("ranks share ties")
    func ranks() {
        #expect(Association.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }
}

@Suite("Shares as people read them")
struct ShareTextTests {
    @Test("a share strictly between none and all never reads as 0% or 100%; the rest round half away from zero")
    func extremes() {
        // FY2013 in the demo's IATI view: USD 50,000 of USD 67,548,454 classified went to interdiction.
        let beyond = Double(67_548_454 - 50_000) / 67_548_454
        #expect(ShareText.percent(beyond) == ">99%")
        #expect(ShareText.percent(beyond, decimals: 1) == "99.9%")
        #expect(ShareText.percent(67_548_454 - 50_000, of: 67_548_454) == ">99%")
        #expect(ShareText.percent(1 - 1e-9, decimals: 1) == ">99.9%")
        #expect(ShareText.percent(0.004) == "<1%")
        #expect(ShareText.percent(1, of: 1_000_000, decimals: 1) == "<0.1%")
        #expect(ShareText.percent(1.0) == "100%")
        #expect(ShareText.percent(0.0) == "0%")
        #expect(ShareText.percent(0, of: 7) == "0%")
        #expect(ShareText.percent(7, of: 7) == "100%")
        #expect(ShareText.percent(0.425) == "43%")
        #expect(ShareText.percent(1, of: 8, decimals: 1) == "12.5%")
        #expect(ShareText.percent(1, of: 200) == "1%")
        #expect(ShareText.percent(-1, of: 200) == "-1%")
        // Outside 0...1 (money taken back, a target overshot) the share is rounded as it is.
        #expect(ShareText.percent(1.004) == "100%")
        #expect(ShareText.percent(1.25) == "125%")
        #expect(ShareText.percent(-0.001) == "0%")
        #expect(ShareText.percent(-0.0004, decimals: 1) == "0.0%")
        #expect(ShareText.percent(-0.25, decimals: 1) == "-25.0%")
    }

    @Test("shares and changes far beyond 100% are written out, and one that is not a number is a dash, never a trap")
    func beyondInt() {
        // Amounts that pass the ledger's bound (2^61 cents) as a part of one cent: 2^61 × 2,000 passed 64 bits.
        let part = Int64(AddableAmounts.limit)
        #expect(ShareText.percent(part, of: 1) == "230584300921369395200%")
        // Written as the double holds them (`%.0f`), binary digits and all.
        #expect(ShareText.percent(-part, of: 3, decimals: 1) == "-76861433640456454144.0%")
        #expect(ShareText.percent(1e30) == "100000000000000005366162204393472%")
        #expect(ShareText.percent(.nan) == "–" && ShareText.percent(.infinity, decimals: 1) == "–")
        #expect(ShareText.change(0.124) == "+12%" && ShareText.change(-0.05) == "-5%" && ShareText.change(0) == "+0%")
        #expect(ShareText.change(2.3e18) == "+230000000000000000000%")
        #expect(ShareText.change(.nan) == "–")
    }
}

@Suite("Recipient names")
struct RecipientNameTests {
    @Test("ISO countries and IATI regions by name; a non-ISO code is named as one, never guessed; none has no name")
    func names() {
        #expect(ReportLanguage.en.countryName("BO") == "Bolivia (Plurinational State of)")
        #expect(ReportLanguage.es.countryName("region:489") == "América del Sur, regional")
        #expect(ReportLanguage.en.countryName("code:1000") == "Non-ISO code 1000")
        #expect(ReportLanguage.es.countryName("code:1000") == "Código no ISO 1000")
        #expect(Countries.labelled("code:1000") == "code:1000 (Non-ISO code 1000)")
        #expect(Countries.names(ofKey: "none") == nil)
        #expect(Countries.labelled("XX") == "XX")
    }

    @Test("lists go by name in the page's language, accents and case aside; regions and other keys after, by key")
    func byName() {
        let keys = ["VE", "SV", "region:489", "MX", "HT", "HN", "code:1000", "BR", "JM", "KN"]
        #expect(
            ReportLanguage.en.byName(keys)
                == ["BR", "SV", "HT", "HN", "JM", "MX", "KN", "VE", "code:1000", "region:489"])
        // Spanish: Brasil, El Salvador, Haití, Honduras, Jamaica, México, Saint Kitts y Nevis, Venezuela.
        #expect(ReportLanguage.es.countryName("MX") == "México" && ReportLanguage.es.countryName("HT") == "Haití")
        #expect(
            ReportLanguage.es.byName(keys)
                == ["BR", "SV", "HT", "HN", "JM", "MX", "KN", "VE", "code:1000", "region:489"])
        let official = ReportLanguage.en.byName(["gb:caribbean-not-specified", "CO"])
        #expect(official == ["CO", "gb:caribbean-not-specified"])
    }

    @Test("the official sources' regions and former countries by their sources' names, in Spanish too")
    func officialRegions() {
        #expect(ReportLanguage.en.countryName("gb:caribbean-not-specified") == "Caribbean (not specified)")
        #expect(ReportLanguage.es.countryName("gb:caribbean-not-specified") == "Caribe (sin especificar)")
        #expect(ReportLanguage.en.countryName("fa:LCN") == "Latin America and Caribbean Region")
        #expect(ReportLanguage.es.countryName("fa:LCN") == "Región de América Latina y el Caribe")
        #expect(ReportLanguage.es.countryName("fa:soviet-union-former") == "Unión Soviética (antigua)")
        #expect(
            Countries.labelled("gb:central-america-not-specified")
                == "gb:central-america-not-specified (Central America (not specified))")
        // Every key the two readers can give has a name in both languages; an unknown one has none.
        var keys = USGovernmentCodes.foreignAssistanceOther.keys.map { "fa:" + $0 }
        keys += USGovernmentCodes.foreignAssistanceNull.values.filter { $0.hasPrefix("fa:") }
        keys += USGovernmentCodes.greenbookOther.values
        let unnamed = keys.filter { key in
            guard let names = Countries.names(ofKey: key) else { return true }
            return names.es == names.en
        }
        #expect(keys.count > 55 && unnamed.isEmpty, "\(unnamed)")
        #expect(Countries.names(ofKey: "fa:XYZ") == nil && Countries.names(ofKey: "gb:nowhere") == nil)
    }

    @Test("a country's name in English or Spanish, or its alpha-3 code, suggests its code; no country's name, none")
    func codeByName() {
        let named = ["Mexico", "méxico", "MÉXICO", "Brasil", "Bolivia", "Venezuela", "El Salvador", "Panamá", "Perú"]
        #expect(named.map(Countries.code(named:)) == ["MX", "MX", "MX", "BR", "BO", "VE", "SV", "PA", "PE"])
        #expect(Countries.code(named: "Xyz") == nil && Countries.code(named: "") == nil)
        #expect(Countries.code(named: "MX") == nil)  // a code is not a name
        #expect(Countries.suggestion(for: "Haití") == "; did you mean HT (Haiti)?")
        #expect(Countries.suggestion(for: "Atlantis", otherwise: " (unknown)") == " (unknown)")
        // An alpha-3 code, as ForeignAssistance.gov and the indicator files write them, in any case.
        #expect(Countries.suggestion(for: "MEX") == "; did you mean MX (Mexico)? (MEX is its alpha-3 code)")
        #expect(Countries.suggestion(for: "slv") == "; did you mean SV (El Salvador)? (SLV is its alpha-3 code)")
        #expect(Countries.suggestion(for: "XYZ", otherwise: " (unknown)") == " (unknown)")
    }
}

@Suite("Local ownership and multilateral shares")
struct OwnershipTests {
    @Test("who counts as a partner-country body")
    func local() {
        let jamaica = Implementer(ref: nil, type: "10", names: ["Government of Jamaica"])
        #expect(jamaica.isLocal(to: "JM"))
        #expect(!jamaica.isLocal(to: "MX"))
        #expect(!Implementer(ref: "US-GOV-1", type: "10", names: ["U.S. Government - USAID"]).isLocal(to: "JM"))
        #expect(!Implementer(ref: nil, type: "10", names: ["U.S. Army Corps of Engineers"]).isLocal(to: "JM"))
        #expect(Implementer(ref: "MX-RFC-ABC", type: "15", names: []).isLocal(to: "MX"))
        #expect(!Implementer(ref: nil, type: "21", names: ["International NGO"]).isLocal(to: "CO"))
        // A "national" NGO is local only when its identifier or name places it in the country: USAID types U.S.
        // NGOs as national (these three, as its Venezuela and El Salvador files name them).
        #expect(!Implementer(ref: "XI-UEI-LAMCXMJQUMG3", type: "22", names: ["Freedom House"]).isLocal(to: "VE"))
        #expect(!Implementer(ref: nil, type: "22", names: ["National Democratic Institute"]).isLocal(to: "VE"))
        #expect(
            !Implementer(ref: "US-EIN-13-5563422", type: "22", names: ["Catholic Relief Services"]).isLocal(to: "SV"))
        #expect(Implementer(ref: nil, type: "22", names: ["Fundación para la Paz de Colombia"]).isLocal(to: "CO"))
        #expect(Implementer(ref: "CO-RUT-900123", type: "22", names: ["Fundación X"]).isLocal(to: "CO"))
        #expect(
            Implementer(ref: nil, type: "22", names: ["Instituto Internacional de Educacao do Brasil"]).isLocal(
                to: "BR"))
        // Any other type needs the same evidence, which a name gives by naming the country or its people, or by
        // ending in a legal form registered there (USAID types Mexican civil associations as 23 or 70).
        #expect(
            Implementer(ref: nil, type: "23", names: ["Instituto para la Seguridad y la Democracia, A.C."]).isLocal(
                to: "MX"))
        #expect(Implementer(ref: nil, type: "23", names: ["TRANSPARENCIA MEXICANA AC"]).isLocal(to: "MX"))
        #expect(Implementer(ref: nil, type: "23", names: ["Reinserta un Mexicano"]).isLocal(to: "MX"))
        #expect(Implementer(ref: nil, type: "70", names: ["TECNORURAL, S.A.P.I. DE C.V."]).isLocal(to: "MX"))
        #expect(Implementer(ref: nil, type: "70", names: ["Arco Ingenieros S.A. de C.V."]).isLocal(to: "SV"))
        #expect(
            Implementer(ref: nil, type: "70", names: ["AZURE SOCIEDAD ANONIMA DE CAPITAL VARIABLE"]).isLocal(to: "SV"))
        #expect(Implementer(ref: nil, type: "23", names: ["National Integrity Action (Jamaica)"]).isLocal(to: "JM"))
        #expect(Implementer(ref: nil, type: "23", names: ["Fundación Salvadoreña para la Salud"]).isLocal(to: "SV"))
        #expect(Implementer(ref: nil, type: nil, names: ["Unspecified Vendors - Jamaica"]).isLocal(to: "JM"))
        #expect(
            Implementer(ref: nil, type: "21", names: ["FONDO MEXICANO PARA LA CONSERVACION, A.C. + NOT MAPPED"])
                .isLocal(to: "MX"))
        // A Mexican legal form does not make an association Salvadoran, nor one that names another country Mexican.
        #expect(!Implementer(ref: nil, type: "23", names: ["Mexico Evalua, A.C."]).isLocal(to: "SV"))
        #expect(
            !Implementer(ref: nil, type: "23", names: ["FUNDACION DE ANTROPOLOGIA FORENSE DE GUATEMALA, A.C."])
                .isLocal(to: "MX"))
        // Words must start where the name's do; New Mexico is a U.S. state; a name with no evidence is not counted.
        #expect(!Implementer(ref: nil, type: "80", names: ["New Mexico State University"]).isLocal(to: "MX"))
        #expect(
            Implementer(ref: nil, type: "80", names: ["Universidad Autónoma de México, New Mexico office"]).isLocal(
                to: "MX"))
        #expect(!Implementer(ref: nil, type: "70", names: ["Superuvian Ltd."]).isLocal(to: "PE"))
        // A country's name is matched as whole words: the Dominican Republic's name does not name Dominica.
        let dominican = Implementer(
            ref: nil, type: "22", names: ["Fundación Institucionalidad y Justicia, República Dominicana"])
        #expect(!dominican.isLocal(to: "DM"))
        #expect(dominican.isLocal(to: "DO"))
        #expect(Implementer(ref: nil, type: "22", names: ["Dominica Association of Industry"]).isLocal(to: "DM"))
        #expect(!Implementer(ref: nil, type: "70", names: ["Mayo Publicidad S.A."]).isLocal(to: "MX"))
        #expect(!Implementer(ref: nil, type: "23", names: ["Norwegian Refugee Council"]).isLocal(to: "CO"))
        // Multilateral bodies and provider-country companies are never local, whatever their names.
        #expect(!Implementer(ref: nil, type: "40", names: ["UNDP Mexico"]).isLocal(to: "MX"))
        #expect(!Implementer(ref: nil, type: "71", names: ["Chemonics Mexico"]).isLocal(to: "MX"))
        // A partner-country NGO (24) and a company of the recipient country (72) need no more.
        #expect(Implementer(ref: "XM-DAC-23000", type: "24", names: ["Fundacion Esquel"]).isLocal(to: "EC"))
        #expect(Implementer(ref: nil, type: "72", names: ["Constructora X"]).isLocal(to: "HN"))
        #expect(Implementer(ref: "XM-DAC-41114", type: "40", names: ["UNDP"]).isMultilateral)
    }

    @Test("money is split equally among implementers; activities naming none stay out of the denominator")
    func shares() {
        let shares = OwnershipShares(
            [
                ImplementedMoney(
                    cents: 100_00, implementers: [Implementer(ref: nil, type: "24", names: ["Local NGO"])]),
                ImplementedMoney(
                    cents: 100_00,
                    implementers: [
                        Implementer(ref: nil, type: "40", names: ["UNODC"]),
                        Implementer(ref: nil, type: "21", names: ["INGO"]),
                    ]
                ),
                ImplementedMoney(cents: 50_00, implementers: []),
            ], country: "CO")
        #expect(shares.denominatorCents == 200_00)
        #expect(shares.localCents == 100_00)
        #expect(shares.multilateralCents == 50_00)
        #expect(shares.unnamedCents == 50_00)
        #expect(
            shares.sentences[0].hasPrefix(
                "Local ownership: 50% implemented by partner-country bodies; multilateral: 25%"))
        #expect(
            shares.localImplementers == [
                .init(name: "Local NGO", type: "24", evidence: .partnerCountryType, cents: 100_00)
            ])
    }

    @Test("each partner-country body is listed once with why it counts, its parts added, the largest first")
    func localImplementers() {
        let insyde = Implementer(ref: nil, type: "23", names: ["Insyde, A.C."])
        let shares = OwnershipShares(
            [
                ImplementedMoney(
                    cents: 30_01, implementers: [insyde, Implementer(ref: nil, type: "70", names: ["Chemonics"])],
                    run: 9),
                ImplementedMoney(cents: 10_00, implementers: [insyde], run: 7),
                ImplementedMoney(
                    cents: 20_00, implementers: [Implementer(ref: "MX-RFC-X", type: "15", names: ["Secretaría X"])],
                    run: 7),
                ImplementedMoney(
                    cents: 5_00, implementers: [Implementer(ref: nil, type: "10", names: ["Gobierno de México"])]),
            ], country: "MX")
        // 30.01 split in two gives 15.01 and 15.00; Insyde's parts are 15.01 + 10.00, from two runs' files. A
        // program whose run the ledger does not name adds none.
        #expect(
            shares.localImplementers == [
                .init(name: "Insyde, A.C.", type: "23", evidence: .legalForm, cents: 25_01, runs: [7, 9]),
                .init(name: "Secretaría X", type: "15", evidence: .identifier, cents: 20_00, runs: [7]),
                .init(name: "Gobierno de México", type: "10", evidence: .name, cents: 5_00),
            ])
        #expect(shares.localCents == shares.localImplementers.reduce(0) { sum, body in sum + body.cents })
    }
}

@Suite("Indicator progress")
struct ResultsTests {
    func reading(_ ascending: Bool, _ baseline: String?, _ target: String?, _ actual: String?) -> IndicatorReading {
        IndicatorReading(
            activity: "SYNTHETIC", title: "t", ascending: ascending, baseline: baseline, target: target, actual: actual,
            periodEnd: "2024-12-31")
    }

    @Test("indicator values as publishers write them: commas that group thousands, spaces around; never a guess")
    func indicatorValues() {
        let read = { (text: String, pointIsDecimal: Bool) in
            DecimalText.indicatorValue(text, pointIsDecimal: pointIsDecimal)
        }
        #expect(read("198,412.00", false) == 198_412)
        #expect(read("4,500,000", false) == 4_500_000)
        #expect(read("17,499.00 ", false) == 17_499)
        #expect(read(" 35\n", false) == 35)
        #expect(read("-1,250.5", false) == -1_250.5)
        #expect(read("227,601", false) == nil)  // one comma and no point: perhaps a decimal comma
        #expect(read("227,601", true) == 227_601)
        for text in [
            "72,0000", "8,386413", "0,5", ",500", "1,,000", "1,000,00", "1,000.5,0", "01,000", "1 000", "88.8%", "Yes",
            "NaN", "", "1,000e3x",
        ] {
            #expect(read(text, true) == nil, "\(text)")
        }
        // A percent sign after the number, only in a percentage indicator.
        let percent = { (text: String) in DecimalText.indicatorValue(text, pointIsDecimal: false, isPercentage: true) }
        #expect(percent("88.8%") == 88.8)
        #expect(percent(" 12 % ") == 12)
        #expect(percent("1,250.5%") == 1_250.5)
        #expect(percent("40") == 40)
        for text in ["%", "%88", "88%%", "88.8 percent", "Yes%"] {
            #expect(percent(text) == nil, "\(text)")
        }
        #expect(DecimalText.writesDecimalPoint([nil, "0.00", "227,601"]))
        #expect(DecimalText.writesDecimalPoint(["2,000", "88.8%"], isPercentage: true))
        #expect(!DecimalText.writesDecimalPoint(["2,000", "88.8%"]))
        #expect(!DecimalText.writesDecimalPoint(["Status quo.", "2,000", nil]))
    }

    @Test("progress is direction-aware; a missing baseline is taken as 0 and counted")
    func progress() {
        #expect(reading(true, "10", "20", "19").progress == 0.9)
        #expect(reading(false, "30", "10", "20").progress == 0.5)  // fewer homicides is better
        #expect(reading(true, nil, "100", "25").progress == 0.25)
        #expect(reading(true, "10", "10", "12").progress == nil)  // target equals baseline
        #expect(reading(false, "10", "20", "15").progress == nil)  // target on the wrong side for the direction
        #expect(reading(true, "1", "2", "n/a").progress == nil)
        #expect(reading(true, "0", "2,000", "1,000").progress == nil)  // "1,000" could be 1000 or 1.0: not guessed
        // Beside a value with a decimal point, a comma groups thousands (the World Bank's El Salvador file).
        let grouped = reading(true, "0.00", "198,412.00", "227,601").progress ?? 0
        #expect(abs(grouped - 227_601.0 / 198_412.0) < 1e-12)
        #expect(reading(true, "No", "100", "50").progress == nil)  // a baseline given but no number is not 0
        // A percent sign is read in a percentage indicator (measure 2) only.
        var percentage = reading(true, "0.00", "85.00", "88.8%")
        #expect(percentage.unassessable == .notANumber)
        percentage.measure = "2"
        #expect(percentage.progress == 88.8 / 85)
        // Why a reading has no progress.
        let reasons: [IndicatorReading.Unassessable?] = [
            reading(true, "10", "20", "19").unassessable, reading(true, "10", nil, "19").unassessable,
            reading(true, "10", "20", "").unassessable, reading(true, "No", "100", "50").unassessable,
            reading(true, "10", "10", "12").unassessable, reading(false, "10", "20", "15").unassessable,
            reading(true, "-1e308", "1e308", "1").unassessable,
        ]
        #expect(
            reasons == [
                nil, .missingValue, .missingValue, .notANumber, .targetIsBaseline, .wrongDirection, .outOfRange,
            ])
        #expect(reading(true, "", "100", "50").progress == 0.5)  // an empty one is none
        #expect(reading(true, "0", "1.5e2", "75").progress == 0.5)
        // Values Double.init takes but no report can show (they made the progress NaN or infinite, which stopped the
        // process where it was shown), and a quotient past what a double holds: no progress.
        for (baseline, target, actual) in [
            ("0", "10", "NaN"), ("0", "inf", "5"), ("0", "1e309", "5"), ("0", "0x10", "8"), ("-1e308", "1e308", "1"),
            ("0", "1e-308", "1e308"),
        ] {
            #expect(reading(true, baseline, target, actual).progress == nil, "\(baseline) \(target) \(actual)")
        }
        // A program page's period reads the same figure as the results table.
        let period = IndicatorPeriod(start: "2024-01-01", end: "2024-12-31", target: "10", actual: "20")
        let falling = Indicator(
            measure: "1", ascending: false, titles: [], baselineYear: nil, baselineValue: "30", periods: [period])
        #expect(IndicatorReading.progress(of: period, in: falling) == 0.5)
        var rising = falling
        rising.ascending = true  // a target below the baseline of an indicator where higher is better
        #expect(IndicatorReading.progress(of: period, in: rising) == nil)
        let status = ResultsStatus([
            reading(true, "10", "20", "19"), reading(false, "30", "10", "20"), reading(true, nil, "100", "25"),
            reading(true, "10", "10", "12"),
        ])
        let counts: [Int] = [status.onTrack, status.atRisk, status.offTrack, status.notAssessable]
        #expect(counts == [1, 1, 1, 1])
        #expect(status.baselineAssumed == 1)
        // One of each, said in the singular in both languages.
        #expect(
            status.sentence.contains(
                "1 on track (90% of the way or more), 1 at risk (50% or more), 1 off track, 1 not assessable (1 with "
                    + "the target at the baseline); 1 reports no baseline, taken as 0."))
        #expect(
            status.sentence(in: .es).contains(
                "1 en camino (90% o más), 1 en riesgo (50% o más), 1 rezagado, 1 no evaluable (1 con la meta igual a "
                    + "la línea de base); 1 no reporta línea de base, tomada como 0."))
        // An empty baseline is taken as 0 and counted as one; one that is no number gives no progress.
        let empty = ResultsStatus([reading(true, "", "100", "25"), reading(true, "No", "100", "25")])
        #expect(empty.baselineAssumed == 1 && empty.notAssessable == 1)
        // The sentence says why, the commonest first, ties in the reasons' order.
        let why = ResultsStatus([
            reading(true, "10", "10", "12"), reading(true, "5", "5", "6"), reading(true, "0", "10", nil),
            reading(true, "0", "10", "many"),
        ])
        #expect(why.notAssessableBecause == ["target_is_baseline": 2, "missing_value": 1, "not_a_number": 1])
        // A placeholder for no value is no actual, as the reporting completeness counts it: "n/a", " TBD", "-".
        #expect(
            ["n/a", " TBD", "-", "NaN"].map { reading(true, "0", "10", $0).unassessable }
                == Array(repeating: .missingValue, count: 4))
        #expect(
            why.sentence.contains(
                "4 not assessable (2 with the target at the baseline, 1 with no target or actual, 1 with a value that "
                    + "is no number)"))
        #expect(ResultsStatus([reading(true, "10", "20", "19")]).sentence.hasSuffix(", 0 not assessable."))
        #expect(status.sentence.hasPrefix("Results: of 4 indicators with a past target, 1 on track"))
        #expect(status.sentence.contains("1 on track (90% of the way or more), 1 at risk (50% or more), 1 off track"))
    }

    @Test("a program office's own thresholds move the statuses and are named in the sentence; bad ones are refused")
    func thresholds() throws {
        let readings = [
            reading(true, "10", "20", "19"), reading(false, "30", "10", "20"), reading(true, nil, "100", "25"),
        ]
        // 90%, 50% and 25% of the way: with on track from 50% and at risk from 25%, two are on track and one at risk.
        let own = try ResultsThresholds(onTrackPercent: 50, atRiskPercent: 25)
        #expect(readings.map { $0.status(own) } == [.onTrack, .onTrack, .atRisk])
        #expect(readings.map { $0.status() } == [.onTrack, .atRisk, .offTrack])
        let status = ResultsStatus(readings, thresholds: own)
        let counts: [Int] = [status.onTrack, status.atRisk, status.offTrack]
        #expect(counts == [2, 1, 0])
        #expect(status.sentence.contains("2 on track (50% of the way or more), 1 at risk (25% or more), 0 off track"))
        #expect(status.sentence(in: .es).contains("2 en camino (50% o más), 1 en riesgo (25% o más)"))
        #expect(
            ResultsThresholds.percent(try ResultsThresholds(onTrackPercent: 67.5, atRiskPercent: 5).onTrack) == "67.5%")
        // A reading exactly at a threshold is at it, not below.
        #expect(reading(true, "0", "100", "50").status(own) == .onTrack)
        for (track, risk) in [(40.0, 60.0), (90, 0), (90, -5), (2000, 50), (Double.nan, 50), (1e30, 50), (90, -1e300)] {
            #expect(throws: ResultsThresholds.Invalid.self, "\(track), \(risk)") {
                try ResultsThresholds(onTrackPercent: track, atRiskPercent: risk)
            }
        }
        let inverted = #expect(throws: ResultsThresholds.Invalid.self) {
            try ResultsThresholds(onTrackPercent: 40, atRiskPercent: 60)
        }
        #expect(inverted?.message == "at risk (60%) must not be above on track (40%)")
        // The refusal of a threshold past what `Int` holds names it (converting it to `Int` trapped).
        let huge = #expect(throws: ResultsThresholds.Invalid.self) {
            try ResultsThresholds(onTrackPercent: 1e30, atRiskPercent: 50)
        }
        #expect(huge?.message.hasSuffix("got on track 1e+30%, at risk 50%") == true)
    }
}

@Suite("Justice and anti-corruption money signal")
struct MoneySignalTests {
    @Test("a year is compared with the one before, and says so when there is nothing to compare with")
    func comparison() {
        let cells = [
            PortfolioCellSummary(year: 2023, pillar: .justice, cents: 100_00),
            PortfolioCellSummary(year: 2023, pillar: .governance, cents: 100_00),
            PortfolioCellSummary(year: 2024, pillar: .antiCorruption, cents: 150_00),
            PortfolioCellSummary(year: 2024, pillar: .governance, cents: 150_00),
        ]
        let rising = SignalBoard.justiceAntiCorruption(
            cells: cells, country: "SYNTHETIC", fiscalYear: 2024, sourceLabel: "iati disbursements")
        #expect(rising.status == "rising")
        #expect(rising.value == "USD 150 in FY2024, 50% of classified, +50% on FY2023")
        let first = SignalBoard.justiceAntiCorruption(
            cells: cells, country: "SYNTHETIC", fiscalYear: 2023, sourceLabel: "iati disbursements")
        #expect(first.status == "new")
        #expect(first.value == "USD 100 in FY2023, 50% of classified, no FY2022 money to compare with")
        let spanish = SignalBoard.justiceAntiCorruption(
            cells: cells, country: "SYNTHETIC", fiscalYear: 2023, sourceLabel: "iati", language: .es)
        #expect(spanish.value == "USD 100 en AF2023, 50% de lo clasificado, sin montos en AF2022 con que comparar")
        // In scope but nothing classified (a year of unclassified money only): no share of nothing.
        let unclassified = SignalBoard.justiceAntiCorruption(
            cells: [PortfolioCellSummary(year: 2020, pillar: .unclassified, cents: 5_00)], country: "SYNTHETIC",
            fiscalYear: 2024, sourceLabel: "iati disbursements")
        #expect(unclassified.status == "none")
        #expect(
            unclassified.value
                == "USD 0 in FY2020, no classified money that year, no FY2019 money to compare with")
        // A year before with in-scope money but none on these pillars is a zero to compare with, not a gap.
        let governanceOnly = [
            PortfolioCellSummary(year: 2023, pillar: .governance, cents: 100_00),
            PortfolioCellSummary(year: 2024, pillar: .governance, cents: 100_00),
        ]
        let neither = SignalBoard.justiceAntiCorruption(
            cells: governanceOnly, country: "SYNTHETIC", fiscalYear: 2024, sourceLabel: "iati disbursements")
        #expect(neither.status == "none")
        #expect(neither.value == "USD 0 in FY2024, 0% of classified, none in FY2023 either")
        let fromNone = SignalBoard.justiceAntiCorruption(
            cells: governanceOnly + [PortfolioCellSummary(year: 2024, pillar: .justice, cents: 100_00)],
            country: "SYNTHETIC", fiscalYear: 2024, sourceLabel: "iati", language: .es)
        #expect(fromNone.status == "new")
        #expect(fromNone.value == "USD 100 en AF2024, 50% de lo clasificado, ninguno en AF2023")
        // The latest year with money, before the last complete one, is said to be the latest: not read as current.
        #expect(
            unclassified.explanation.hasSuffix(
                "(USD 0). FY2020 is the latest year with in-scope money for SYNTHETIC up to FY2024; this source holds "
                    + "none for FY2021–FY2024."))
        #expect(!rising.explanation.contains("latest year"))
        let lastButOne = SignalBoard.justiceAntiCorruption(
            cells: cells, country: "SYNTHETIC", fiscalYear: 2025, sourceLabel: "iati", language: .es)
        #expect(
            lastButOne.explanation.hasSuffix(
                "El AF2024 es el último año con montos en el ámbito para SYNTHETIC hasta el AF2025; esta fuente no "
                    + "tiene ninguno para AF2025."))
    }
}

@Suite("Calendar days")
struct CalendarDayTests {
    @Test("a day's ordinal and its date are each other's inverse, leap days and century years included")
    func ordinalRoundTrip() throws {
        let start = try #require(DayCount.ordinal("1899-12-30"))
        let end = try #require(DayCount.ordinal("2100-03-01"))
        for day in start...end {
            let date = try #require(DayCount.date(ordinal: day))
            #expect(DayCount.ordinal(date) == day, "\(date)")
        }
        // Known days: the Unix epoch (what the web server's today counts from), a leap day, 1900 not a leap year.
        #expect(DayCount.date(ordinal: 719_468) == "1970-01-01")
        #expect(DayCount.date(ordinal: try #require(DayCount.ordinal("2024-02-28")) + 1) == "2024-02-29")
        #expect(DayCount.date(ordinal: try #require(DayCount.ordinal("1900-02-28")) + 1) == "1900-03-01")
        #expect(DayCount.date(ordinal: try #require(DayCount.ordinal("0001-01-01")) - 1) == nil)
    }

    @Test("a date is ten ASCII bytes, digits and two hyphens: a sign, a missing digit or an impossible day is none")
    func strictShape() {
        for text in [
            "2020-+1-01", "2020--6-30", "-202-01-01", "+202-01-01", "2020-1-001", "2020-01- 1", " 2020-01-01",
            "2020-01-01 ", "2020/01/01", "2020-01-1", "2020-01-011", "２０２０-01-01", "2020-02-30", "2023-02-29",
            "2020-04-31", "2020-00-10", "2020-01-00", "0000-03-01", "",
        ] {
            #expect(DayCount.ordinal(text) == nil, "\(text)")
            #expect(!DayCount.isDate(text), "\(text)")
        }
        for text in ["2020-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2020-04-30"] {
            #expect(DayCount.isDate(text), "\(text)")
        }
    }
}

@Suite("A file's date")
struct FileDateTests {
    @Test(
        "a vintage gives its file's day when it opens with a date, as the ledger's SQL reads it; a period's end is compared with it"
    )
    func fileDate() {
        #expect(FileDate.of(vintage: "2025-04-14T00:07:07") == "2025-04-14")
        #expect(FileDate.of(vintage: "2025-11-01") == "2025-11-01")
        // What SQL's `LIKE '____-__-__'` over the first ten characters refuses, refused here too.
        #expect(FileDate.of(vintage: "SYNTHETIC spring 2025") == nil)
        #expect(FileDate.of(vintage: "2025-05") == nil)
        #expect(FileDate.of(vintage: nil) == nil)
        #expect(FileDate.endedAfter(periodEnd: "2025-04-14", fileDate: "2025-04-14"))
        #expect(!FileDate.endedAfter(periodEnd: "2025-04-13", fileDate: "2025-04-14"))
        #expect(!FileDate.endedAfter(periodEnd: "2029-11-30", fileDate: nil))
    }
}

@Suite("Elements read in place")
struct InPlaceTests {
    /// A thrown error, to see it come out of the walk.
    struct Stop: Error, Equatable { var at: Int }

    @Test("each element comes with its position, in order, as enumerated() gives them; a thrown error ends the walk")
    func forEachInPlace() {
        let transactions = (0..<5).map { index in
            Transaction(
                type: String(index), date: "2024-0\(index + 1)-01", valueCents: Int64(index) * 100, currency: "USD")
        }
        var seen: [(Int, String, Int64)] = []
        transactions.forEachInPlace { index, item in seen.append((index, item.type, item.valueCents)) }
        #expect(seen.map(\.0) == Array(transactions.indices))
        #expect(seen.map(\.1) == transactions.map(\.type))
        #expect(seen.map(\.2) == transactions.map(\.valueCents))
        var visited = 0
        #expect(throws: Stop(at: 2)) {
            try transactions.forEachInPlace { index, _ in
                visited += 1
                if index == 2 { throw Stop(at: index) }
            }
        }
        #expect(visited == 3)
        [Transaction]().forEachInPlace { _, _ in Issue.record("an empty array has no elements") }
    }
}
