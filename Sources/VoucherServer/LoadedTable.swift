import VoucherTable

/// A table file that passed every check of the table library, with what
/// identifies it: path, format version, SHA-256 of the file's bytes, size,
/// countries, and when it was loaded.
///
/// Immutable and `Sendable`. The mapping of ``table`` lives as long as this
/// object: a request that holds it (through the ``ServingState`` it read)
/// keeps the old mapping alive across a reload; the last reference to go
/// unmaps it.
final class LoadedTable: Sendable {
    /// The verified table, memory-mapped.
    let table: VoucherTable
    /// The path it was opened from.
    let path: String
    /// SHA-256 of the file's bytes, lower-case hex.
    let sha256: String
    /// `major.minor`, e.g. `1.0`.
    let formatVersion: String
    /// The country keys, in table order.
    let countries: [String]
    /// The file's size and inode at load time.
    let identity: FileIdentity
    /// When it was loaded: nanoseconds since the epoch, UTC.
    let loadedAt: Int64
    /// The published version it is, when it came from a published location.
    let published: PublishedVersion?
    /// Per entry (``VoucherTable/VoucherLookup/entry`` order), its `/metrics`
    /// labels: `country="peru",segment="frequent_segment",bucket="0-4",fallback="false"`.
    let entryLabels: [String]

    private init(table: VoucherTable, path: String, sha256: String, identity: FileIdentity, loadedAt: Int64,
                 published: PublishedVersion?) {
        self.table = table
        self.path = path
        self.sha256 = sha256
        self.formatVersion = "\(table.header.majorVersion).\(table.header.minorVersion)"
        self.countries = table.countryKeys
        self.identity = identity
        self.loadedAt = loadedAt
        self.published = published
        entryLabels = Self.labels(of: table)
    }

    /// The `/metrics` labels of every entry, in entry order.
    private static func labels(of table: VoucherTable) -> [String] {
        let contents = try? table.contents()  // decodes: the table verified at open
        var labels: [String] = []
        for (c, country) in table.countryKeys.enumerated() {
            for (s, segment) in table.segmentNames.enumerated() {
                for b in 0 ..< table.bucketCount(ofSegment: s) {
                    let fallback = contents.map { $0.countries[c].entries[s][b].isFallback ? "true" : "false" } ?? "unknown"
                    var text: [UInt8] = []
                    text.append(contentsOf: "country=".utf8)
                    ServerText.appendLabelValue(country, to: &text)
                    text.append(contentsOf: ",segment=".utf8)
                    ServerText.appendLabelValue(segment, to: &text)
                    text.append(contentsOf: ",bucket=".utf8)
                    ServerText.appendLabelValue(table.bucketName(segment: s, bucket: b), to: &text)
                    text.append(contentsOf: ",fallback=\"\(fallback)\"".utf8)
                    labels.append(String(decoding: text, as: UTF8.self))
                }
            }
        }
        return labels
    }

    /// Opens and verifies the file at `path` with the table library, and
    /// records the identity of the file it mapped: the path names the same
    /// file before and after the open (a rename onto the path in between
    /// makes it start again, up to four times). The SHA-256 is that of the
    /// mapped bytes. Blocking I/O: call it off the event loops.
    ///
    /// - Throws: ``ServerError``: `io` when the file cannot be read (or keeps
    ///   changing), `table` when the table library refuses it.
    static func load(path: String, published: PublishedVersion? = nil) throws(ServerError) -> LoadedTable {
        for _ in 0 ..< 4 {
            let before = try ServerSyscall.identity(of: path)
            let table: VoucherTable
            do {
                table = try VoucherTable(path: path)
            } catch {
                throw ServerError(code: .table, message: error.description)
            }
            if let before, try ServerSyscall.identity(of: path) == before {
                return LoadedTable(table: table, path: path, sha256: SHA256.hex(table.fileSHA256), identity: before,
                                   loadedAt: ServerSyscall.wallClockNanoseconds(), published: published)
            }
        }
        throw ServerError(code: .io, message: "\(path): the file kept changing while it was being read")
    }
}
