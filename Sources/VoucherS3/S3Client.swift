import Foundation
import VoucherTable

/// A small S3 client over libcurl: list, head, get (whole or a byte range,
/// with `If-Match`), put, delete; every request signed with Signature Version 4.
///
/// Each request is retried on a failed or cut-short connection, a stall, a
/// 500/502/503/504 status, `SlowDown`, `RequestTimeout` or `InternalError`,
/// up to ``AWSConfiguration/maxAttempts`` attempts, waiting 100 ms × 2ⁿ (at
/// most 5 s) between them, half of it random (jitter). Other failures throw at
/// once. Every failure is a ``StorageError`` naming the object, S3's error
/// code and message, and the request id.
///
/// Thread-safe: requests may be sent from several threads at once, each on
/// a connection (curl handle) of its own from a pool, kept open between
/// requests.
public final class S3Client: @unchecked Sendable {
    // @unchecked: the only mutable state (the idle connections and the
    // counters) is touched under `lock`; a connection is used by one request at a time.
    public let configuration: AWSConfiguration
    private let lock = NSLock()
    private var idle: [CurlConnection] = []
    private var requestCount = 0
    private var bytesReceived = 0

    public init(configuration: AWSConfiguration) {
        self.configuration = configuration
    }

    /// Requests sent (attempts included) and body bytes received so far.
    public var statistics: (requests: Int, bytesReceived: Int) {
        lock.withLock { (requestCount, bytesReceived) }
    }

    // MARK: Operations

    /// Every object under `prefix` (ListObjectsV2, following continuation
    /// tokens), in S3's order: by the UTF-8 bytes of their keys. `pageSize`
    /// asks for fewer keys per answer than S3's 1,000.
    public func list(bucket: String, prefix: String, pageSize: Int? = nil) throws(StorageError) -> [S3ObjectInfo] {
        let location = S3Location(bucket: bucket, key: prefix).description
        var objects: [S3ObjectInfo] = []
        var token: String?
        repeat {
            var query = [(name: "list-type", value: "2"), (name: "prefix", value: prefix)]
            if let token { query.append((name: "continuation-token", value: token)) }
            if let pageSize { query.append((name: "max-keys", value: String(pageSize))) }
            let response = try send("GET", bucket: bucket, key: "", query: query, location: location)
            let xml = Substring(String(decoding: response.body, as: UTF8.self))
            for entry in XMLText.elements("Contents", in: xml) {
                guard let key = XMLText.value("Key", in: entry), let size = XMLText.value("Size", in: entry).flatMap({ Int($0) })
                else {
                    throw StorageError(.service, location: location, "a ListObjectsV2 entry without a key or size",
                                       requestID: response.header("x-amz-request-id"))
                }
                objects.append(S3ObjectInfo(location: S3Location(bucket: bucket, key: key), size: size,
                                            etag: XMLText.value("ETag", in: entry) ?? ""))
            }
            token = XMLText.value("IsTruncated", in: xml) == "true" ? XMLText.value("NextContinuationToken", in: xml) : nil
        } while token != nil
        return objects
    }

    /// The size and ETag of one object (HEAD).
    public func head(_ object: S3Location) throws(StorageError) -> S3ObjectInfo {
        let response = try send("HEAD", bucket: object.bucket, key: object.key, location: object.description)
        guard let size = response.header("content-length").flatMap({ Int($0) }) else {
            throw StorageError(.service, location: object.description, httpStatus: response.status, "HEAD answered without a Content-Length",
                               requestID: response.header("x-amz-request-id"))
        }
        return S3ObjectInfo(location: object, size: size, etag: response.header("etag") ?? "")
    }

    /// The size and ETag of one object, from a GET of its first byte: unlike
    /// HEAD, whose answers have no body, a failure comes with S3's error code,
    /// message and request id.
    public func stat(_ object: S3Location) throws(StorageError) -> S3ObjectInfo {
        let response: HTTPResponse
        do {
            response = try send("GET", bucket: object.bucket, key: object.key, headers: [(name: "range", value: "bytes=0-0")],
                                location: object.description)
        } catch where error.s3Code == "InvalidRange" {
            return try head(object)  // an empty object has no first byte
        }
        // `Content-Range: bytes 0-0/SIZE` (206), or the whole object (200) from a server that ignores ranges.
        let total = response.header("content-range").flatMap { $0.split(separator: "/").last.flatMap { Int($0) } }
        guard let size = response.status == 206 ? total : response.body.count else {
            throw StorageError(.service, location: object.description, httpStatus: response.status,
                               "a ranged GET answered without the object's size in Content-Range",
                               requestID: response.header("x-amz-request-id"))
        }
        return S3ObjectInfo(location: object, size: size, etag: response.header("etag") ?? "")
    }

