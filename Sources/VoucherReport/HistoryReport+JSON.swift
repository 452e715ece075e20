public import Foundation

extension HistoryReport {
    /// The report as JSON (the `ReportJSON` article documents every field):
    /// pretty-printed, keys sorted, every field present (`null` where the
    /// model has no value).
    ///
    /// - Throws: `EncodingError` (not expected: every number is finite).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}

extension HistoryReport: Encodable {
    private enum Keys: String, CodingKey {
        case schemaVersion, files, rows, drops, distributions, segments, countries, notes
    }

    private enum RowKeys: String, CodingKey { case read, kept, dropped }

    private enum DistributionKeys: String, CodingKey {
        case totalOrders, daysSinceLastOrder, timestampMonths, lastOrderMonths
    }

    /// Encodes the documented shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(files, forKey: .files)
        var r = c.nestedContainer(keyedBy: RowKeys.self, forKey: .rows)
        try r.encode(rowsRead, forKey: .read)
        try r.encode(kept, forKey: .kept)
        try r.encode(dropped, forKey: .dropped)
        try c.encode(drops, forKey: .drops)
        var d = c.nestedContainer(keyedBy: DistributionKeys.self, forKey: .distributions)
        try d.encode(totalOrders, forKey: .totalOrders)
        try d.encode(daysSinceLastOrder, forKey: .daysSinceLastOrder)
        try d.encode(timestampMonths, forKey: .timestampMonths)
        try d.encode(lastOrderMonths, forKey: .lastOrderMonths)
        try c.encode(segments, forKey: .segments)
        try c.encode(countries, forKey: .countries)
        try c.encode(notes, forKey: .notes)
    }
}

extension ReportFile: Encodable {
    private enum Keys: String, CodingKey { case name, path, size, sha256, format, codecs, rows, columns }

    /// Encodes every field, `null` for a missing size or hash.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(path, forKey: .path)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(format, forKey: .format)
        try c.encode(codecs, forKey: .codecs)
        try c.encode(rows, forKey: .rows)
        try c.encode(columns, forKey: .columns)
    }
}

extension ReportColumn: Encodable {
    private enum Keys: String, CodingKey {
        case name, physicalType, logicalType, kind, nulls, empty, distinct, distinctExact, min, max
    }

    /// Encodes every field, `null` where the column has no value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(physicalType, forKey: .physicalType)
        try c.encode(logicalType, forKey: .logicalType)
        try c.encode(kind, forKey: .kind)
        try c.encode(nulls, forKey: .nulls)
        try c.encode(empty, forKey: .empty)
        try c.encode(distinct, forKey: .distinct)
        try c.encode(distinctExact, forKey: .distinctExact)
        try c.encode(min, forKey: .min)
        try c.encode(max, forKey: .max)
    }
}


extension ReportTimeline: Encodable {
    private enum Keys: String, CodingKey { case column, unit, periods, missing, firstDay, lastDay }

    /// Encodes every field, `null` days when the column has no valid time.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(column, forKey: .column)
        try c.encode(unit, forKey: .unit)
        try c.encode(periods, forKey: .periods)
        try c.encode(missing, forKey: .missing)
        try c.encode(firstDay, forKey: .firstDay)
        try c.encode(lastDay, forKey: .lastDay)
    }
}

extension ReportSegment.Bucket: Encodable {
    private enum Keys: String, CodingKey { case name, lower, upper }

    /// Encodes every field, `null` for the open bound.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(lower, forKey: .lower)
        try c.encode(upper, forKey: .upper)
    }
}
