/// Builds the hot section's bytes (article: "The hot section") from
/// checked ``TableContents``. The inverse of ``HotSection``'s reading.
enum HotSectionEncoder {
    /// The section's bytes; `contents` has passed ``TableEncoder``'s checks.
    static func encode(_ contents: TableContents) -> [UInt8] {
        let segments = contents.segments.segments
        let countryCount = contents.countries.count
        let bucketCount = segments.reduce(0) { $0 + $1.buckets.count }
        var slotCount = 1
        while slotCount < 2 * countryCount { slotCount <<= 1 }
        let amounts = Array(Set(contents.countries.flatMap { $0.entries.joined().map(\.amount) })).sorted()
        let amountIndex = Dictionary(uniqueKeysWithValues: amounts.enumerated().map { ($1, $0) })

        // Strings area: keys, then each segment's name and its bucket names.
        var strings = ByteWriter()
        func place(_ text: String) -> (UInt32, UInt32) {
            let at = strings.count
            strings.raw(text.utf8)
            return (UInt32(at), UInt32(text.utf8.count))
        }
        let keys = contents.countries.map { place($0.key) }
        var segmentNames: [(UInt32, UInt32)] = []
        var bucketNames: [(UInt32, UInt32)] = []
        for segment in segments {
            segmentNames.append(place(segment.name))
            for bucket in segment.buckets { bucketNames.append(place(bucket.name)) }
        }
        // Bucket maps: one byte per metric value below the open bucket's lower bound.
        let map = segments.flatMap(\.bucketMap)

        let slotsOffset = TableFormat.hotHeaderLength
        let countriesOffset = slotsOffset + slotCount * TableFormat.slotLength
        let segmentsOffset = countriesOffset + countryCount * TableFormat.countryRecordLength
        let bucketsOffset = segmentsOffset + segments.count * TableFormat.segmentRecordLength
        let amountsOffset = bucketsOffset + bucketCount * TableFormat.bucketRecordLength
        let entriesOffset = amountsOffset + amounts.count * TableFormat.amountLength
        let mapOffset = entriesOffset + countryCount * bucketCount * TableFormat.entryRecordLength
        let stringsOffset = mapOffset + map.count

        var out = ByteWriter(capacity: stringsOffset + strings.count)
        for value in [countryCount, segments.count, bucketCount, slotCount, amounts.count, map.count, strings.count, 0,
                      slotsOffset, countriesOffset, segmentsOffset, bucketsOffset, amountsOffset, entriesOffset,
                      mapOffset, stringsOffset] {
            out.u32(UInt32(value))
        }
        // Slots: open addressing, linear probing, countries inserted in index order.
        var slots = [(hash: UInt64, country: UInt32)](repeating: (0, TableFormat.emptySlot), count: slotCount)
        for (index, country) in contents.countries.enumerated() {
            let hash = TableKey.hash(country.key.utf8)
            var slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
            while slots[slot].country != TableFormat.emptySlot { slot = (slot + 1) & (slotCount - 1) }
            slots[slot] = (hash, UInt32(index))
        }
        for slot in slots {
            out.u64(slot.hash)
            out.u32(slot.country)
            out.u32(0)
        }
        for (offset, length) in keys {
            out.u32(offset)
            out.u32(length)
        }
        var firstBucket = 0, firstMapByte = 0
        for (index, segment) in segments.enumerated() {
            let openLower = Int(segment.buckets.last!.lower)
            for value in [Int(segmentNames[index].0), Int(segmentNames[index].1),
                          Int(TableFormat.metricCode(segment.metric)), segment.buckets.count, firstBucket,
                          firstMapByte, openLower, 0] {
                out.u32(UInt32(value))
            }
            firstBucket += segment.buckets.count
            firstMapByte += openLower
        }
        for (bucket, name) in zip(segments.flatMap(\.buckets), bucketNames) {
            out.i64(bucket.lower)
            out.u32(name.0)
            out.u32(name.1)
        }
        for amount in amounts { out.i64(amount) }
        for country in contents.countries {
            for entry in country.entries.joined() {
                out.u32(UInt32(amountIndex[entry.amount]!))
                out.u32(entry.isFallback ? TableFormat.entryFlagFallback : 0)
                out.int(entry.samples)
            }
        }
        out.raw(map)
        out.raw(strings.bytes)
        return out.bytes
    }
}
