// MARK: - Compressed and archived files, known by their first bytes

/// Names a compressed or archived file by its first bytes, so that a reader refuses it as what it is rather than
/// reporting the parse error its bytes happen to cause.
enum ArchiveMagic {
    private static let known: [(magic: [UInt8], what: String)] = [
        ([0x1F, 0x8B], "gzip-compressed; decompress it first (gunzip)"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive; extract the file from it first"),
        ([0x42, 0x5A, 0x68], "bzip2-compressed; decompress it first (bunzip2)"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed; decompress it first (unxz)"),
    ]

    /// "gzip-compressed; decompress it first (gunzip)" and the like, or nil when `head` starts as none of them.
    static func describe(_ head: some Collection<UInt8>) -> String? {
        known.first { head.starts(with: $0.magic) }?.what
    }
}
