import VoucherTable

/// The table reader on arbitrary bytes: opening validates every byte or
/// throws a `VoucherTableError`, never traps; after a successful open no
/// lookup traps or fails on the file's account. Every stored country is
/// found by its key (also upper-cased and padded with blanks, for ASCII
/// keys), every segment answers every metric value with a bucket in range
/// and buckets rise with the value, and the cold sections decode or throw.
///
/// ``runRepaired(_:)`` first makes the input pass the cheap checks (magic,
/// version, lengths, layout, padding, CRCs), so the fuzzer's mutations reach
/// the hot section's structure and the compressed sections.
public enum TableFuzz {
    /// Metric values tried for every country and segment, ascending.
    static let values: [Int64] = [0, 1, 2, 3, 5, 7, 13, 30, 37, 38, 61, 180, 365, 1 << 20, 1 << 40, Int64.max]

    static func run(_ data: UnsafeRawBufferPointer) {
        check(Array(data))
    }

    static func runRepaired(_ data: UnsafeRawBufferPointer) {
        check(repaired(Array(data)))
    }

    static func check(_ bytes: [UInt8]) {
        let table: VoucherTable
        do {
            table = try VoucherTable(bytes: bytes)
        } catch {
            _ = error.description
            return
        }
        let segments = table.segmentNames.count
        precondition(segments > 0, "a table without segments opened")
        for (segment, name) in table.segmentNames.enumerated() {
            let found = table.segmentIndex(named: name)
            precondition(found != nil && found! <= segment, "segment '\(name)' not found by its name")
            precondition(table.bucketCount(ofSegment: segment) > 0, "segment \(segment) has no buckets")
            _ = table.metric(ofSegment: segment)
        }
        for key in table.countryKeys.prefix(64) {
            for segment in 0 ..< segments {
                var previous = -1
                for value in values {
                    let answer: VoucherLookup
                    do {
                        answer = try table.lookup(country: key, segment: segment, metricValue: value)
                    } catch {
                        preconditionFailure("country '\(key)', segment \(segment), value \(value): \(error)")
                    }
                    precondition(answer.segment == segment, "answered for segment \(answer.segment), asked \(segment)")
                    precondition(answer.bucket >= previous && answer.bucket < table.bucketCount(ofSegment: segment),
                                 "bucket \(answer.bucket) for value \(value) (previous \(previous))")
                    previous = answer.bucket
                    _ = table.bucketName(segment: segment, bucket: answer.bucket)
                    if key.utf8.allSatisfy({ $0 < 0x80 }) {
                        let padded = " \t" + key.uppercased() + " "
                        let again = try? table.lookup(country: padded, segment: segment, metricValue: value)
                        precondition(again == answer, "'\(padded)' answers \(String(describing: again)), '\(key)' \(answer)")
                    }
                }
                do {
                    _ = try table.lookup(country: key, segment: segment, metricValue: -1)
                    preconditionFailure("a negative metric value was answered")
                } catch {
                    precondition(error == .negativeMetric, "a negative metric value: \(error)")
                }
            }
        }
        do {
            let contents = try table.contents()
            precondition(contents.countries.map(\.key) == table.countryKeys, "the cold sections' countries differ")
        } catch {
            _ = error.description
        }
    }

    /// `input` made into a file that passes the checks before the hot
    /// section's: the header and the six directory entries are taken from
    /// the input's first 232 bytes and corrected (magic, version 1.0,
    /// lengths, kinds in order, encodings, reserved fields); each section's
    /// bytes are taken in turn from the input after the directory's 8-byte
    /// trailer, as long as its entry's length asks (cut to what is left),
    /// skipping padding to the next multiple of 8; then the layout, padding,
    /// file length and every CRC-32 are set.
    public static func repaired(_ input: [UInt8]) -> [UInt8] {
        let count = TableFormat.sectionOrder.count
        let directoryEnd = TableFormat.headerLength + count * TableFormat.directoryEntryLength
        var head = Array(input.prefix(directoryEnd))
        head += [UInt8](repeating: 0, count: directoryEnd - head.count)
        var rest = input.dropFirst(TableFormat.firstSectionOffset(sectionCount: count))
        func u32(_ at: Int) -> UInt32 {
            UInt32(head[at]) | UInt32(head[at + 1]) << 8 | UInt32(head[at + 2]) << 16 | UInt32(head[at + 3]) << 24
        }
        var header = TableHeader()
        var sections: [[UInt8]] = []
        var offset = TableFormat.firstSectionOffset(sectionCount: count)
        for (index, kind) in TableFormat.sectionOrder.enumerated() {
            let at = TableFormat.headerLength + index * TableFormat.directoryEntryLength
            let length = min(Int(u32(at + 16)), rest.count)
            let section = Array(rest.prefix(length))
            rest = rest.dropFirst(TableFormat.aligned(length))
            let zstd = kind != .hot && u32(at + 4) & 1 == 1
            let entry = SectionEntry(kind: kind.rawValue,
                                     encoding: zstd ? TableFormat.encodingZstd : TableFormat.encodingRaw,
                                     offset: UInt64(offset), length: UInt32(length),
                                     decodedLength: zstd ? u32(at + 20) : UInt32(length),
                                     checksum: section.withUnsafeBytes { CRC32.checksum($0) })
            header.sections.append(entry)
            sections.append(section)
            offset = TableFormat.aligned(offset + length)
        }
        header.fileLength = UInt64(offset)
        var file = header.encode()
        for section in sections {
            file += section
            file += [UInt8](repeating: 0, count: TableFormat.aligned(file.count) - file.count)
        }
        precondition(file.count == offset, "the repaired layout is \(file.count) bytes, expected \(offset)")
        return file
    }
}
