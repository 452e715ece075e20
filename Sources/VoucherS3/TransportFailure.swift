import CCurl

/// Why an exchange got no complete response: curl's error code and text.
struct TransportFailure: Error, Sendable {
    var code: Int
    var message: String

    /// A connection refused, reset or timed out, a body cut short: worth another attempt.
    var isRetryable: Bool {
        switch CURLcode(UInt32(code)) {
        case CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
             CURLE_GOT_NOTHING, CURLE_COULDNT_RESOLVE_HOST, CURLE_SSL_CONNECT_ERROR, CURLE_WEIRD_SERVER_REPLY:
            true
        default: false
        }
    }

    /// The server's certificate was refused.
    var isCertificate: Bool {
        CURLcode(UInt32(code)) == CURLE_PEER_FAILED_VERIFICATION || CURLcode(UInt32(code)) == CURLE_SSL_CACERT_BADFILE
    }
}
