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
