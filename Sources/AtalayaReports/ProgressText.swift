public import AtalayaDomain

// MARK: - A reading's progress, or why it has none, in words

extension ReportLanguage {
    /// A reading's progress as a percentage, or `n/a:` and why it cannot be assessed (`n/a: target equals the
    /// baseline`), so that a reader knows what to fix.
    public func progress(_ reading: IndicatorReading) -> String {
        if let progress = reading.progress { return ShareText.percent(progress) }
        return pick("n/a", "s/d")
            + (reading.unassessable.map { ": " + unassessable($0, ascending: reading.ascending) } ?? "")
    }

    /// Why a reading cannot be assessed, in words; `ascending` is the indicator's direction.
    public func unassessable(_ reason: IndicatorReading.Unassessable, ascending: Bool) -> String {
        switch reason {
        case .missingValue: pick("no target or no actual", "sin meta o sin valor real")
        case .notANumber: pick("a value is not a number", "un valor no es un número")
        case .targetIsBaseline: pick("target equals the baseline", "meta igual a la línea de base")
        case .wrongDirection:
            ascending
                ? pick(
                    "target below the baseline, yet higher is better",
                    "meta bajo la línea de base, aunque más alto es mejor"
                )
                : pick(
                    "target above the baseline, yet lower is better",
                    "meta sobre la línea de base, aunque más bajo es mejor")
        case .outOfRange: pick("values too far apart to compare", "valores demasiado distantes para compararse")
        }
    }
}
