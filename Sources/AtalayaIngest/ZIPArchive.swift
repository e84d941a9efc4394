internal import CZlibInflate
import Foundation

// MARK: - ZIP archives read in place, every read bounded by the archive's own sizes

/// A ZIP archive's directory, and each entry's bytes streamed (stored or deflated) without reading past the entry's
/// compressed size, so that damaged data ends in an error rather than a loop. Reads what Office writes: one disk, no
/// ZIP64, no encryption; other archives are refused with what they are.
///
/// Written for workbooks after ZIPFoundation's inflate (0.9.20, Linux) was found by fuzzing to spin forever on a
/// 17 KB workbook whose deflate stream runs to the end of the file (weichsel/ZIPFoundation#389).
final class ZIPArchive {
    /// One entry of the central directory.
    struct Entry {
        /// The name, as stored (`xl/workbook.xml`).
        let path: String
        /// 0 stored, 8 deflated.
        let method: UInt16
        /// The CRC-32 of the entry's bytes.
        let checksum: UInt32
        /// The size of the stored data.
        let compressedSize: UInt64
        /// The size once inflated, as the directory claims it.
        let uncompressedSize: UInt64
        /// Where the entry's local header starts.
        let localHeaderOffset: UInt64
    }

    /// Why an archive or an entry cannot be read.
    struct Damaged: Error, CustomStringConvertible {
        /// What is wrong, in a reader's words.
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The largest central directory read (Office's run to a few KB).
    static let maxDirectoryBytes = 16 << 20

    private let descriptor: Int32
    private let fileSize: UInt64
    private let entries: [String: Entry]

    /// Opens the archive at `path` and reads its central directory.
    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Damaged("cannot open: \(String(cString: strerror(errno)))") }
        do {
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_size >= 22 else {
                throw Damaged("too short to be a ZIP archive")
            }
            fileSize = UInt64(status.st_size)
            entries = try Self.directory(descriptor: descriptor, fileSize: fileSize)
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    /// The entry named `path`, if the archive has one.
    subscript(path: String) -> Entry? { entries[path] }

    /// Hands `entry`'s bytes to `consumer` in chunks of at most `chunkSize`, inflating them when deflated, and
    /// returns their CRC-32. Never reads past the entry's compressed size: a deflate stream that has not ended there
    /// is damaged.
    func extract(_ entry: Entry, chunkSize: Int, consumer: (UnsafeRawBufferPointer) throws -> Void) throws -> UInt32 {
        precondition(chunkSize > 0 && chunkSize <= Int(UInt32.max), "a chunk holds 1 byte to 4 GB")
        let header = try read(at: entry.localHeaderOffset, count: 30)
        guard Self.uint32(header, 0) == 0x0403_4b50 else { throw Damaged("\(entry.path) has no local header") }
        let start = entry.localHeaderOffset + 30 + UInt64(Self.uint16(header, 26)) + UInt64(Self.uint16(header, 28))
        guard start <= fileSize, entry.compressedSize <= fileSize - start else {
            throw Damaged("\(entry.path)'s data runs past the end of the file")
        }
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { input.deallocate() }
        var checksum = crc32(0, nil, 0)
        var position = start
        var remaining = entry.compressedSize
        switch entry.method {
        case 0:
            while remaining > 0 {
                let count = Int(min(UInt64(chunkSize), remaining))
                try read(into: input, count: count, at: position)
                position += UInt64(count)
                remaining -= UInt64(count)
                let chunk = UnsafeRawBufferPointer(rebasing: input[..<count])
                checksum = crc32(checksum, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(count))
                try consumer(chunk)
            }
        case 8:
            let output = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
            defer { output.deallocate() }
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw Damaged("zlib cannot start inflating")
            }
            defer { inflateEnd(&stream) }
            var ended = false
            while !ended {
                guard remaining > 0 else {
                    throw Damaged("\(entry.path)'s deflated data ends before its deflate stream does")
                }
                let count = Int(min(UInt64(chunkSize), remaining))
                try read(into: input, count: count, at: position)
                position += UInt64(count)
                remaining -= UInt64(count)
                stream.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
                // Each turn either fills the output (handed on, so the consumer's limit bounds the turns) or stops.
                repeat {
                    stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(chunkSize)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    switch result {
                    case Z_STREAM_END: ended = true
                    case Z_OK, Z_BUF_ERROR: break
                    default: throw Damaged("\(entry.path)'s deflated data is damaged (zlib error \(result))")
                    }
                    let produced = chunkSize - Int(stream.avail_out)
                    if produced > 0 {
                        let chunk = UnsafeRawBufferPointer(rebasing: output[..<produced])
                        checksum = crc32(
                            checksum, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(produced))
                        try consumer(chunk)
                    }
                } while stream.avail_out == 0 && !ended
            }
        default:
            throw Damaged("\(entry.path) is compressed by method \(entry.method), which Atalaya does not read")
        }
        return UInt32(truncatingIfNeeded: checksum)
    }

