// swift-tools-version: 6.1
import PackageDescription

/// `VOUCHER_FUZZ=1` adds the libFuzzer executables (`build/fuzz.sh` sets it);
/// without it the package builds exactly as before.
let fuzzing = Context.environment["VOUCHER_FUZZ"] == "1"

/// Settings every library target shares: Swift 6 mode, and every public
/// import and existential spelled out (as Hummingbird does).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "voucher",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "VoucherTable", targets: ["VoucherTable"]),
        .executable(name: "voucher", targets: ["voucher"]),
        // The C ABI for other languages: libvouchertable.so (build/embed.sh, header in Sources/CVoucherTable).
        .library(name: "vouchertable", type: .dynamic, targets: ["VoucherEmbed"]),
    ],
    dependencies: [
        // The HTTP server: event loops and HTTP/1.1 parsing, no web framework.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Structured logs of the server.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C compression libraries, from Debian packages (build/setup.sh).
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        // GZIP pages of history files: libdeflate inflates whole buffers 2.6 times as fast as zlib.
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        // HTTP(S) for object storage: libcurl (Debian's libcurl4-openssl-dev, build/setup.sh), loaded with
        // dlopen on first use so commands that never touch S3 do not pay for loading it.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        // CPU instructions Swift cannot spell (a prefetch hint), for the compiler's hot loops.
        .target(name: "CHardware"),

        // The embeddable table library: file format, writer, reader, O(1) lookups.
        .target(name: "VoucherTable", dependencies: ["CZstd", "CZlib"], swiftSettings: strictSettings),
        // Native Parquet and CSV history readers.
        .target(name: "VoucherHistory", dependencies: ["CZstd", "CDeflate", "CSnappy"], swiftSettings: strictSettings),
        // Cleaning, segmentation and aggregation: history in, table out.
        .target(name: "VoucherCompiler", dependencies: ["VoucherHistory", "VoucherTable", "CHardware"], swiftSettings: strictSettings),
        // The compile's counts as one SQL query, for DuckDB or Spark (`voucher sql`).
        .target(name: "VoucherSQL", dependencies: ["VoucherTable"], swiftSettings: strictSettings),
        // behaviour §5 requests: a small JSON reader and the validation rules shared by the server and `voucher lookup`.
        .target(name: "VoucherAPI", dependencies: ["VoucherTable"], swiftSettings: strictSettings),
        // A small S3 client over libcurl: AWS settings, the SigV4 signer, list/stat/head/get/put/delete, retries.
        .target(name: "VoucherS3", dependencies: ["VoucherTable", "CCurl"], swiftSettings: strictSettings),
        // Rolling tables out: the published layout (versions, current, history) in a directory or under an
        // S3 prefix, diff, publish, rollback.
        .target(name: "VoucherPublish", dependencies: ["VoucherTable", "VoucherS3"], swiftSettings: strictSettings),
        // POST /voucher over HTTP/1.1 from the memory-mapped table, with hot reload, health and metrics.
        .target(
            name: "VoucherServer",
            dependencies: [
                "VoucherTable", "VoucherAPI", "VoucherPublish",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // History locations (files, folders, patterns, s3://), S3 objects as byte-range sources of the readers.
        .target(name: "VoucherStorage", dependencies: ["VoucherHistory", "VoucherTable", "VoucherS3"], swiftSettings: strictSettings),
        // The history report: one self-contained HTML file (inline SVG charts) and its JSON.
        .target(name: "VoucherReport", dependencies: ["VoucherCompiler", "VoucherHistory", "VoucherTable"],
                swiftSettings: strictSettings),
        // The C ABI's header (voucher_table.h), imported by VoucherEmbed so its types are the header's.
        .systemLibrary(name: "CVoucherTable", path: "Sources/CVoucherTable"),
        // The C ABI: @_cdecl functions over VoucherTable and VoucherAPI, no Foundation (build/embed.sh).
        .target(name: "VoucherEmbed", dependencies: ["VoucherTable", "VoucherAPI", "CVoucherTable"],
                exclude: ["exports.map", "vouchertable.pc.in"], swiftSettings: strictSettings),
        // The thin command-line front end.
        .executableTarget(
            name: "voucher",
            dependencies: [
                "VoucherHistory", "VoucherTable", "VoucherCompiler", "VoucherAPI", "VoucherServer", "VoucherReport",
                "VoucherPublish",
                "VoucherStorage",
                "VoucherSQL",
                "VoucherS3",
            ],
            swiftSettings: strictSettings
        ),

        // Test helpers: where the reference history and fixtures are.
        .target(name: "VoucherTestSupport", dependencies: ["VoucherHistory"], path: "Tests/VoucherTestSupport"),
        // Counts each thread's heap allocations (it defines malloc & co.): test executable only.
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "VoucherHistoryTests", dependencies: ["VoucherHistory", "VoucherTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "VoucherTableTests", dependencies: ["VoucherTable", "VoucherTestSupport", "CAllocationCounter"],
                    exclude: ["Fixtures", "independent_reader.py"]),
        .testTarget(name: "VoucherCompilerTests",
                    dependencies: ["VoucherCompiler", "VoucherHistory", "VoucherTable", "VoucherTestSupport"]),
        .testTarget(name: "VoucherPublishTests", dependencies: ["VoucherPublish", "VoucherTable", "VoucherTestSupport"]),
        .testTarget(name: "VoucherSQLTests",
                    dependencies: ["VoucherSQL", "VoucherCompiler", "VoucherHistory", "VoucherTable", "VoucherTestSupport"],
                    exclude: ["duckdb_counts.py", "make_sql_histories.py"]),
        .testTarget(name: "VoucherAPITests", dependencies: ["VoucherAPI", "VoucherTable", "VoucherTestSupport"]),
        .testTarget(
            name: "VoucherServerTests",
            dependencies: [
                "VoucherServer", "VoucherTable", "VoucherAPI", "VoucherTestSupport", "CAllocationCounter",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["schemathesis.toml"]
        ),
        .testTarget(name: "VoucherReportTests",
                    dependencies: ["VoucherReport", "VoucherCompiler", "VoucherHistory", "VoucherTable", "VoucherTestSupport"]),
        // The signer against botocore, locations, and the S3 client, the CLI and published S3 prefixes against a moto server on loopback.
        .testTarget(name: "VoucherStorageTests",
                    dependencies: ["VoucherStorage", "VoucherS3", "VoucherPublish", "VoucherHistory", "VoucherTable", "VoucherTestSupport", "voucher"],
                    exclude: ["Scripts"]),
        // Runs the built `voucher` binary and checks its output and exit status.
        .testTarget(name: "VoucherCLITests", dependencies: ["voucher", "VoucherTestSupport"]),

        // The fuzz properties, one function per target: always built, so the
        // replay test runs them over the committed corpora and crashers.
        .target(name: "FuzzHarness", dependencies: ["VoucherHistory", "VoucherTable", "VoucherAPI", "VoucherServer"],
                path: "Tests/Fuzz/FuzzHarness"),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzHarness"], path: "Tests/Fuzz/FuzzReplayTests"),
    ]
)

/// The libFuzzer entry points (`build/fuzz.sh`), one executable per harness function.
if fuzzing {
    for name in ["ParquetFuzzer", "CSVFuzzer", "TableFuzzer", "TableRepairFuzzer", "JSONRequestFuzzer", "HTTPParserFuzzer"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzHarness"], path: "Tests/Fuzz/\(name)"))
    }
}
