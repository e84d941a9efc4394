// MARK: - Monitoring data made up for tests

/// A program office's monitoring file, made up for these tests (no office publishes its own): two indicators of the
/// real BCIE activity 500459 in El Salvador and one of a program the ledger holds no money for.
public let syntheticMonitoring = """
    program,country,indicator,ascending,baseline,period_start,period_end,target,actual
    XM-DAC-46007-500459,SV,Judges trained in oral trial procedure,true,0,2024-01-01,2024-12-31,200,150
    XM-DAC-46007-500459,SV,Judges trained in oral trial procedure,true,0,2025-01-01,2025-06-30,300,290
    XM-DAC-46007-500459,sv,Case backlog in pilot courts,false,1200,2025-01-01,2025-06-30,900,1100
    SYNTHETIC-OFFICE-SV-001,SV,Municipal violence prevention plans adopted,TRUE,,2025-01-01,2025-06-30,10,3
    SYNTHETIC-OFFICE-SV-001,SV,Municipal violence prevention plans adopted,true,,2025-07-01,2025-12-31,20,

    """

/// An IATI file made up for these tests, made on 1 May 2025 (its generated-datetime) with one El Salvador
/// justice activity, as the World Bank's files report a project's end-of-life targets with the values to date: a
/// period that ended before the file without an actual, one that ended after it without one, and one that ended
/// after it with the value the file knew then.
public let syntheticAfterFileActivity = """
    <iati-activities version="2.03" generated-datetime="2025-05-01T08:00:00Z"><iati-activity
      last-updated-datetime="2025-04-30T00:00:00" default-currency="USD">
    <iati-identifier>SYNTHETIC-AFTER-1</iati-identifier>
    <reporting-org ref="US-GOV-1"><narrative>X</narrative></reporting-org>
    <title><narrative>Court administration</narrative></title><recipient-country code="SV"/>
    <sector code="15130"/><transaction><transaction-type code="2"/>
    <transaction-date iso-date="2024-01-15"/><value value-date="2024-01-15">1000.00</value></transaction>
    <result type="1"><title><narrative>Courts</narrative></title>
    <indicator measure="1" ascending="1"><title><narrative>Cases closed</narrative></title>
    <period><period-start iso-date="2025-01-01"/><period-end iso-date="2025-03-31"/>
      <target value="100"/></period>
    <period><period-start iso-date="2025-04-01"/><period-end iso-date="2025-06-30"/>
      <target value="150"/></period>
    </indicator>
    <indicator measure="1" ascending="1"><title><narrative>Judges trained</narrative></title>
    <period><period-start iso-date="2024-01-01"/><period-end iso-date="2025-09-30"/>
      <target value="40"/><actual value="10"/></period>
    </indicator></result>
    </iati-activity></iati-activities>
    """