    // MARK: Reading the directory

    /// The central directory, by name (the first entry of a name kept).
    private static func directory(descriptor: Int32, fileSize: UInt64) throws -> [String: Entry] {
        // The end record is the last 22 bytes, or further back by a comment of at most 65,535 bytes.
        let tailLength = Int(min(fileSize, 22 + 65_535))
        let tail = try read(
            descriptor: descriptor, fileSize: fileSize, at: fileSize - UInt64(tailLength), count: tailLength)
        guard
            let end = stride(from: tailLength - 22, through: 0, by: -1).first(where: { uint32(tail, $0) == 0x0605_4b50 }
            )
        else { throw Damaged("no end of central directory: not a ZIP archive, or cut short") }
        let endPosition = fileSize - UInt64(tailLength) + UInt64(end)
        let count = uint16(tail, end + 10)
        let size = UInt64(uint32(tail, end + 12))
        let offset = UInt64(uint32(tail, end + 16))
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else {
            throw Damaged("a ZIP64 archive, which Atalaya does not read")
        }
        guard uint16(tail, end + 4) == 0, uint16(tail, end + 6) == 0 else {
            throw Damaged("an archive split over several disks")
        }
        guard offset <= endPosition, size <= endPosition - offset, size <= maxDirectoryBytes else {
            throw Damaged("the central directory lies outside the file")
        }
        let directory = try read(descriptor: descriptor, fileSize: fileSize, at: offset, count: Int(size))
        var entries: [String: Entry] = [:]
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= directory.count, uint32(directory, at) == 0x0201_4b50 else {
                throw Damaged("the central directory is damaged")
            }
            let nameLength = Int(uint16(directory, at + 28))
            let next = at + 46 + nameLength + Int(uint16(directory, at + 30)) + Int(uint16(directory, at + 32))
            guard next <= directory.count else { throw Damaged("the central directory is damaged") }
            let path = String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let compressed = UInt64(uint32(directory, at + 20))
            let uncompressed = UInt64(uint32(directory, at + 24))
            let local = UInt64(uint32(directory, at + 42))
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw Damaged("a ZIP64 archive, which Atalaya does not read")
            }
            guard uint16(directory, at + 8) & 1 == 0 else { throw Damaged("\(path) is encrypted") }
            if entries[path] == nil {
                entries[path] = Entry(
                    path: path, method: uint16(directory, at + 10), checksum: uint32(directory, at + 16),
                    compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: local)
            }
            at = next
        }
        return entries
    }

    // MARK: Bytes

    private func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        try Self.read(descriptor: descriptor, fileSize: fileSize, at: offset, count: count)
    }

    private static func read(descriptor: Int32, fileSize: UInt64, at offset: UInt64, count: Int) throws -> [UInt8] {
        guard offset <= fileSize, UInt64(count) <= fileSize - offset else { throw Damaged("cut short") }
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try readFully(descriptor: descriptor, into: $0, count: count, at: offset) }
        return bytes
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer, count: Int, at offset: UInt64) throws {
        try Self.readFully(descriptor: descriptor, into: buffer, count: count, at: offset)
    }

    /// Reads exactly `count` bytes at `offset`; the file ending sooner is an error.
    private static func readFully(
        descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, count: Int, at offset: UInt64
    ) throws {
        guard count > 0, let base = buffer.baseAddress else { return }
        var done = 0
        while done < count {
            let got = pread(descriptor, base + done, count - done, off_t(offset) + off_t(done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else {
                throw Damaged(got == 0 ? "cut short" : "cannot read: \(String(cString: strerror(errno)))")
            }
            done += got
        }
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
