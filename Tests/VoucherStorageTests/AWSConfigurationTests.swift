import Foundation
import Testing
import VoucherTestSupport
@testable import VoucherS3
@testable import VoucherStorage

/// Credentials and settings from the variables and files every AWS tool reads.
struct AWSConfigurationTests {
    static func files() throws -> (folder: URL, credentials: String, config: String) {
        let folder = try SharedData.temporaryDirectory("voucher-aws")
        let credentials = folder.appendingPathComponent("credentials").path, config = folder.appendingPathComponent("config").path
        try Data("""
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret
            # a comment
            [team]
            aws_access_key_id=AKIATEAM
            aws_secret_access_key=team-secret
            aws_session_token = team-token

            """.utf8).write(to: URL(fileURLWithPath: credentials))
        try Data("""
            [default]
            region = eu-west-1
            [profile team]
            region = ap-southeast-2
            endpoint_url = http://127.0.0.1:9000/
            [profile config-only]
            aws_access_key_id = AKIACONFIG
            aws_secret_access_key = config-secret
            max_attempts = 7

            """.utf8).write(to: URL(fileURLWithPath: config))
        return (folder, credentials, config)
    }

    @Test("Variables, profiles and defaults, in AWS's order of precedence", arguments: [
        // (variables, access key, token, region, endpoint, attempts)
        ([:], "AKIADEFAULT", nil, "eu-west-1", nil, 5),
        (["AWS_PROFILE": "team"], "AKIATEAM", "team-token", "ap-southeast-2", "http://127.0.0.1:9000", 5),
        (["AWS_PROFILE": "config-only"], "AKIACONFIG", nil, "us-east-1", nil, 7),
        (["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t", "AWS_PROFILE": "team",
          "AWS_DEFAULT_REGION": "us-west-2"], "AKIAENV", "t", "us-west-2", "http://127.0.0.1:9000", 5),
        (["AWS_REGION": "eu-north-1", "AWS_DEFAULT_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://a:1",
          "AWS_ENDPOINT_URL_S3": "https://b:2", "AWS_MAX_ATTEMPTS": "2"], "AKIADEFAULT", nil, "eu-north-1", "https://b:2", 2),
        (["AWS_ENDPOINT_URL": "http://a:1"], "AKIADEFAULT", nil, "eu-west-1", "http://a:1", 5),
    ] as [([String: String], String, String?, String, String?, Int)])
    func precedence(_ variables: [String: String], _ key: String, _ token: String?, _ region: String, _ endpoint: String?,
                    _ attempts: Int) throws {
        let (folder, credentials, config) = try Self.files()
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = variables
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials
        environment["AWS_CONFIG_FILE"] = config
        let loaded = try AWSConfiguration.load(environment: environment)
        #expect(loaded.credentials?.accessKeyID == key)
        #expect(loaded.credentials?.sessionToken == token)
        #expect(loaded.region == region)
        #expect(loaded.endpoint == endpoint)
        #expect(loaded.maxAttempts == attempts)
    }

    @Test("No credentials anywhere: an error only when S3 is used, saying what to set")
    func noCredentials() throws {
        let environment = ["HOME": "/nonexistent-home"]
        let configuration = try AWSConfiguration.load(environment: environment)
        #expect(configuration.credentials == nil)
        #expect(configuration.region == "us-east-1")
        let client = S3Client(configuration: configuration)
        #expect { try client.head(S3Location(bucket: "b", key: "k")) } throws: { error in
            let text = "\(error)"
            return (error as? StorageError)?.kind == .configuration && text.hasPrefix("s3://b/k: no AWS credentials: set AWS_ACCESS_KEY_ID")
        }
    }

    @Test("A file named by a variable must exist; a bad number or endpoint is refused", arguments: [
        ["AWS_CONFIG_FILE": "/nonexistent/config"], ["AWS_MAX_ATTEMPTS": "zero"], ["AWS_ENDPOINT_URL": "127.0.0.1:9000"],
        ["VOUCHER_S3_TIMEOUT": "-1"],
    ])
    func refused(_ environment: [String: String]) {
        #expect(throws: StorageError.self) { try AWSConfiguration.load(environment: environment.merging(["HOME": "/nonexistent"]) { a, _ in a }) }
    }

    @Test("Addresses: path-style on a custom endpoint, virtual-hosted on AWS, path-style for dotted buckets")
    func addresses() {
        var configuration = AWSConfiguration(credentials: nil, region: "eu-west-1", endpoint: "http://127.0.0.1:9000")
        #expect(S3Client(configuration: configuration).address(bucket: "history", key: "dt=1/a b.csv")
            == ("http://127.0.0.1:9000/history/dt%3D1/a%20b.csv", "127.0.0.1:9000", "/history/dt%3D1/a%20b.csv"))
        configuration.endpoint = nil
        #expect(S3Client(configuration: configuration).address(bucket: "history", key: "k")
            == ("https://history.s3.eu-west-1.amazonaws.com/k", "history.s3.eu-west-1.amazonaws.com", "/k"))
        #expect(S3Client(configuration: configuration).address(bucket: "a.b", key: "k")
            == ("https://s3.eu-west-1.amazonaws.com/a.b/k", "s3.eu-west-1.amazonaws.com", "/a.b/k"))
    }

    @Test("S3's XML: entities decoded, elements found in order")
    func xml() {
        let text: Substring = "<Error><Code>NoSuchKey</Code><Message>a &lt;b&gt; &amp; &#233;&#x41;</Message><Key>k</Key></Error>"
        #expect(XMLText.value("Code", in: text) == "NoSuchKey")
        #expect(XMLText.value("Message", in: text) == "a <b> & éA")
        #expect(XMLText.value("RequestId", in: text) == nil)
    }
}
