/// A SYNTHETIC IATI file of one activity, `identifier`, last updated in 2099 (newer than any real file): titled
/// "Police training", one disbursement of 1,000 USD in January 2024 to `country`, in DAC sector 15130.
func syntheticNewerActivityFile(identifier: some StringProtocol, country: String) -> String {
    syntheticActivityFile(
        identifier: identifier, country: country, lastUpdated: "2099-01-01T00:00:00", title: "Police training")
}

/// A SYNTHETIC IATI file of one activity, `identifier`, last updated at `lastUpdated`, titled `title`: one
/// disbursement of 1,000 USD in January 2024 to `country`, in DAC sector 15130, and `results` (XML) when given.
func syntheticActivityFile(
    identifier: some StringProtocol, country: String, lastUpdated: String, title: String, results: String = ""
) -> String {
    """
    <iati-activities version="2.03"><iati-activity last-updated-datetime="\(lastUpdated)"
      default-currency="USD"><iati-identifier>\(identifier)</iati-identifier>
    <reporting-org ref="US-GOV-1"><narrative>X</narrative></reporting-org>
    <title><narrative>\(title)</narrative></title><recipient-country code="\(country)"/>
    <sector code="15130"/><transaction><transaction-type code="3"/>
    <transaction-date iso-date="2024-01-15"/><value value-date="2024-01-15">1000.00</value></transaction>
    \(results)</iati-activity></iati-activities>
    """
}
