// MARK: - Elements read where they lie

extension Array {
    /// Calls `body` with each element's position and the element itself, read in place: `for (i, x) in
    /// enumerated()` and `self[i]` hand over a copy, which for a struct of texts (an IATI transaction holds a dozen)
    /// retains each text and releases it again, on objects another thread made.
    @inlinable
    public func forEachInPlace(_ body: (_ index: Int, _ element: Element) throws -> Void) rethrows {
        try withUnsafeBufferPointer { elements in
            for index in elements.indices { try body(index, elements[index]) }
        }
    }
}