    /// The object's bytes, or those of `range`; with `ifMatch` (an ETag),
    /// only while the object still has that ETag.
    ///
    /// - Throws: ``StorageError`` `changed` when the ETag differs, `transport`
    ///   when fewer bytes arrive than asked for on every attempt.
    public func get(_ object: S3Location, range: Range<Int>? = nil, ifMatch: String? = nil) throws(StorageError) -> [UInt8] {
        var headers: [(name: String, value: String)] = []
        if let range {
            if range.isEmpty { return [] }
            headers.append((name: "range", value: "bytes=\(range.lowerBound)-\(range.upperBound - 1)"))
        }
        if let ifMatch, !ifMatch.isEmpty { headers.append((name: "if-match", value: ifMatch)) }
        let response = try send("GET", bucket: object.bucket, key: object.key, headers: headers, location: object.description,
                                expectedLength: range?.count)
        return response.body
    }

    /// Uploads `body` as the object, in one PUT carrying its SHA-256
    /// (`x-amz-content-sha256`, signed, and `x-amz-checksum-sha256`): S3
    /// refuses a body that arrives different. Returns the new ETag.
    @discardableResult
    public func put(_ object: S3Location, body: [UInt8], contentType: String = "application/octet-stream") throws(StorageError) -> String {
        let digest = SHA256.hash(body)
        let headers = [(name: "content-type", value: contentType),
                       (name: "x-amz-checksum-sha256", value: Data(digest).base64EncodedString())]
        let response = try send("PUT", bucket: object.bucket, key: object.key, headers: headers, body: body,
                                payloadHash: SHA256.hex(digest), location: object.description)
        return response.header("etag") ?? ""
    }

    /// Removes the object (DELETE); S3 answers the same whether it was there or not.
    public func delete(_ object: S3Location) throws(StorageError) {
        _ = try send("DELETE", bucket: object.bucket, key: object.key, location: object.description)
    }

    // MARK: Requests

    /// The URL (path-style for a custom endpoint or a bucket with dots), the
    /// `Host` header and the path as signed.
    func address(bucket: String, key: String) -> (base: String, host: String, path: String) {
        let encodedKey = SigV4Signer.encodePath(key)
        if let endpoint = configuration.endpoint {
            let afterScheme = endpoint[endpoint.range(of: "://")!.upperBound...]
            let host = String(afterScheme.prefix { $0 != "/" })
            let basePath = String(afterScheme.drop { $0 != "/" })
            let path = "\(basePath)/\(SigV4Signer.encode(bucket))" + (key.isEmpty ? "" : "/\(encodedKey)")
            return ("\(endpoint.prefix(upTo: afterScheme.startIndex))\(host)\(path)", host, path)
        }
        let regional = "s3.\(configuration.region).amazonaws.com"
        if bucket.contains(".") {
            let path = "/\(SigV4Signer.encode(bucket))/\(encodedKey)"
            return ("https://\(regional)\(path)", regional, path)
        }
        let host = "\(bucket).\(regional)"
        return ("https://\(host)/\(encodedKey)", host, "/\(encodedKey)")
    }

