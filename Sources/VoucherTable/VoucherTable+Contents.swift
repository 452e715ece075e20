extension VoucherTable {
    /// The decoded bytes of one section (decompressed when stored with zstd).
    /// Reads the mapping; allocates the result. Callable from any thread.
    ///
    /// - Throws: ``VoucherTableError`` (`format`) when a compressed section
    ///   does not decode to its declared length.
    package func sectionBytes(_ kind: SectionKind) throws(VoucherTableError) -> [UInt8] {
        let entry = header.sections[TableFormat.sectionOrder.firstIndex(of: kind)!]
        let stored = region.slice(Int(entry.offset), Int(entry.length))
        guard entry.isCompressed else { return Array(stored) }
        return try Zstd.decompress(stored, decodedLength: Int(entry.decodedLength), path: path, section: entry.name,
                                   offset: Int(entry.offset))
    }

    /// Everything the table holds, decoded from every section: exactly the
    /// ``TableContents`` it was written from. Not for the lookup path:
    /// decompresses and allocates. Callable from any thread.
    ///
    /// - Throws: ``VoucherTableError`` (`format`) when a compressed section is
    ///   malformed or disagrees with the hot section.
    package func contents() throws(VoucherTableError) -> TableContents {
        let segments = try decode(.configuration) { (reader, fail) throws(VoucherTableError) in
            try ColdSections.decodeConfiguration(&reader, fail: fail)
        }
        let hotSegments = (0 ..< hot.segmentCount).map { segment in
            (hot.segmentName(segment), hot.metric(ofSegment: segment),
             (0 ..< hot.bucketCount(ofSegment: segment)).map { hot.bucketName(segment: segment, bucket: $0) })
        }
        guard segments.segments.map({ ($0.name, $0.metric, $0.buckets.map(\.name)) }).elementsEqual(hotSegments, by: ==) else {
            throw mismatch(.configuration, "the segments differ from the hot section's")
        }
        let countries = try decode(.countries) { (reader, _) throws(VoucherTableError) in
            try ColdSections.decodeCountries(&reader)
        }
        guard countries.map(\.key) == countryKeys else { throw mismatch(.countries, "the keys differ from the hot section's") }
        let bucketCounts = segments.segments.map(\.buckets.count)
        let histograms = try decode(.histograms) { (reader, _) throws(VoucherTableError) in
            var all: [[AmountHistogram]] = []
            for _ in countries.indices {
                all.append(try (0 ... bucketCounts.reduce(0, +)).map { _ throws(VoucherTableError) in
                    try ColdSections.decodeHistogram(&reader)
                })
            }
            return all
        }
        let summary = try decode(.summary) { (reader, _) throws(VoucherTableError) in try ColdSections.decodeSummary(&reader) }
        let sources = try decode(.sources) { (reader, _) throws(VoucherTableError) in try ColdSections.decodeSources(&reader) }

        var result: [CountryContents] = []
        for (index, country) in countries.enumerated() {
            var entries: [[TableEntry]] = []
            var next = 1
            for (segment, count) in bucketCounts.enumerated() {
                entries.append((0 ..< count).map { bucket in
                    let lower = hot.lowerBound(segment: segment, bucket: bucket)
                    let answer = hot.entry(country: index, segment: segment, value: lower)
                    defer { next += 1 }
                    return TableEntry(amount: answer.amount, samples: answer.samples, isFallback: answer.isFallback,
                                      histogram: histograms[index][next])
                })
            }
            result.append(CountryContents(key: country.key, displayName: country.displayName, keptRows: country.keptRows,
                                          amounts: histograms[index][0], entries: entries))
        }
        return TableContents(segments: segments, countries: result, summary: summary, sources: sources)
    }

    /// Decodes section `kind` with `body`, which must consume every byte.
    private func decode<T>(_ kind: SectionKind,
                           _ body: (inout ByteReader, (String, String) -> VoucherTableError) throws(VoucherTableError) -> T)
        throws(VoucherTableError) -> T {
        let offset = Int(header.sections[TableFormat.sectionOrder.firstIndex(of: kind)!].offset)
        let fail = { (field: String, message: String) -> VoucherTableError in
            .format(self.path, "\(kind)", field: field, offset: offset, message)
        }
        var reader = ByteReader(try sectionBytes(kind), failure: fail)
        let value = try body(&reader, fail)
        try reader.expectEnd()
        return value
    }

    private func mismatch(_ kind: SectionKind, _ message: String) -> VoucherTableError {
        let offset = Int(header.sections[TableFormat.sectionOrder.firstIndex(of: kind)!].offset)
        return .format(path, "\(kind)", offset: offset, message)
    }
}
