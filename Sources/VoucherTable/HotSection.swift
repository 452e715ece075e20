/// The hot section read in place (article: "The hot section"): pointers
/// to its areas and the O(1) lookups over them, with no decoding.
///
/// Only made by ``init(_:fileOffset:path:)``, which validates every
/// structure the lookups rely on; afterwards no method can fail or trap on
/// the file's account. Thread-safety: holds pointers into a
/// ``MappedRegion`` that the owning ``VoucherTable`` keeps alive and never
/// writes, so sharing it across threads is safe (`@unchecked Sendable`).
struct HotSection: @unchecked Sendable {
    let countryCount: Int
    let segmentCount: Int
    let bucketCount: Int
    let slotCount: Int
    let amountCount: Int
    let mapLength: Int
    let stringsLength: Int
    let slots: UnsafeRawPointer
    let countries: UnsafeRawPointer
    let segments: UnsafeRawPointer
    let buckets: UnsafeRawPointer
    let amounts: UnsafeRawPointer
    let entries: UnsafeRawPointer
    let bucketMap: UnsafeRawPointer
    let strings: UnsafeRawPointer

    // MARK: Countries

    /// The country whose stored key equals `key` (already trimmed and
    /// lower-cased), or -1.
    func countryIndex(key: UnsafeBufferPointer<UInt8>) -> Int {
        probe(hash: TableKey.hash(key), key: key, foldASCII: false)
    }

    /// The country whose key matches the raw request bytes `text`: trims
    /// ASCII white space and folds ASCII case on the fly, allocating nothing;
    /// returns -2 when `text` holds non-ASCII bytes (the caller then uses
    /// full Unicode rules), -1 when no country matches.
    @inline(__always)
    func countryIndex(asciiText text: UnsafeBufferPointer<UInt8>) -> Int {
        let kept = TableKey.withoutASCIISpace(text)
        var hash = TableFormat.fnvOffsetBasis
        var seen: UInt8 = 0
        for i in kept {
            let byte = text[i]
            seen |= byte
            hash = (hash ^ UInt64(TableKey.foldASCII(byte))) &* TableFormat.fnvPrime
        }
        guard seen < 0x80 else { return -2 }
        return probe(hash: hash, key: UnsafeBufferPointer(rebasing: text[kept]), foldASCII: true)
    }

    /// Linear probing from the hash's home slot until the key or an empty slot.
    @inline(__always)
    private func probe(hash: UInt64, key: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Int {
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let record = slots + slot * TableFormat.slotLength
            let country = record.u32(at: 8)
            if country == TableFormat.emptySlot { return -1 }
            if record.u64(at: 0) == hash, keyMatches(Int(country), key, foldASCII: foldASCII) { return Int(country) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func keyMatches(_ country: Int, _ key: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Bool {
        let record = countries + country * TableFormat.countryRecordLength
        guard Int(record.u32(at: 4)) == key.count else { return false }
        let stored = strings + Int(record.u32(at: 0))
        for i in 0 ..< key.count {
            let byte = foldASCII ? TableKey.foldASCII(key[i]) : key[i]
            if stored.u8(at: i) != byte { return false }
        }
        return true
    }

    /// The stored key of `country`.
    func key(ofCountry country: Int) -> String {
        let record = countries + country * TableFormat.countryRecordLength
        return string(record.u32(at: 0), record.u32(at: 4))
    }

    // MARK: Segments and buckets

    /// The segment record of `segment`.
    @inline(__always) func segmentRecord(_ segment: Int) -> UnsafeRawPointer {
        segments + segment * TableFormat.segmentRecordLength
    }

    func segmentName(_ segment: Int) -> String {
        let record = segmentRecord(segment)
        return string(record.u32(at: 0), record.u32(at: 4))
    }

    /// The raw name bytes of `segment`.
    func segmentNameBytes(_ segment: Int) -> UnsafeRawBufferPointer {
        let record = segmentRecord(segment)
        return UnsafeRawBufferPointer(start: strings + Int(record.u32(at: 0)), count: Int(record.u32(at: 4)))
    }

    func metric(ofSegment segment: Int) -> SegmentMetric {
        TableFormat.metric(code: segmentRecord(segment).u32(at: 8)) ?? .totalOrders  // validated at open
    }

    func bucketCount(ofSegment segment: Int) -> Int { Int(segmentRecord(segment).u32(at: 12)) }

    /// The bucket record of `bucket` in `segment`.
    func bucketRecord(segment: Int, bucket: Int) -> UnsafeRawPointer {
        buckets + (Int(segmentRecord(segment).u32(at: 16)) + bucket) * TableFormat.bucketRecordLength
    }

    func bucketName(segment: Int, bucket: Int) -> String {
        let record = bucketRecord(segment: segment, bucket: bucket)
        return string(record.u32(at: 8), record.u32(at: 12))
    }

    func lowerBound(segment: Int, bucket: Int) -> Int64 { bucketRecord(segment: segment, bucket: bucket).i64(at: 0) }

    // MARK: Entries

    /// behaviour §4's entry for a valid country and segment and a value ≥ 0: the
    /// bucket from the segment's map (values at or above the open bucket's
    /// lower bound fall in the last bucket), then one fixed-size record.
    @inline(__always)
    func entry(country: Int, segment: Int, value: Int64) -> VoucherLookup {
        let record = segmentRecord(segment)
        let count = Int(record.u32(at: 12))
        let firstBucket = Int(record.u32(at: 16))
        let openLower = Int64(record.u32(at: 24))
        let bucket = value < openLower ? Int(bucketMap.u8(at: Int(record.u32(at: 20)) + Int(value))) : count - 1
        let position = country * bucketCount + firstBucket + bucket
        let entry = entries + position * TableFormat.entryRecordLength
        let amount = amounts.i64(at: Int(entry.u32(at: 0)) * TableFormat.amountLength)
        return VoucherLookup(amount: amount, segment: segment, bucket: bucket, samples: Int(entry.i64(at: 8)),
                             isFallback: entry.u32(at: 4) & TableFormat.entryFlagFallback != 0, entry: position)
    }

    /// A string of the strings area (validated UTF-8 at open).
    func string(_ offset: UInt32, _ length: UInt32) -> String {
        String(decoding: UnsafeRawBufferPointer(start: strings + Int(offset), count: Int(length)), as: UTF8.self)
    }
}
