import CCurl
import Foundation

/// A libcurl easy handle, reused from request to request so its connection
/// stays open (keep-alive). Used by one thread at a time (``S3Client`` hands
/// each request a connection of its own from a pool).
final class CurlConnection {
    private let handle: UnsafeMutableRawPointer
    private let caBundle: String?
    private let stallTimeout: Int

    /// What one exchange collects, reached from curl's callbacks.
    private final class Transfer {
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
        /// Bodies longer than this are refused (a server sending more than asked).
        var limit: Int
        init(limit: Int) { self.limit = limit }
    }

    /// - Throws: ``TransportFailure`` when libcurl cannot be loaded.
    init(caBundle: String?, stallTimeout: Int) throws(TransportFailure) {
        var reason = [CChar](repeating: 0, count: 256)
        guard voucher_curl_load(&reason, reason.count) == 0 else {
            throw TransportFailure(code: -1, message: String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard let handle = voucher_curl_easy_init() else { throw TransportFailure(code: -1, message: "curl_easy_init failed") }
        self.handle = handle
        self.caBundle = caBundle
        self.stallTimeout = stallTimeout
    }

    deinit { voucher_curl_easy_cleanup(handle) }

    /// Sends one request and reads the whole response.
    ///
    /// - Parameters:
    ///   - body: the request body (PUT), sent with its length.
    ///   - bodyLimit: the most body bytes accepted in the response.
    /// - Throws: ``TransportFailure`` when no complete response arrived.
    func perform(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]? = nil,
                 bodyLimit: Int = 64 << 20) throws(TransportFailure) -> HTTPResponse {
        voucher_curl_easy_reset(handle)
        let transfer = Transfer(limit: bodyLimit)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var list: UnsafeMutablePointer<curl_slist>?
        // curl adds these unless told not to: a form content type, and a
        // 100-continue wait before larger bodies.
        for header in headers + [(name: "Expect", value: ""), (name: "Accept", value: "")] where !header.name.isEmpty {
            list = voucher_curl_slist_append(list, "\(header.name): \(header.value)")
        }
        defer { voucher_curl_slist_free_all(list) }

        let code: CURLcode = errorText.withUnsafeMutableBufferPointer { errorBuffer in
            voucher_curl_set_string(handle, CURLOPT_URL, url)
            voucher_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            voucher_curl_set_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
            voucher_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 10_000)
            // A stall: under one byte a second for `stallTimeout` seconds ends the exchange.
            voucher_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
            voucher_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, stallTimeout)
            voucher_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer.baseAddress)
            if let caBundle { voucher_curl_set_string(handle, CURLOPT_CAINFO, caBundle) }
            voucher_curl_set_headers(handle, list)
            voucher_curl_set_callback(handle, CURLOPT_WRITEFUNCTION, CurlConnection.receiveBody)
            voucher_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
            voucher_curl_set_callback(handle, CURLOPT_HEADERFUNCTION, CurlConnection.receiveHeader)
            voucher_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
            switch method {
            case "GET": break
            case "HEAD": voucher_curl_set_long(handle, CURLOPT_NOBODY, 1)
            default: voucher_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method)
            }
            guard let body else { return withExtendedLifetime(transfer) { voucher_curl_easy_perform(handle) } }
            return body.withUnsafeBytes { bytes in
                voucher_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
                voucher_curl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                return withExtendedLifetime(transfer) { voucher_curl_easy_perform(handle) }
            }
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let text = detail.isEmpty ? String(cString: voucher_curl_easy_strerror(code)) : detail
            throw TransportFailure(code: Int(code.rawValue), message: text)
        }
        var status = 0
        voucher_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
    }

    private static let receiveBody: voucher_curl_data_callback = { data, size, count, context in
        guard let context, let data else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let n = size * count
        // Returning less than `n` makes curl stop with CURLE_WRITE_ERROR.
        guard transfer.body.count + n <= transfer.limit else { return 0 }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n))
        return n
    }

    private static let receiveHeader: voucher_curl_data_callback = { data, size, count, context in
        guard let context, let data else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let n = size * count
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            transfer.headers = []  // a new response (after a 100 Continue, or a redirect)
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: [" ", "\t", "\r", "\n"])
            transfer.headers.append((name: name, value: value))
        }
        return n
    }
}
