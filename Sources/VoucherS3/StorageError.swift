/// Everything that can go wrong finding history or talking to object storage.
///
/// The description is one line naming the location (`s3://bucket/key`, or a
/// local path or pattern), the S3 error code and HTTP status where there is
/// one, the message, and the request id S3 gave (what its operators ask for).
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure. A set that may grow.
    public enum Kind: String, Sendable, Hashable {
        /// A location that matches no history file or object.
        case notFound
        /// A location that cannot be read as written (a bad `s3://` URL, an unreadable folder).
        case badLocation
        /// Missing or unusable settings: no credentials, a bad endpoint, an unreadable AWS file.
        case configuration
        /// S3 answered with an error status (its code, message and request id are kept).
        case service
        /// The connection failed (refused, reset, timed out, a body cut short) on every attempt.
        case transport
        /// The server's TLS certificate was refused.
        case certificate
        /// The object changed (its ETag) while it was being read.
        case changed
    }

    public var kind: Kind
    /// The location: `s3://bucket/key`, or a local path or pattern.
    public var location: String
    /// S3's error code (`NoSuchKey`, `SignatureDoesNotMatch`, …), when it sent one.
    public var s3Code: String?
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    /// What is wrong, in words.
    public var message: String
    /// S3's request id (`x-amz-request-id`), when it sent one.
    public var requestID: String?
    /// How many attempts were made, when more than one.
    public var attempts: Int?

    public init(_ kind: Kind, location: String, s3Code: String? = nil, httpStatus: Int? = nil, _ message: String,
                requestID: String? = nil, attempts: Int? = nil) {
        self.kind = kind
        self.location = location
        self.s3Code = s3Code
        self.httpStatus = httpStatus
        self.message = message
        self.requestID = requestID
        self.attempts = attempts
    }

    /// `s3://b/k: S3 error NoSuchKey (HTTP 404): The specified key does not exist. (request id R; 1 attempt)`,
    /// leaving out what is unknown.
    public var description: String {
        var text = location + ": "
        if let s3Code {
            text += "S3 error \(s3Code)" + (httpStatus.map { " (HTTP \($0))" } ?? "") + ": "
        } else if let httpStatus {
            text += "HTTP \(httpStatus): "
        }
        text += message
        var notes: [String] = []
        if let requestID { notes.append("request id \(requestID)") }
        if let attempts, attempts > 1 { notes.append("after \(attempts) attempts") }
        if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
        return text
    }
}
