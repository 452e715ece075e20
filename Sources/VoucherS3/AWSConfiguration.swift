import Foundation

/// Credentials and settings for S3, read as every AWS tool reads them.
///
/// - Credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
///   `AWS_SESSION_TOKEN`; else the profile `AWS_PROFILE` (default `default`)
///   in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default
///   `~/.aws/credentials`), then in the config file (`AWS_CONFIG_FILE`,
///   default `~/.aws/config`, sections `[profile NAME]` or `[default]`).
/// - Region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`,
///   else `us-east-1`.
/// - Endpoint: `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's
///   `endpoint_url`; a custom endpoint is addressed path-style
///   (`http://host:port/bucket/key`), AWS's own virtual-hosted style
///   (`https://bucket.s3.REGION.amazonaws.com/key`).
/// - TLS: `AWS_CA_BUNDLE`, a PEM file of the certificate authorities to
///   trust instead of the system's.
/// - Retries: `AWS_MAX_ATTEMPTS` (default 5 attempts per request);
///   `VOUCHER_S3_TIMEOUT`: seconds without a byte before a request is
///   abandoned (and retried), default 20; `VOUCHER_S3_TRACE=1` logs each request.
public struct AWSConfiguration: Sendable {
    public var credentials: AWSCredentials?
    public var region: String
    /// The custom endpoint (scheme, host and port), or nil for AWS.
    public var endpoint: String?
    public var caBundle: String?
    public var maxAttempts: Int
    public var stallTimeout: Int
    /// `VOUCHER_S3_TRACE=1`: one line on standard error per request (method, URL, range, status, bytes).
    public var trace = false
    /// Why there are no credentials, when there are none (for the error).
    var missingCredentials: String

    public init(credentials: AWSCredentials?, region: String = "us-east-1", endpoint: String? = nil,
                caBundle: String? = nil, maxAttempts: Int = 5, stallTimeout: Int = 20) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.caBundle = caBundle
        self.maxAttempts = maxAttempts
        self.stallTimeout = stallTimeout
        self.missingCredentials = "no credentials given"
    }

    /// Reads the configuration from `environment` and the files it names.
    ///
    /// - Throws: ``StorageError`` `configuration` for an unreadable file named
    ///   by a variable, or a malformed number.
    public static func load(environment: [String: String]) throws -> AWSConfiguration {
        func variable(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        let home = variable("HOME") ?? NSHomeDirectory()
        let profileName = variable("AWS_PROFILE") ?? "default"
        let credentialsPath = variable("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials"
        let configPath = variable("AWS_CONFIG_FILE") ?? "\(home)/.aws/config"
        let credentialsFile = try INIFile.read(credentialsPath, required: variable("AWS_SHARED_CREDENTIALS_FILE") != nil)
        let configFile = try INIFile.read(configPath, required: variable("AWS_CONFIG_FILE") != nil)
        let fromCredentials = credentialsFile?.sections[profileName] ?? [:]
        let fromConfig = configFile?.sections[profileName == "default" ? "default" : "profile \(profileName)"]
            ?? configFile?.sections[profileName] ?? [:]
        func setting(_ key: String) -> String? { fromCredentials[key] ?? fromConfig[key] }

        var configuration = AWSConfiguration(credentials: nil)
        if let key = variable("AWS_ACCESS_KEY_ID"), let secret = variable("AWS_SECRET_ACCESS_KEY") {
            configuration.credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                                                       sessionToken: variable("AWS_SESSION_TOKEN"))
        } else if let key = setting("aws_access_key_id"), let secret = setting("aws_secret_access_key") {
            configuration.credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                                                       sessionToken: setting("aws_session_token"))
        } else {
            configuration.missingCredentials = "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile with aws_access_key_id in \(credentialsPath) or \(configPath) (AWS_PROFILE=\(profileName))"
        }
        configuration.region = variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") ?? setting("region") ?? "us-east-1"
        configuration.endpoint = variable("AWS_ENDPOINT_URL_S3") ?? variable("AWS_ENDPOINT_URL") ?? setting("endpoint_url")
        if let endpoint = configuration.endpoint {
            guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
                throw StorageError(.configuration, location: endpoint, "the S3 endpoint must start with http:// or https://")
            }
            while configuration.endpoint?.hasSuffix("/") == true { configuration.endpoint?.removeLast() }
        }
        configuration.caBundle = variable("AWS_CA_BUNDLE") ?? setting("ca_bundle")
        if let attempts = variable("AWS_MAX_ATTEMPTS") ?? setting("max_attempts") {
            guard let n = Int(attempts), n >= 1 else {
                throw StorageError(.configuration, location: "AWS_MAX_ATTEMPTS", "'\(attempts)' is not a whole number of at least 1")
            }
            configuration.maxAttempts = n
        }
        if let timeout = variable("VOUCHER_S3_TIMEOUT") {
            guard let n = Int(timeout), n >= 1 else {
                throw StorageError(.configuration, location: "VOUCHER_S3_TIMEOUT", "'\(timeout)' is not a whole number of seconds of at least 1")
            }
            configuration.stallTimeout = n
        }
        configuration.trace = variable("VOUCHER_S3_TRACE") == "1"
        return configuration
    }
}

/// The AWS CLI's INI files: `[section]` lines, `key = value` lines, `#` and `;` comments.
struct INIFile {
    var sections: [String: [String: String]] = [:]

    /// Reads `path`; a missing file is nil unless `required`.
    static func read(_ path: String, required: Bool) throws -> INIFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if required || FileManager.default.fileExists(atPath: path) {
                throw StorageError(.configuration, location: path, "cannot read this AWS settings file")
            }
            return nil
        }
        return INIFile(parsing: String(decoding: data, as: UTF8.self))
    }

    init(parsing text: String) {
        var current: String?
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                if let current, sections[current] == nil { sections[current] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current]?[key] = value
        }
    }
}
