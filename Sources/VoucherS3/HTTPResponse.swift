/// One HTTP/1.1 exchange: the status, the response headers and the body.
struct HTTPResponse: Sendable {
    var status: Int
    /// Header names lower-cased, in the order received (of the final response).
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first header named `name` (lower case).
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }
}
