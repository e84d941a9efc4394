// MARK: - SYNTHETIC: amounts beyond any real budget

/// A SYNTHETIC IATI file of one justice activity for Mexico whose disbursements in 2024 are `values` (decimal text,
/// in `currency`, converted at `valueDate`'s rate), each a transaction on lines 8, 9, 10… of the file, and whose one
/// budget is `budget`: amounts near the limits of what the ledger holds, as only a broken or hostile file has them.
public func syntheticHugeAmounts(
    identifier: String, values: [String], budget: String = "1000.00", currency: String = "USD",
    valueDate: String = "2024-03-01"
) -> String {
    let transactions = values.map { value in
        #"<transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-01"/>"#
            + #"<value value-date="\#(valueDate)">\#(value)</value></transaction>"#
    }
    return """
        <iati-activities version="2.03" generated-datetime="2025-05-01T00:00:00Z">
        <iati-activity last-updated-datetime="2025-05-01T00:00:00Z" default-currency="\(currency)">
        <iati-identifier>\(identifier)</iati-identifier>
        <reporting-org ref="SYNTHETIC" type="10"><narrative>Synthetic</narrative></reporting-org>
        <title><narrative>Court administration</narrative></title>
        <recipient-country code="MX"/><sector vocabulary="1" code="15130"/>
        <budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><value value-date="2024-01-01">\(budget)</value></budget>
        \(transactions.joined(separator: "\n"))
        </iati-activity>
        </iati-activities>
        """
}

/// A SYNTHETIC IATI file of one activity for Mexico and Guatemala whose percentages (lines 6 to 9) are near the
/// limit of 64 bits, and whose one indicator has a baseline of `1e308`, a target of `1e309` (infinite as a double)
/// and an actual of `NaN`: values Swift's number readers take and no report can use.
public let syntheticHostileShares = """
    <iati-activities version="2.03" generated-datetime="2025-05-01T00:00:00Z">
    <iati-activity last-updated-datetime="2025-05-01T00:00:00Z" default-currency="USD">
    <iati-identifier>SYNTHETIC-SHARES-1</iati-identifier>
    <reporting-org ref="SYNTHETIC" type="10"><narrative>Synthetic</narrative></reporting-org>
    <title><narrative>Court administration</narrative></title>
    <recipient-country code="MX" percentage="9000000000000000"/>
    <recipient-country code="GT" percentage="9000000000000000"/>
    <sector vocabulary="1" code="15130" percentage="9223372036854775.807"/>
    <sector vocabulary="1" code="15113" percentage="1000000.001"/>
    <transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-01"/><value value-date="2024-03-01">100</value></transaction>
    <result type="1"><title><narrative>Courts</narrative></title>
    <indicator measure="1" ascending="1"><title><narrative>Cases closed</narrative></title>
    <baseline year="2020" value="1e308"/>
    <period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><target value="1e309"/><actual value="NaN"/></period>
    </indicator></result>
    </iati-activity>
    </iati-activities>
    """
