import VoucherTable

/// What a `vt_table *` of the C ABI points to: an open ``VoucherTable`` and
/// the strings the C functions hand out for it (SHA-256, format version,
/// segment names, country keys), made once at open.
///
/// The C side holds it through `Unmanaged` (``handle``), retained by
/// `vt_open` and released by `vt_close`. Immutable after `init` (`Sendable`
/// checks it), so calls on one table from any number of threads need no
/// lock; `vt_close` must not overlap them (the header says so: the library
/// cannot detect it).
final class EmbeddedTable: Sendable {
    /// The verified, mapped table.
    let table: VoucherTable
    /// `[0]`: SHA-256 hex; `[1]`: format version `major.minor`.
    let identity: CStringTable
    /// The segment names, in configuration order.
    let segmentNames: CStringTable
    /// The country keys, in table order.
    let countryKeys: CStringTable

    /// Opens and verifies the table file at `path` and hashes its bytes.
    ///
    /// - Throws: ``VoucherTableError`` from ``VoucherTable/init(path:)``.
    init(path: String) throws(VoucherTableError) {
        table = try VoucherTable(path: path)
        identity = CStringTable([
            SHA256.hex(table.fileSHA256), "\(table.header.majorVersion).\(table.header.minorVersion)",
        ])
        segmentNames = CStringTable(table.segmentNames)
        countryKeys = CStringTable(table.countryKeys)
    }

    /// A new `vt_table *` owning one reference to `self`.
    var handle: OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(self).toOpaque())
    }

    /// Calls `body` with the table a `vt_table *` points to, without
    /// retaining it (the caller's handle keeps it alive for the call);
    /// `nil` for a NULL handle.
    @inline(__always)
    static func with<R>(_ handle: OpaquePointer?, _ body: (EmbeddedTable) -> R) -> R? {
        guard let handle else { return nil }
        return Unmanaged<EmbeddedTable>.fromOpaque(UnsafeRawPointer(handle))._withUnsafeGuaranteedRef(body)
    }

    /// Releases the reference a `vt_table *` owns (`vt_close`).
    static func release(_ handle: OpaquePointer) {
        Unmanaged<EmbeddedTable>.fromOpaque(UnsafeRawPointer(handle)).release()
    }
}
