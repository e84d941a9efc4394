import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import Foundation

/// `atalaya demo`: import the bundled real data and print the regional portfolio by pillar.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Import the bundled USAID Latin America IATI files, ForeignAssistance.gov's Ecuador and El Salvador "
            + "exports, the Greenbook's Latin America rows, governance and homicide series and engagement records, "
            + "and print the regional portfolio by pillar from each source.")

    @OptionGroup var ledger: LedgerOptions

    @Option(name: .long, help: "commitment, disbursement or expenditure.")
    var measure: Measure = .disbursement

    @Option(name: .long, help: "First fiscal year of the ForeignAssistance.gov and Greenbook tables.")
    var officialFrom = 2011

    func run() async throws {
        let allocator = try ledger.allocator()
        let query = PortfolioQuery(measure: measure)
        let sectors = PortfolioQuery(measure: .obligation, fromYear: officialFrom, source: .fa)
        let military = PortfolioQuery(measure: .obligation, fromYear: officialFrom, source: .greenbook)
        let (figures, foreignAssistance, greenbook, classified) = try await ledger.withStore(creating: true) { store in
            try await Self.importBundled(into: store, allocator: allocator)
            return (
                try await store.portfolio(query), try await store.portfolio(sectors),
                try await store.portfolio(military), try await store.classificationLabel()
            )
        }
        let report = PortfolioReport(query: query, figures: figures, ratesSource: allocator.rates.source)
        print("")
        print(report.table(), terminator: "")

        let foreignAssistanceReport = PortfolioReport(
            query: sectors, figures: foreignAssistance, ratesSource: allocator.rates.source)
        print("")
        print(foreignAssistanceReport.table(), terminator: "")

        let greenbookReport = PortfolioReport(query: military, figures: greenbook, ratesSource: allocator.rates.source)
        print("")
        print(greenbookReport.table(), terminator: "")
        print(
            """

            Three sources, never added: IATI (USAID's own files, disbursements), ForeignAssistance.gov (all U.S.
            agencies' economic obligations, by sector, for Ecuador and El Salvador only) and the Greenbook (all U.S.
            agencies, obligations, economic and military, by account). USAID's IATI files hold no military or INL
            money and no files for Colombia, Guatemala, Honduras, Haiti, Peru or the Dominican Republic; the
            Greenbook holds them but names accounts, not sectors; ForeignAssistance.gov names sectors and holds INL's
            money, but these exports hold no military money. A missing category is missing data, not zero.
            Beside the money: the World Bank's governance estimates (WGI, 2020 release, to 2019), UNODC's
            homicide rates (WDI, 2022-07-20) and three engagements of 2025; association, never cause.
            Try: atalaya brief MX (the one-page country brief: money, signals and context);
                 atalaya report capacity (each country's latest governance and homicide values, side by side);
                 atalaya report portfolio --by country (a row per recipient);
                 atalaya report portfolio --source greenbook --country CO --by account;
                 atalaya report coverage --country SV (how much of the country totals the exports hold);
                 atalaya activities --country MX --pillar justice, then atalaya explain <ACTIVITY> for one of them;
                 atalaya serve (the pages and the JSON API over this ledger).
            """)
        // A ledger made by an earlier version keeps that version's classification until it is re-applied.
        let bundled = allocator.crosswalk.label
        if let classified, classified != bundled {
            print(
                "\nThis ledger's figures were classified with \(classified), not with \(bundled): `atalaya classify` "
                    + "re-applies \(bundled) to them and prints what moves.")
        }
    }

    /// Imports the bundled IATI files, Greenbook rows, outcome series and engagements (files imported before change
    /// nothing), printing a line per file.
    static func importBundled(into store: any LedgerStore, allocator: Allocator) async throws {
        let importer = IATIImporter(store: store, allocator: allocator)
        for file in BundledData.demoIATIFiles {
            let label = "bundled " + file.lastPathComponent
            let report = try await ImportProgress.importing(file.path, with: importer, label: label)
            print(ImportProgress.summary(report, file: file.path))
        }
        let official = OfficialImporter(store: store, classifier: OfficialClassifier(crosswalk: allocator.crosswalk))
        let foreignAssistance =
            BundledData.demoForeignAssistance.map { ($0, BundledData.demoForeignAssistanceVintage) }
            + [(BundledData.demoForeignAssistanceTotals, BundledData.demoForeignAssistanceTotalsVintage)]
        for (file, vintage) in foreignAssistance {
            let report = try await ImportProgress.withProgress(file.path, label: "bundled " + file.lastPathComponent) {
                name, progress in
                try await official.importFile(
                    path: file.path, source: .fa, vintage: vintage, displayName: name, progress: progress)
            }
            print(ImportProgress.summary(report, file: file.path))
        }
        let greenbook = try await ImportProgress.withProgress(
            BundledData.demoGreenbook.path, label: "bundled " + BundledData.demoGreenbook.lastPathComponent
        ) { name, progress in
            try await official.importFile(
                path: BundledData.demoGreenbook.path, source: .greenbook, vintage: BundledData.demoGreenbookVintage,
                displayName: name, progress: progress)
        }
        print(ImportProgress.summary(greenbook, file: BundledData.demoGreenbook.path))
        // The context beside the money: governance estimates and homicide rates, and the engagements the signals
        // watch for.
        let series = SeriesImporter(store: store)
        for (file, source, edition) in [
            (BundledData.demoWGI, SeriesSource.wgi, BundledData.demoWGIEdition),
            (BundledData.demoHomicide, .homicide, nil),
        ] {
            let outcome = try await ImportProgress.withProgress(
                file.path, label: "bundled " + file.lastPathComponent
            ) { name, _ in
                try await series.importFile(path: file.path, source: source, edition: edition, displayName: name)
            }
            print(ImportProgress.summary(outcome, source: source, file: file.path))
        }
        let engagements = try await ImportProgress.withProgress(
            BundledData.demoEngagements.path, label: "bundled " + BundledData.demoEngagements.lastPathComponent
        ) { name, _ in
            try await EngagementImporter(store: store).importFile(
                path: BundledData.demoEngagements.path, displayName: name)
        }
        print(ImportProgress.summary(engagements, file: BundledData.demoEngagements.path))
    }
}
