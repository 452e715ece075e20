/// One request that must produce one status: the table the status tests
/// run, and the set the OpenAPI test compares with `docs/openapi.yaml`.
struct StatusExample: Sendable {
    /// What the case shows.
    let name: String
    /// The operation it is documented under, method and path: `OTHER`
    /// stands for a method the path does not serve (the path's
    /// `x-method-not-allowed` in `docs/openapi.yaml`), `ANY /{unknown}` for
    /// any other path (`x-unknown-path`).
    let method: String
    let path: String
    /// The status it must produce.
    let status: Int
    /// The bytes sent on a fresh connection.
    let request: [UInt8]
    /// A fragment the error message must contain, if any.
    let errorMentions: String?
    /// Sent to a server that has no valid table (the `503` cases).
    let withoutTable: Bool

    init(_ name: String, _ method: String, _ path: String, _ status: Int, _ request: [UInt8],
         mentions: String? = nil, withoutTable: Bool = false) {
        self.name = name
        self.method = method
        self.path = path
        self.status = status
        self.request = request
        self.errorMentions = mentions
        self.withoutTable = withoutTable
    }

    /// `POST /voucher 200`: the key the OpenAPI test compares.
    var operation: String { "\(method) \(path) \(status)" }

    /// The method the request sends (its first word).
    var sentMethod: String { String(decoding: request.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self) }

    /// Whether the answer has a head only: a `HEAD` request's, unless the
    /// request breaks the framing (`400`, `413`, `431`, `505`: the server
    /// answers those with a body, like any other request's).
    var expectsNoBody: Bool { sentMethod == "HEAD" && ![400, 413, 431, 505].contains(status) }

    /// Sends the request on a fresh connection and reads the answer.
    func response(from server: TestServer) throws -> HTTPTestResponse {
        let client = try server.connect()
        defer { client.close() }
        try client.write(request)
        return try client.readResponse(forHead: expectsNoBody)
    }
}

/// Every status of every documented operation, each produced by a request.
enum StatusExamples {
    static let peru = Requests.frequent("Peru", orders: 3)

