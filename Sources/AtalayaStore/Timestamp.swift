import Foundation

/// The times a ledger records (when a file was imported, a crosswalk applied, a signer added).
public enum Timestamp {
    /// Now, in UTC to the second, as ISO 8601 writes it (`2026-12-07T23:52:46Z`, what Foundation's `.iso8601`
    /// format gives). Made from `gmtime_r`: Foundation's first format of a date sets up its calendar and time zone,
    /// about 1 ms at the start of every import.
    public static func now() -> String {
        format(secondsSince1970: Int(time(nil)))
    }

    /// A time in seconds since 1970 (years 1970 to 9999), in UTC, as `now()` writes it.
    public static func format(secondsSince1970 seconds: Int) -> String {
        precondition((0...253_402_300_799).contains(seconds), "a time outside the years 1970–9999")
        var clock = time_t(seconds)
        var parts = tm()
        gmtime_r(&clock, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
