import CVoucherTable
import VoucherTable

// The C ABI's table functions: version, open, close and what identifies an
// open table. Declared and documented in `voucher_table.h`; every function
// checks its pointers and never traps on the caller's account.

/// The library's version: `VT_VERSION` of the header it was built with.
let libraryVersion = CStringTable(["1.0.0"])

/// `const char *vt_version(void)`: the library's version, static storage.
@_cdecl("vt_version")
public func embedVersion() -> UnsafePointer<CChar> {
    libraryVersion[0]!
}

/// `vt_table *vt_open(const char *path, char *error, size_t error_capacity)`:
/// maps and verifies a table; `NULL` and a message in `error` on failure.
@_cdecl("vt_open")
public func embedOpen(_ path: UnsafePointer<CChar>?, _ message: UnsafeMutablePointer<CChar>?,
                      _ messageCapacity: UInt) -> OpaquePointer? {
    guard let path else {
        writeMessage("the path is NULL", to: message, capacity: messageCapacity)
        return nil
    }
    guard let text = String(validatingCString: path) else {
        writeMessage("the path is not UTF-8", to: message, capacity: messageCapacity)
        return nil
    }
    do {
        return try EmbeddedTable(path: text).handle
    } catch {
        writeMessage(error.description, to: message, capacity: messageCapacity)
        return nil
    }
}

/// `void vt_close(vt_table *table)`: releases the table; `NULL` is ignored.
@_cdecl("vt_close")
public func embedClose(_ handle: OpaquePointer?) {
    guard let handle else { return }
    EmbeddedTable.release(handle)
}

/// `const char *vt_sha256(const vt_table *table)`: the file's SHA-256, hex.
@_cdecl("vt_sha256")
public func embedSHA256(_ handle: OpaquePointer?) -> UnsafePointer<CChar>? {
    EmbeddedTable.with(handle) { $0.identity[0] } ?? nil
}

/// `const char *vt_format_version(const vt_table *table)`: `major.minor`.
@_cdecl("vt_format_version")
public func embedFormatVersion(_ handle: OpaquePointer?) -> UnsafePointer<CChar>? {
    EmbeddedTable.with(handle) { $0.identity[1] } ?? nil
}

/// `int vt_segment_count(const vt_table *table)`.
@_cdecl("vt_segment_count")
public func embedSegmentCount(_ handle: OpaquePointer?) -> CInt {
    EmbeddedTable.with(handle) { CInt($0.segmentNames.count) } ?? VT_BAD_ARGUMENT.code
}

/// `const char *vt_segment_name(const vt_table *table, int index)`.
@_cdecl("vt_segment_name")
public func embedSegmentName(_ handle: OpaquePointer?, _ index: CInt) -> UnsafePointer<CChar>? {
    EmbeddedTable.with(handle) { $0.segmentNames[Int(index)] } ?? nil
}

/// `int vt_country_count(const vt_table *table)`.
@_cdecl("vt_country_count")
public func embedCountryCount(_ handle: OpaquePointer?) -> CInt {
    EmbeddedTable.with(handle) { CInt($0.countryKeys.count) } ?? VT_BAD_ARGUMENT.code
}

/// `const char *vt_country_key(const vt_table *table, int index)`.
@_cdecl("vt_country_key")
public func embedCountryKey(_ handle: OpaquePointer?, _ index: CInt) -> UnsafePointer<CChar>? {
    EmbeddedTable.with(handle) { $0.countryKeys[Int(index)] } ?? nil
}

/// Copies `text` into a caller's buffer of `capacity` bytes, NUL-terminated,
/// cut on a character boundary when it does not fit; nothing for a NULL
/// buffer or a capacity of 0.
func writeMessage(_ text: String, to buffer: UnsafeMutablePointer<CChar>?, capacity: UInt) {
    guard let buffer, capacity > 0 else { return }
    let utf8 = Array(text.utf8)
    var length = min(utf8.count, Int(min(capacity - 1, UInt(Int.max))))
    // Back off continuation bytes (10xxxxxx) so a character is never cut in two.
    if length < utf8.count {
        while length > 0, utf8[length] & 0xC0 == 0x80 { length -= 1 }
    }
    for i in 0 ..< length { buffer[i] = CChar(bitPattern: utf8[i]) }
    buffer[length] = 0
}

extension vt_status {
    /// The code as the C functions return it.
    var code: CInt { CInt(truncatingIfNeeded: rawValue) }
}
