/// Turns ``TableContents`` into the bytes of a table file, version 1.0
/// (article: "Layout and alignment"). Deterministic: equal contents give
/// byte-identical files (no time, no randomness; zstd at a fixed level).
package enum TableEncoder {
    /// The whole file.
    ///
    /// - Parameter path: named in errors only.
    /// - Throws: ``VoucherTableError`` with code `contents` when `contents`
    ///   break a rule or limit of the format (article: "Limits").
    package static func encode(_ contents: TableContents, path: String = "<memory>") throws(VoucherTableError) -> [UInt8] {
        try check(contents, path: path)
        let payloads: [(SectionKind, [UInt8])] = [
            (.hot, HotSectionEncoder.encode(contents)),
            (.configuration, ColdSections.encodeConfiguration(contents.segments)),
            (.countries, ColdSections.encodeCountries(contents.countries)),
            (.histograms, ColdSections.encodeHistograms(contents.countries)),
            (.summary, ColdSections.encodeSummary(contents.summary)),
            (.sources, ColdSections.encodeSources(contents.sources)),
        ]
        var header = TableHeader()
        var stored: [[UInt8]] = []
        var offset = TableFormat.firstSectionOffset(sectionCount: payloads.count)
        for (kind, payload) in payloads {
            guard payload.count <= TableFormat.maxSectionLength else {
                throw .contents(path, "section \(kind) would be \(payload.count) bytes, over the limit \(TableFormat.maxSectionLength)")
            }
            let bytes = kind == .hot ? payload : try Zstd.compress(payload, path: path)
            header.sections.append(SectionEntry(
                kind: kind.rawValue, encoding: kind == .hot ? TableFormat.encodingRaw : TableFormat.encodingZstd,
                offset: UInt64(offset), length: UInt32(bytes.count), decodedLength: UInt32(payload.count),
                checksum: CRC32.checksum(bytes)))
            stored.append(bytes)
            offset = TableFormat.aligned(offset + bytes.count)
        }
        header.fileLength = UInt64(offset)
        var file = header.encode()
        file.reserveCapacity(offset)
        for bytes in stored {
            file.append(contentsOf: bytes)
            while file.count % TableFormat.sectionAlignment != 0 { file.append(0) }
        }
        return file
    }

    /// The format's rules and limits on what it stores.
    static func check(_ contents: TableContents, path: String) throws(VoucherTableError) {
        func fail(_ message: String) -> VoucherTableError { .contents(path, message) }
        // The segments' limits are checked when a SegmentConfiguration is made.
        let segments = contents.segments.segments
        guard contents.countries.count <= TableFormat.maxCountries else {
            throw fail("\(contents.countries.count) countries exceed the limit \(TableFormat.maxCountries)")
        }
        var keys = Set<String>()
        for country in contents.countries {
            guard let key = TableKey.key(country.key), key == country.key, key.utf8.count <= TableFormat.maxStringLength else {
                throw fail("country key '\(country.key)' is empty, too long or not trimmed and lower-cased (behaviour §2)")
            }
            guard keys.insert(key).inserted else { throw fail("country key '\(key)' appears twice") }
            guard country.entries.count == segments.count,
                  zip(country.entries, segments).allSatisfy({ $0.count == $1.buckets.count }) else {
                throw fail("country '\(key)': entries do not have one row per segment and one entry per bucket")
            }
            let histograms = [country.amounts] + country.entries.joined().map(\.histogram)
            guard histograms.allSatisfy({ $0.amounts.count == $0.counts.count }) else {
                throw fail("country '\(key)': a histogram has different numbers of amounts and counts")
            }
            guard country.entries.joined().allSatisfy({ $0.samples >= 0 }) else {
                throw fail("country '\(key)': an entry has a negative sample count")
            }
        }
        for source in contents.sources where source.sha256.count != TableFormat.sha256Length {
            throw fail("source '\(source.name)': SHA-256 is \(source.sha256.count) bytes, not \(TableFormat.sha256Length)")
        }
    }
}
