import AtalayaStore
import Foundation
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("a ledger's timestamps are what Foundation's ISO 8601 format writes, in UTC to the second")
    func sameAsFoundation() {
        // 1970, the billennium, a leap day, a year's last second, a single-digit month and day, and the last second
        // of 9999.
        for seconds in [0, 1_000_000_000, 1_709_164_800, 1_735_689_599, 1_772_787_661, 253_402_300_799] {
            let foundation = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
            #expect(Timestamp.format(secondsSince1970: seconds) == foundation)
        }
        #expect(Timestamp.format(secondsSince1970: 1_709_164_800) == "2024-02-29T00:00:00Z")
        let before = Int(Date().timeIntervalSince1970)
        let now = Timestamp.now()
        let after = Int(Date().timeIntervalSince1970)
        #expect(
            (before...after).map { Timestamp.format(secondsSince1970: $0) }.contains(now),
            "\(now) is not between \(before) and \(after)")
    }
}
