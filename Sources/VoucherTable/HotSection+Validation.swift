extension HotSection {
    /// Reads the hot section's header and checks every structure lookups
    /// rely on (step 9 of the article's "Validation on open"): canonical area
    /// offsets, slot contents, key and name bounds and UTF-8, every key
    /// reachable by probing, segment and bucket records, bucket maps,
    /// amount indices, entry flags.
    ///
    /// - Parameters:
    ///   - section: the section's bytes (its CRC-32 already checked).
    ///   - fileOffset: where the section starts in the file, for messages.
    init(_ section: UnsafeRawBufferPointer, fileOffset: Int, path: String) throws(VoucherTableError) {
        func fail(_ field: String, _ at: Int, _ message: String) -> VoucherTableError {
            .format(path, "hot", field: field, offset: fileOffset + at, message)
        }
        guard section.count >= TableFormat.hotHeaderLength, let p = section.baseAddress else {
            throw fail("length", 0, "the section is \(section.count) bytes, shorter than its \(TableFormat.hotHeaderLength)-byte header")
        }
        let c = Int(p.u32(at: 0)), s = Int(p.u32(at: 4)), b = Int(p.u32(at: 8)), n = Int(p.u32(at: 12))
        let a = Int(p.u32(at: 16)), m = Int(p.u32(at: 20)), t = Int(p.u32(at: 24))
        guard p.u32(at: 28) == 0 else { throw fail("reserved", 28, "the reserved field is not 0") }
        guard c <= TableFormat.maxCountries else { throw fail("countryCount", 0, "\(c) countries exceed the limit \(TableFormat.maxCountries)") }
        guard s >= 1, s <= TableFormat.maxSegments else { throw fail("segmentCount", 4, "\(s) segments; expected 1…\(TableFormat.maxSegments)") }
        guard b <= s * TableFormat.maxBucketsPerSegment else { throw fail("bucketCount", 8, "\(b) buckets exceed \(s) × \(TableFormat.maxBucketsPerSegment)") }
        guard n >= 1, n & (n - 1) == 0, n >= 2 * c, n <= 1 << 31 else {
            throw fail("slotCount", 12, "slot count \(n) is not a power of two ≥ 2 × \(c) countries")
        }
        // Canonical layout: the areas follow one another in a fixed order.
        var offsets = [TableFormat.hotHeaderLength]
        for length in [n * TableFormat.slotLength, c * TableFormat.countryRecordLength, s * TableFormat.segmentRecordLength,
                       b * TableFormat.bucketRecordLength, a * TableFormat.amountLength,
                       c * b * TableFormat.entryRecordLength, m] {
            offsets.append(offsets.last! + length)
        }
        let names = ["slotsOffset", "countriesOffset", "segmentsOffset", "bucketsOffset", "amountsOffset",
                     "entriesOffset", "bucketMapOffset", "stringsOffset"]
        for (index, name) in names.enumerated() where Int(p.u32(at: 32 + 4 * index)) != offsets[index] {
            throw fail(name, 32 + 4 * index, "\(name) is \(p.u32(at: 32 + 4 * index)); the counts place it at \(offsets[index])")
        }
        guard offsets.last! + t == section.count else {
            throw fail("stringsLength", 24, "the areas end at byte \(offsets.last! + t) of the section, which is \(section.count) bytes long")
        }
        self.init(countryCount: c, segmentCount: s, bucketCount: b, slotCount: n, amountCount: a, mapLength: m,
                  stringsLength: t, slots: p + offsets[0], countries: p + offsets[1], segments: p + offsets[2],
                  buckets: p + offsets[3], amounts: p + offsets[4], entries: p + offsets[5], bucketMap: p + offsets[6],
                  strings: p + offsets[7])
        try checkSlotsAndKeys { field, at, message in fail(field, at - p, message) }
        try checkSegments { field, at, message in fail(field, at - p, message) }
        try checkAmountsAndEntries { field, at, message in fail(field, at - p, message) }
    }

    private typealias Failure = (_ field: String, _ at: UnsafeRawPointer, _ message: String) -> VoucherTableError

    /// Strings-area bounds and UTF-8 of one string whose record is at `at`.
    private func checkString(_ offset: UInt32, _ length: UInt32, what: String, at: UnsafeRawPointer,
                             allowEmpty: Bool = false, _ fail: Failure) throws(VoucherTableError) {
        guard Int(offset) + Int(length) <= stringsLength, allowEmpty || length > 0,
              length <= TableFormat.maxStringLength else {
            throw fail("nameOffset", at, "\(what) (\(length) bytes at \(offset)) lies outside the \(stringsLength)-byte strings area or is empty")
        }
        let bytes = UnsafeRawBufferPointer(start: strings + Int(offset), count: Int(length))
        guard String(validating: bytes, as: UTF8.self) != nil else { throw fail("strings", at, "\(what) is not valid UTF-8") }
    }

    private func checkSlotsAndKeys(_ fail: Failure) throws(VoucherTableError) {
        var seen = [Bool](repeating: false, count: countryCount)
        for slot in 0 ..< slotCount {
            let record = slots + slot * TableFormat.slotLength
            let country = record.u32(at: 8)
            guard record.u32(at: 12) == 0 else { throw fail("slot.reserved", record + 12, "slot \(slot): reserved field is not 0") }
            if country == TableFormat.emptySlot {
                guard record.u64(at: 0) == 0 else { throw fail("slot.hash", record, "empty slot \(slot) has a non-zero hash") }
                continue
            }
            guard Int(country) < countryCount, !seen[Int(country)] else {
                throw fail("slot.country", record + 8, "slot \(slot) names country \(country): out of range (\(countryCount)) or named twice")
            }
            seen[Int(country)] = true
            let key = countries + Int(country) * TableFormat.countryRecordLength
            try checkString(key.u32(at: 0), key.u32(at: 4), what: "the key of country \(country)", at: key, fail)
            let bytes = UnsafeRawBufferPointer(start: strings + Int(key.u32(at: 0)), count: Int(key.u32(at: 4)))
            guard record.u64(at: 0) == TableKey.hash(bytes) else {
                throw fail("slot.hash", record, "slot \(slot): hash does not match country \(country)'s key")
            }
        }
        for country in 0 ..< countryCount {
            guard seen[country] else {
                throw fail("slots", slots, "country \(country) has no slot")
            }
            let record = countries + country * TableFormat.countryRecordLength
            let bytes = UnsafeBufferPointer(start: (strings + Int(record.u32(at: 0))).assumingMemoryBound(to: UInt8.self),
                                            count: Int(record.u32(at: 4)))
            guard countryIndex(key: bytes) == country else {
                throw fail("slots", record, "country \(country)'s key is not found by probing (duplicate key or misplaced slot)")
            }
        }
    }

    private func checkSegments(_ fail: Failure) throws(VoucherTableError) {
        var firstBucket = 0, firstMapByte = 0
        for segment in 0 ..< segmentCount {
            let record = segmentRecord(segment)
            try checkString(record.u32(at: 0), record.u32(at: 4), what: "the name of segment \(segment)", at: record, fail)
            for other in 0 ..< segment where segmentNameBytes(other).elementsEqual(segmentNameBytes(segment)) {
                throw fail("segment.name", record, "segment \(segment) has the same name as segment \(other)")
            }
            guard TableFormat.metric(code: record.u32(at: 8)) != nil else {
                throw fail("segment.metric", record + 8, "segment \(segment): unknown metric code \(record.u32(at: 8))")
            }
            let count = Int(record.u32(at: 12))
            guard count >= 1, count <= TableFormat.maxBucketsPerSegment, firstBucket + count <= bucketCount else {
                throw fail("segment.bucketCount", record + 12, "segment \(segment): \(count) buckets; 1…\(TableFormat.maxBucketsPerSegment) within \(bucketCount)")
            }
            guard Int(record.u32(at: 16)) == firstBucket, Int(record.u32(at: 20)) == firstMapByte,
                  record.u32(at: 28) == 0 else {
                throw fail("segment.firstBucket", record + 16, "segment \(segment): firstBucket, mapOffset or reserved is not the canonical \(firstBucket), \(firstMapByte), 0")
            }
            let openLower = Int(record.u32(at: 24))
            guard firstMapByte + openLower <= mapLength, Int64(openLower) == lowerBound(segment: segment, bucket: count - 1) else {
                throw fail("segment.mapLength", record + 24, "segment \(segment): map length \(openLower) is not its open bucket's lower bound or runs past the \(mapLength)-byte map")
            }
            for bucket in 0 ..< count {
                let bucketRecord = bucketRecord(segment: segment, bucket: bucket)
                let lower = bucketRecord.i64(at: 0)
                guard bucket == 0 ? lower == 0 : lower > lowerBound(segment: segment, bucket: bucket - 1) else {
                    throw fail("bucket.lowerBound", bucketRecord, "segment \(segment), bucket \(bucket): lower bound \(lower) does not start at 0 or ascend")
                }
                try checkString(bucketRecord.u32(at: 8), bucketRecord.u32(at: 12),
                                what: "the name of bucket \(bucket) of segment \(segment)", at: bucketRecord + 8, fail)
            }
            var bucket = 0
            for value in 0 ..< openLower {
                while bucket + 1 < count, lowerBound(segment: segment, bucket: bucket + 1) <= Int64(value) { bucket += 1 }
                guard Int(bucketMap.u8(at: firstMapByte + value)) == bucket else {
                    throw fail("bucketMap", bucketMap + firstMapByte + value, "segment \(segment): value \(value) maps to bucket \(bucketMap.u8(at: firstMapByte + value)), not \(bucket)")
                }
            }
            firstBucket += count
            firstMapByte += openLower
        }
        guard firstBucket == bucketCount, firstMapByte == mapLength else {
            throw fail("bucketCount", segments, "the segments hold \(firstBucket) buckets and \(firstMapByte) map bytes; the header says \(bucketCount) and \(mapLength)")
        }
    }

    private func checkAmountsAndEntries(_ fail: Failure) throws(VoucherTableError) {
        for index in 1 ..< max(1, amountCount) where amounts.i64(at: index * 8) <= amounts.i64(at: index * 8 - 8) {
            throw fail("amounts", amounts + index * 8, "amount \(index) does not ascend")
        }
        for index in 0 ..< countryCount * bucketCount {
            let record = entries + index * TableFormat.entryRecordLength
            guard Int(record.u32(at: 0)) < amountCount else {
                throw fail("entry.amountIndex", record, "entry \(index): amount index \(record.u32(at: 0)) is outside the \(amountCount)-amount dictionary")
            }
            guard record.u32(at: 4) & ~TableFormat.entryFlagFallback == 0 else {
                throw fail("entry.flags", record + 4, "entry \(index): unknown flags \(record.u32(at: 4))")
            }
            guard record.i64(at: 8) >= 0 else { throw fail("entry.samples", record + 8, "entry \(index): negative sample count") }
        }
    }
}
