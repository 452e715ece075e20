import VoucherTable

/// AWS Signature Version 4 for S3 requests (header-based, signed payload).
///
/// The canonical request is
///
/// ```
/// METHOD \n path \n query \n (name:value \n)* \n signed-names \n payload-hash
/// ```
///
/// with the path URI-encoded once and not normalised (S3's rule: `//` and
/// `.` segments are part of the key), the query's names and values
/// URI-encoded and sorted by name then value, header names lower-cased and
/// sorted, values trimmed with inner whitespace runs folded to one space and
/// repeated names joined by commas. The key is derived from the secret,
/// date, region and service with HMAC-SHA256. Checked against botocore's
/// `S3SigV4Auth` on generated requests (the `VoucherStorageTests` suite).
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// A request as the signer sees it.
    public struct Request: Sendable {
        public var method: String
        /// The path as sent: already URI-encoded (``SigV4Signer/encodePath(_:)``).
        public var path: String
        /// Query parameters, not encoded.
        public var query: [(name: String, value: String)]
        /// Every header that is sent and signed, `host` included.
        public var headers: [(name: String, value: String)]
        /// Lower-case hex SHA-256 of the body (also sent as `x-amz-content-sha256`).
        public var payloadHash: String

        public init(method: String, path: String, query: [(name: String, value: String)] = [],
                    headers: [(name: String, value: String)], payloadHash: String) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The signature's parts, kept for tests and error messages.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        /// The `Authorization` header's value.
        public var authorization: String
    }

    /// The headers the signer adds before signing: `x-amz-date`,
    /// `x-amz-content-sha256` and, with a session token, `x-amz-security-token`.
    public func signingHeaders(amzDate: String, payloadHash: String) -> [(name: String, value: String)] {
        var headers = [(name: "x-amz-date", value: amzDate), (name: "x-amz-content-sha256", value: payloadHash)]
        if let token = credentials.sessionToken { headers.append((name: "x-amz-security-token", value: token)) }
        return headers
    }

    /// Signs `request` at `amzDate` (`YYYYMMDD'T'HHMMSS'Z'`, UTC), whose headers
    /// already hold ``signingHeaders(amzDate:payloadHash:)``.
    public func sign(_ request: Request, amzDate: String) -> Signature {
        let canonical = Self.canonicalRequest(request)
        let date = String(amzDate.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SHA256.hex(SHA256.hash(Array(canonical.text.utf8))))"
        var key = HMACSHA256.mac(key: Array("AWS4\(credentials.secretAccessKey)".utf8), date)
        key = HMACSHA256.mac(key: key, region)
        key = HMACSHA256.mac(key: key, service)
        key = HMACSHA256.mac(key: key, "aws4_request")
        let signature = SHA256.hex(HMACSHA256.mac(key: key, stringToSign))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        return Signature(canonicalRequest: canonical.text, stringToSign: stringToSign, authorization: authorization)
    }

    /// The canonical request and its signed header names.
    static func canonicalRequest(_ request: Request) -> (text: String, signedHeaders: String) {
        let query = request.query
            .map { (encode($0.name), encode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) : $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
        var values: [String: [String]] = [:]
        for header in request.headers {
            values[header.name.lowercased(), default: []].append(trimAll(header.value))
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let headers = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        let text = [request.method.uppercased(), request.path, query, headers, signed, request.payloadHash].joined(separator: "\n")
        return (text, signed)
    }

    /// Trims a header value and folds each inner run of whitespace into one space.
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" })
            .joined(separator: " ")
    }

    /// RFC 3986 encoding of every byte but the unreserved `A-Z a-z 0-9 - . _ ~`.
    public static func encode(_ text: String) -> String {
        encode(text, keepingSlash: false)
    }

    /// ``encode(_:)`` keeping `/`: an object key as a URL path.
    public static func encodePath(_ path: String) -> String {
        encode(path, keepingSlash: true)
    }

    private static func encode(_ text: String, keepingSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "a") ... UInt8(ascii: "z"),
                 UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepingSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
