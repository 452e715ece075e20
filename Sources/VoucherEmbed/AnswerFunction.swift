import CVoucherTable
import VoucherAPI
import VoucherTable

/// `int vt_answer_json(table, body, body_length, out, out_capacity, out_length)`:
/// one `POST /voucher` body answered as the server answers it.
///
/// The same two calls as the server's handler: ``LookupRequest/answer(body:table:now:)``
/// (validation and lookup) and ``LookupResponse/render(_:)`` (the body
/// bytes), into this thread's response buffer, then copied out. Returns the
/// HTTP status, or a negative `vt_status`.
@_cdecl("vt_answer_json")
public func embedAnswerJSON(_ handle: OpaquePointer?, _ body: UnsafePointer<CChar>?, _ bodyLength: UInt,
                            _ out: UnsafeMutablePointer<CChar>?, _ outCapacity: UInt,
                            _ outLength: UnsafeMutablePointer<UInt>?) -> CInt {
    guard let outLength, body != nil || bodyLength == 0, out != nil || outCapacity == 0,
          bodyLength <= UInt(Int.max) else { return VT_BAD_ARGUMENT.code }
    return EmbeddedTable.with(handle) { embedded in
        let request = UnsafeRawBufferPointer(start: body, count: Int(bodyLength))
        let thread = ThreadResponse.current
        thread.response.render(LookupRequest.answer(body: request, table: embedded.table, now: wallClockNanoseconds()))
        let status = CInt(thread.response.status)
        return thread.response.body.withUnsafeBytes { rendered in
            outLength.pointee = UInt(rendered.count)
            guard UInt(rendered.count) <= outCapacity, let out else {
                return rendered.isEmpty ? status : VT_BUFFER_TOO_SMALL.code
            }
            if let source = rendered.baseAddress {
                UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: rendered.count)
            }
            if UInt(rendered.count) < outCapacity { out[rendered.count] = 0 }
            return status
        }
    } ?? VT_BAD_ARGUMENT.code
}
