/// The decoded bytes of the compressed sections (article: "Compressed
/// sections"): encode and decode side by side, field by field.
enum ColdSections {
    /// Section `configuration`: segment names, metric codes, bucket names.
    static func encodeConfiguration(_ configuration: SegmentConfiguration) -> [UInt8] {
        var out = ByteWriter()
        out.u32(UInt32(configuration.segments.count))
        for segment in configuration.segments {
            out.string(segment.name)
            out.u32(TableFormat.metricCode(segment.metric))
            out.u32(UInt32(segment.buckets.count))
            for bucket in segment.buckets { out.string(bucket.name) }
        }
        return out.bytes
    }

    static func decodeConfiguration(_ reader: inout ByteReader, fail: (String, String) -> VoucherTableError)
        throws(VoucherTableError) -> SegmentConfiguration {
        var segments: [Segment] = []
        for _ in 0 ..< (try reader.count("segmentCount", minimumItemLength: 12)) {
            let name = try reader.string("segment.name")
            let code = try reader.u32("segment.metric")
            guard let metric = TableFormat.metric(code: code) else { throw fail("segment.metric", "unknown metric code \(code)") }
            var bucketNames: [String] = []
            for _ in 0 ..< (try reader.count("segment.bucketCount", minimumItemLength: 4)) {
                bucketNames.append(try reader.string("bucket.name"))
            }
            do throws(SegmentConfigurationError) { segments.append(try Segment(name: name, metric: metric, bucketNames: bucketNames)) } catch {
                throw fail("segment", error.message)
            }
        }
        do throws(SegmentConfigurationError) { return try SegmentConfiguration(segments: segments) } catch { throw fail("segments", error.message) }
    }

    /// Section `countries`: key, display name and kept rows of each country.
    static func encodeCountries(_ countries: [CountryContents]) -> [UInt8] {
        var out = ByteWriter()
        out.u32(UInt32(countries.count))
        for country in countries {
            out.string(country.key)
            out.string(country.displayName)
            out.int(country.keptRows)
        }
        return out.bytes
    }

    static func decodeCountries(_ reader: inout ByteReader) throws(VoucherTableError)
        -> [(key: String, displayName: String, keptRows: Int)] {
        var countries: [(key: String, displayName: String, keptRows: Int)] = []
        for _ in 0 ..< (try reader.count("countryCount", minimumItemLength: 16)) {
            countries.append((try reader.string("country.key"), try reader.string("country.displayName"),
                              try reader.int("country.keptRows")))
        }
        return countries
    }

    /// Section `histograms`: per country its overall histogram, then one per
    /// (segment, bucket) in configuration order. No count of its own: the
    /// other sections give the shape.
    static func encodeHistograms(_ countries: [CountryContents]) -> [UInt8] {
        var out = ByteWriter()
        func histogram(_ histogram: AmountHistogram) {
            out.u32(UInt32(histogram.amounts.count))
            for (amount, count) in zip(histogram.amounts, histogram.counts) {
                out.i64(amount)
                out.int(count)
            }
        }
        for country in countries {
            histogram(country.amounts)
            for entry in country.entries.joined() { histogram(entry.histogram) }
        }
        return out.bytes
    }

    static func decodeHistogram(_ reader: inout ByteReader) throws(VoucherTableError) -> AmountHistogram {
        var histogram = AmountHistogram()
        for _ in 0 ..< (try reader.count("histogram.count", minimumItemLength: 16)) {
            histogram.amounts.append(try reader.i64("histogram.amount"))
            histogram.counts.append(try reader.int("histogram.rows"))
        }
        return histogram
    }

    /// Section `summary`: rows read, kept, and dropped per reason in order.
    static func encodeSummary(_ summary: CleaningSummary) -> [UInt8] {
        var out = ByteWriter()
        out.int(summary.rowsRead)
        out.int(summary.kept)
        out.u32(UInt32(summary.dropped.count))
        for (reason, count) in summary.dropped {
            out.string(reason)
            out.int(count)
        }
        return out.bytes
    }

    static func decodeSummary(_ reader: inout ByteReader) throws(VoucherTableError) -> CleaningSummary {
        let rowsRead = try reader.int("rowsRead")
        let kept = try reader.int("kept")
        var dropped: [(reason: String, count: Int)] = []
        for _ in 0 ..< (try reader.count("reasonCount", minimumItemLength: 12)) {
            dropped.append((try reader.string("reason"), try reader.int("reason.count")))
        }
        return CleaningSummary(rowsRead: rowsRead, kept: kept, dropped: dropped)
    }

    /// Section `sources`: name, size and SHA-256 of each history file.
    static func encodeSources(_ sources: [SourceIdentity]) -> [UInt8] {
        var out = ByteWriter()
        out.u32(UInt32(sources.count))
        for source in sources {
            out.string(source.name)
            out.i64(source.size)
            out.raw(source.sha256)
        }
        return out.bytes
    }

    static func decodeSources(_ reader: inout ByteReader) throws(VoucherTableError) -> [SourceIdentity] {
        var sources: [SourceIdentity] = []
        for _ in 0 ..< (try reader.count("sourceCount", minimumItemLength: 44)) {
            sources.append(SourceIdentity(name: try reader.string("source.name"), size: try reader.i64("source.size"),
                                          sha256: Array(try reader.take(TableFormat.sha256Length, "source.sha256"))))
        }
        return sources
    }
}
