// MARK: - Which of an activity's titles a list shows: one SQL expression both engines run

/// The title a list shows for an IATI activity: the first in the reader's language when the file gives one in it
/// (USAID's files give most Spanish-speaking countries' activities an `xml:lang="es"` title beside the English), else
/// the first in English, else its first; empty when it has none. A title that names no language is in the activity's
/// default one (`xml:lang` on `iati-activity`), as `Activity.title(preferring:)` reads it; one with neither sorts
/// after both, on either engine (`COALESCE`: PostgreSQL sorts a NULL comparison first in descending order, SQLite
/// last).
public enum TitleSQL {
    /// The expression for the activity row `activity` (the alias of an `activity` table in the query), preferring
    /// `language`; a language that is not two or three lower-case letters is taken as English (it is written into
    /// the SQL).
    public static func preferred(activity: String, language: String = "en") -> String {
        let code = isLanguageCode(language) ? language : "en"
        // The default language comes through the subquery's own join: SQLite resolves no outer column in its
        // ORDER BY.
        let spoken = "COALESCE(n.language, d.default_language)"
        let order =
            (code == "en" ? "" : "COALESCE(\(spoken) = '\(code)', false) DESC, ")
            + "COALESCE(\(spoken) = 'en', false) DESC, n.seq"
        return """
            COALESCE((SELECT n.text FROM narrative n JOIN activity d ON d.id = n.activity_id
                      WHERE n.activity_id = \(activity).id AND n.owner = 'title' ORDER BY \(order) LIMIT 1), '')
            """
    }

    /// True for an ISO 639-1 or 639-2 code as IATI files write them: two or three lower-case ASCII letters.
    static func isLanguageCode(_ text: String) -> Bool {
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        return (2...3).contains(text.utf8.count) && text.utf8.allSatisfy { letters.contains($0) }
    }
}