    /// Cases answered by a server with the generation-1 test table.
    static let all: [StatusExample] = [
        StatusExample("a lookup", "POST", "/voucher", 200, Requests.post(body: peru)),
        StatusExample("a recency lookup", "POST", "/voucher", 200, Requests.post(body: """
            {"country_code": "China", "segment_name": "recency_segment", "last_order_ts": "2018-05-03 00:00:00",
             "timestamp": "2018-06-03T00:00:00Z"}
            """)),
        StatusExample("a body that is not a JSON object", "POST", "/voucher", 400, Requests.post(body: "[1, 2]"),
                      mentions: "JSON object"),
        StatusExample("no body at all", "POST", "/voucher", 400, Requests.post(body: ""), mentions: "JSON object"),
        StatusExample("an unknown segment", "POST", "/voucher", 400,
                      Requests.post(body: #"{"country_code": "Peru", "segment_name": "vip", "total_orders": 3}"#),
                      mentions: "frequent_segment, recency_segment"),
        StatusExample("a negative total_orders", "POST", "/voucher", 400,
                      Requests.post(body: Requests.frequent("Peru", orders: -1)), mentions: "total_orders"),
        StatusExample("a malformed request line", "POST", "/voucher", 400,
                      Array("POST  /voucher HTTP/1.1\r\nHost: t\r\n\r\n".utf8), mentions: "malformed"),
        StatusExample("a malformed Content-Length", "POST", "/voucher", 400,
                      Array("POST /voucher HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n".utf8),
                      mentions: "Content-Length"),
        StatusExample("an unsupported Transfer-Encoding", "POST", "/voucher", 400,
                      Array("POST /voucher HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n".utf8),
                      mentions: "Transfer-Encoding"),
        StatusExample("an HTTP/1.1 request without Host", "POST", "/voucher", 400,
                      Array("POST /voucher HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".utf8), mentions: "Host"),
        StatusExample("an unknown country", "POST", "/voucher", 404,
                      Requests.post(body: Requests.frequent("Atlantis", orders: 3)), mentions: "Atlantis"),
        StatusExample("a Content-Length over the limit", "POST", "/voucher", 413,
                      Array("POST /voucher HTTP/1.1\r\nHost: t\r\nContent-Length: 16385\r\n\r\n".utf8),
                      mentions: "16384"),
        StatusExample("a chunked body over the limit", "POST", "/voucher", 413,
                      Requests.chunked(body: #"{"pad": "\#(String(repeating: "x", count: 20_000))"}"#, chunkSize: 4096),
                      mentions: "16384"),
        StatusExample("a content type that is not JSON", "POST", "/voucher", 415,
                      Requests.post(body: peru, contentType: "text/plain"), mentions: "text/plain"),
        StatusExample("first_order_ts after last_order_ts", "POST", "/voucher", 422, Requests.post(body: """
            {"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3,
             "last_order_ts": "2018-05-03 00:00:00", "first_order_ts": "2019-05-03 00:00:00"}
            """), mentions: "first_order_ts"),
        StatusExample("last_order_ts after the reference time", "POST", "/voucher", 422, Requests.post(body: """
            {"country_code": "Peru", "segment_name": "recency_segment", "last_order_ts": "2018-05-03",
             "timestamp": "2018-05-02"}
            """), mentions: "last_order_ts"),
        StatusExample("a request head over the limit", "POST", "/voucher", 431,
                      Requests.post(body: peru, headers: ["X-Padding: " + String(repeating: "p", count: 9000)]),
                      mentions: "head"),
        StatusExample("too many header fields", "POST", "/voucher", 431,
                      Requests.post(body: peru, headers: (0 ..< 70).map { "X-Field-\($0): 1" }), mentions: "header"),
        StatusExample("HTTP/2.0 over plain text", "POST", "/voucher", 505,
                      Array("POST /voucher HTTP/2.0\r\nHost: t\r\n\r\n".utf8), mentions: "HTTP/2.0"),
        StatusExample("GET /voucher", "OTHER", "/voucher", 405, Requests.bare("GET", "/voucher"), mentions: "POST"),
        StatusExample("DELETE /voucher", "OTHER", "/voucher", 405, Requests.bare("DELETE", "/voucher"), mentions: "POST"),
        StatusExample("HEAD /voucher", "OTHER", "/voucher", 405, Requests.bare("HEAD", "/voucher")),
        StatusExample("health", "GET", "/health", 200, Requests.bare("GET", "/health")),
        StatusExample("HEAD /health", "HEAD", "/health", 200, Requests.bare("HEAD", "/health")),
        StatusExample("POST /health", "OTHER", "/health", 405, Requests.post("/health", body: "{}"), mentions: "GET"),
        StatusExample("metrics", "GET", "/metrics", 200, Requests.bare("GET", "/metrics")),
        StatusExample("HEAD /metrics", "HEAD", "/metrics", 200, Requests.bare("HEAD", "/metrics")),
        StatusExample("POST /metrics", "OTHER", "/metrics", 405, Requests.post("/metrics", body: "{}"), mentions: "GET"),
        StatusExample("OPTIONS /metrics", "OTHER", "/metrics", 405, Requests.bare("OPTIONS", "/metrics"), mentions: "GET"),
        StatusExample("an unknown path", "ANY", "/{unknown}", 404, Requests.bare("GET", "/vouchers?x=1"),
                      mentions: "/vouchers"),
        StatusExample("POST to an unknown path", "ANY", "/{unknown}", 404, Requests.post("/", body: peru),
                      mentions: "/voucher"),
        StatusExample("no table: lookup", "POST", "/voucher", 503, Requests.post(body: peru), mentions: "table",
                      withoutTable: true),
        StatusExample("no table: health", "GET", "/health", 503, Requests.bare("GET", "/health"), mentions: "table",
                      withoutTable: true),
        StatusExample("no table: HEAD /health", "HEAD", "/health", 503, Requests.bare("HEAD", "/health"),
                      withoutTable: true),
    ] + framingErrors

    /// The framing errors of the read-only paths, which refuse a request
    /// before its method or path matters: `400`, `413`, `431`, `505` for
    /// `GET` and `HEAD` on `/health` and `/metrics`.
    static let framingErrors: [StatusExample] = ["/health", "/metrics"].flatMap { path in
        ["GET", "HEAD"].flatMap { method in
            [
                StatusExample("\(method) \(path) without Host", method, path, 400,
                              Array("\(method) \(path) HTTP/1.1\r\nContent-Length: 0\r\n\r\n".utf8), mentions: "Host"),
                StatusExample("\(method) \(path) with a Content-Length over the limit", method, path, 413,
                              Array("\(method) \(path) HTTP/1.1\r\nHost: t\r\nContent-Length: 16385\r\n\r\n".utf8),
                              mentions: "16384"),
                StatusExample("\(method) \(path) with too many header fields", method, path, 431,
                              Requests.bare(method, path, headers: (0 ..< 70).map { "X-Field-\($0): 1" }),
                              mentions: "header"),
                StatusExample("\(method) \(path) over HTTP/2.0", method, path, 505,
                              Array("\(method) \(path) HTTP/2.0\r\nHost: t\r\n\r\n".utf8), mentions: "HTTP/2.0"),
            ]
        }
    }
}