    /// Sends one request, retrying as the type's documentation says; returns a 2xx response.
    private func send(_ method: String, bucket: String, key: String, query: [(name: String, value: String)] = [],
                      headers extra: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                      payloadHash: String = SigV4Signer.emptyPayloadHash, location: String,
                      expectedLength: Int? = nil) throws(StorageError) -> HTTPResponse {
        guard let credentials = configuration.credentials else {
            throw StorageError(.configuration, location: location, configuration.missingCredentials)
        }
        let signer = SigV4Signer(credentials: credentials, region: configuration.region)
        let (base, host, path) = address(bucket: bucket, key: key)
        let queryText = query.map { "\(SigV4Signer.encode($0.name))=\(SigV4Signer.encode($0.value))" }
            .sorted().joined(separator: "&")
        let url = queryText.isEmpty ? base : "\(base)?\(queryText)"
        let attempts = configuration.maxAttempts
        var attempt = 0
        while true {
            attempt += 1
            let amzDate = Self.amzDate(Date())
            var headers = [(name: "host", value: host)] + extra + signer.signingHeaders(amzDate: amzDate, payloadHash: payloadHash)
            let signature = signer.sign(SigV4Signer.Request(method: method, path: path, query: query, headers: headers,
                                                            payloadHash: payloadHash), amzDate: amzDate)
            headers.append((name: "authorization", value: signature.authorization))
            let connection = try checkOut(location: location)
            let outcome: Result<HTTPResponse, TransportFailure>
            do throws(TransportFailure) {
                outcome = .success(try connection.perform(method: method, url: url, headers: headers, body: body,
                                                          bodyLimit: expectedLength.map { max($0 + 1, 1 << 16) } ?? 256 << 20))
            } catch {
                outcome = .failure(error)
            }
            checkIn(connection)
            if configuration.trace {
                let range = extra.first { $0.name == "range" }.map { " \($0.value)" } ?? ""
                let status = (try? outcome.get()).map { "\($0.status) \($0.body.count) bytes" } ?? "failed"
                FileHandle.standardError.write(Data("S3 \(method) \(url)\(range): \(status)\n".utf8))
            }
            switch outcome {
            case .failure(let failure):
                count(bytes: 0)
                if failure.isCertificate {
                    throw StorageError(.certificate, location: location,
                                       "TLS certificate refused (\(failure.message)); set AWS_CA_BUNDLE to the PEM file of the authority that signed it")
                }
                guard failure.isRetryable, attempt < attempts else {
                    throw StorageError(.transport, location: location, "\(method) failed: \(failure.message)", attempts: attempt)
                }
            case .success(let response):
                count(bytes: response.body.count)
                let requestID = response.header("x-amz-request-id")
                if (200 ..< 300).contains(response.status) {
                    if let expectedLength, method == "GET", response.body.count != expectedLength {
                        // A server that closed early with a matching Content-Length, or sent more than asked.
                        guard attempt < attempts else {
                            throw StorageError(.transport, location: location, httpStatus: response.status,
                                               "GET returned \(response.body.count) bytes for a range of \(expectedLength)",
                                               requestID: requestID, attempts: attempt)
                        }
                        break
                    }
                    return response
                }
                let error = Self.serviceError(response, method: method, location: location, attempts: attempt)
                guard Self.isRetryable(status: response.status, code: error.s3Code), attempt < attempts else { throw error }
            }
            let ceiling = min(5.0, 0.1 * Double(1 << min(attempt - 1, 16)))
            Thread.sleep(forTimeInterval: ceiling / 2 + Double.random(in: 0 ... ceiling / 2))
        }
    }

    /// 500, 502, 503, 504, and the codes S3 asks clients to retry.
    static func isRetryable(status: Int, code: String?) -> Bool {
        [500, 502, 503, 504].contains(status) || ["SlowDown", "RequestTimeout", "InternalError"].contains(code ?? "")
    }

    /// The error of a response with an error status, from its XML body (or,
    /// for HEAD, which has none, from the status).
    static func serviceError(_ response: HTTPResponse, method: String, location: String, attempts: Int) -> StorageError {
        let xml = Substring(String(decoding: response.body, as: UTF8.self))
        var code = XMLText.value("Code", in: xml)
        var message = XMLText.value("Message", in: xml)
        let requestID = response.header("x-amz-request-id") ?? XMLText.value("RequestId", in: xml)
        if code == nil {
            switch response.status {
            case 404: code = "NotFound"; message = message ?? "no such bucket or key"
            case 403: code = "Forbidden"; message = message ?? "access denied (wrong credentials, or no permission)"
            case 412: code = "PreconditionFailed"
            default: break
            }
        }
        var text = message ?? (xml.isEmpty ? "\(method) failed" : String(xml.prefix(200)))
        var kind = StorageError.Kind.service
        if response.status == 412 || code == "PreconditionFailed" {
            kind = .changed
            text = "the object changed while it was being read (its ETag differs from the one listed): \(text)"
        } else if response.status == 404 {
            kind = .notFound
        }
        return StorageError(kind, location: location, s3Code: code, httpStatus: response.status, text, requestID: requestID,
                            attempts: attempts)
    }

    private func checkOut(location: String) throws(StorageError) -> CurlConnection {
        if let connection = lock.withLock({ idle.popLast() }) { return connection }
        do {
            return try CurlConnection(caBundle: configuration.caBundle, stallTimeout: configuration.stallTimeout)
        } catch {
            throw StorageError(.configuration, location: location, error.message)
        }
    }

    private func checkIn(_ connection: CurlConnection) {
        lock.withLock { idle.append(connection) }
    }

    private func count(bytes: Int) {
        lock.withLock {
            requestCount += 1
            bytesReceived += bytes
        }
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    static func amzDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}

extension SigV4Signer {
    /// The SHA-256 of no bytes, the payload hash of a request without a body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
