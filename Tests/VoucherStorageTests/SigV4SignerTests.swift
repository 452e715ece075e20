import Foundation
import Testing
import VoucherTable
@testable import VoucherS3
@testable import VoucherStorage

/// The signer against botocore's `S3SigV4Auth` on generated requests, and
/// against AWS's published examples.
struct SigV4SignerTests {
    /// AWS's Signature Version 4 test suite (service `service`, AKIDEXAMPLE,
    /// 2015-08-30T12:36:00Z), and the S3 documentation's GET-with-range example.
    static let published: [(name: String, service: String, secret: String, access: String, amzDate: String,
                            method: String, path: String, query: [(String, String)], headers: [(String, String)],
                            payload: String, canonicalHash: String?, signature: String)] = [
        ("get-vanilla", "service", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKIDEXAMPLE", "20150830T123600Z",
         "GET", "/", [], [], "", nil, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        ("get-vanilla-query-order-key-case", "service", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKIDEXAMPLE",
         "20150830T123600Z", "GET", "/", [("Param2", "value2"), ("Param1", "value1")], [], "",
         "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
         "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        ("get-vanilla-query-order-value", "service", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKIDEXAMPLE",
         "20150830T123600Z", "GET", "/", [("Param1", "value2"), ("Param1", "value1")], [], "", nil,
         "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        ("get-unreserved", "service", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKIDEXAMPLE", "20150830T123600Z",
         "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", [], [], "", nil,
         "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        ("post-x-www-form-urlencoded", "service", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKIDEXAMPLE",
         "20150830T123600Z", "POST", "/", [], [("Content-Type", "application/x-www-form-urlencoded")], "Param1=value1", nil,
         "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        ("S3 GET object, bytes 0-9", "s3", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE",
         "20130524T000000Z", "GET", "/test.txt", [],
         [("Range", "bytes=0-9"), ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash)], "", nil,
         "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
    ]

    @Test("AWS's published examples", arguments: published.indices)
    func publishedExample(_ index: Int) {
        let example = Self.published[index]
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: example.access, secretAccessKey: example.secret),
                                 region: "us-east-1", service: example.service)
        let host = example.service == "s3" ? "examplebucket.s3.amazonaws.com" : "example.amazonaws.com"
        let payloadHash = SHA256Hex.of(example.payload)
        let request = SigV4Signer.Request(
            method: example.method, path: example.path, query: example.query.map { (name: $0.0, value: $0.1) },
            headers: [(name: "host", value: host), (name: "x-amz-date", value: example.amzDate)]
                + example.headers.map { (name: $0.0, value: $0.1) },
            payloadHash: payloadHash)
        let signature = signer.sign(request, amzDate: example.amzDate)
        #expect(signature.authorization.hasSuffix("Signature=\(example.signature)"), "\(example.name): \(signature.canonicalRequest)")
        #expect(signature.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=\(example.access)/\(example.amzDate.prefix(8))/us-east-1/\(example.service)/aws4_request, "))
        if let hash = example.canonicalHash {
            #expect(SHA256Hex.of(signature.canonicalRequest) == hash, "\(example.name)")
        }
    }

    @Test("A non-ASCII path is encoded once, upper-case hex (the suite's get-utf8)")
    func utf8Path() {
        #expect(SigV4Signer.encodePath("/ሴ") == "/%E1%88%B4")
        #expect(SigV4Signer.encodePath("/dt=2018-07-21/part 0+1.parquet") == "/dt%3D2018-07-21/part%200%2B1.parquet")
    }

    /// 1,200 requests made by a Python script, signed by botocore with its clock fixed.
    @Test("Agrees with botocore's S3SigV4Auth on 1,200 generated requests")
    func agreesWithBotocore() throws {
        let data = try PythonScript.run("sigv4_cases.py", ["1200", "20261202"])
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(cases.count == 1200)
        var agreed = 0
        for item in cases {
            let body = try #require(item["body"] as? String)
            let bytes = stride(from: 0, to: body.count, by: 2).map { i -> UInt8 in
                let start = body.index(body.startIndex, offsetBy: i)
                return UInt8(body[start ..< body.index(start, offsetBy: 2)], radix: 16)!
            }
            let payloadHash = SHA256Hex.of(bytes)
            let credentials = AWSCredentials(accessKeyID: item["accessKey"] as! String, secretAccessKey: item["secret"] as! String,
                                             sessionToken: item["token"] as? String)
            let signer = SigV4Signer(credentials: credentials, region: item["region"] as! String)
            let amzDate = item["amzDate"] as! String
            let headers = [(name: "Host", value: item["host"] as! String)]
                + (item["headers"] as! [[String]]).map { (name: $0[0], value: $0[1]) }
                + signer.signingHeaders(amzDate: amzDate, payloadHash: payloadHash)
            let request = SigV4Signer.Request(
                method: item["method"] as! String, path: SigV4Signer.encodePath(item["path"] as! String),
                query: (item["query"] as! [[String]]).map { (name: $0[0], value: $0[1]) }, headers: headers,
                payloadHash: payloadHash)
            let signature = signer.sign(request, amzDate: amzDate)
            #expect(signature.canonicalRequest == item["canonicalRequest"] as? String)
            #expect(signature.authorization == item["authorization"] as? String)
            if signature.authorization == item["authorization"] as? String { agreed += 1 }
        }
        #expect(agreed == 1200)
    }
}

/// Lower-case hex SHA-256, for the tests.
enum SHA256Hex {
    static func of(_ text: String) -> String { of(Array(text.utf8)) }
    static func of(_ bytes: [UInt8]) -> String { SHA256.hex(SHA256.hash(bytes)) }
}
