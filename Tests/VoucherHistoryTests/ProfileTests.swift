import Foundation
import Testing
@testable import VoucherHistory

@Suite("HistoryProfile")
struct ProfileTests {
    /// Five rows with nulls (unquoted empty), an empty string (`""`), repeats and a quoted comma.
    static let smallCSV = #"""
        timestamp,country_code,total_orders,voucher_amount
        2020-01-02 00:00:00,Peru,3,2640
        2020-01-01 00:00:00,Peru,,1000
        2020-01-03 00:00:00,China,"",2640
        ,"Lat, ""via""",10,
        2020-01-01 00:00:00,Peru,5,0

        """#

    static func text(_ column: String) -> SourceColumn {
        SourceColumn(name: column, physicalType: "text", logicalType: nil, kind: .text)
    }

    static func profileSmallCSV(distinctLimit: Int = HistoryProfile.defaultDistinctLimit) throws -> HistoryProfile {
        try CSVTestUtils.withFile(smallCSV, name: "small.csv") { path in
            var profile = try HistoryProfile(reading: CSVReader(path: path), distinctLimit: distinctLimit)
            profile.path = "small.csv"
            return profile
        }
    }

    @Test func smallCSVStatistics() throws {
        let profile = try Self.profileSmallCSV()
        #expect(profile.path == "small.csv")
        #expect(profile.format == HistoryFormat(name: "csv"))
        #expect(profile.rowCount == 5)
        #expect(profile.columns == [
            ColumnProfile(column: Self.text("timestamp"), nulls: 1, emptyStrings: 0, distinctCount: 3,
                          distinctIsExact: true, min: .text("2020-01-01 00:00:00"), max: .text("2020-01-03 00:00:00"),
                          examples: [.text("2020-01-02 00:00:00"), .text("2020-01-01 00:00:00"),
                                     .text("2020-01-03 00:00:00")]),
            ColumnProfile(column: Self.text("country_code"), nulls: 0, emptyStrings: 0, distinctCount: 3,
                          distinctIsExact: true, min: .text("China"), max: .text("Peru"),
                          examples: [.text("Peru"), .text("China"), .text("Lat, \"via\"")]),
            ColumnProfile(column: Self.text("total_orders"), nulls: 1, emptyStrings: 1, distinctCount: 4,
                          distinctIsExact: true, min: .text(""), max: .text("5"),
                          examples: [.text("3"), .text(""), .text("10")]),
            ColumnProfile(column: Self.text("voucher_amount"), nulls: 1, emptyStrings: 0, distinctCount: 3,
                          distinctIsExact: true, min: .text("0"), max: .text("2640"),
                          examples: [.text("2640"), .text("1000"), .text("0")]),
        ])
    }

    @Test func smallCSVText() throws {
        let expected = #"""
            small.csv
              format: csv   rows: 5   columns: 4

              #  column          physical  logical  kind
              -  --------------  --------  -------  ----
              1  timestamp       text      -        text
              2  country_code    text      -        text
              3  total_orders    text      -        text
              4  voucher_amount  text      -        text

              column          nulls  empty  distinct  min                    max
              --------------  -----  -----  --------  ---------------------  ---------------------
              timestamp           1      0         3  "2020-01-01 00:00:00"  "2020-01-03 00:00:00"
              country_code        0      0         3  "China"                "Peru"
              total_orders        1      1         4  ""                     "5"
              voucher_amount      1      0         3  "0"                    "2640"

              column          examples
              --------------  -------------------------------------------------------------------
              timestamp       "2020-01-02 00:00:00", "2020-01-01 00:00:00", "2020-01-03 00:00:00"
              country_code    "Peru", "China", "Lat, \"via\""
              total_orders    "3", "", "10"
              voucher_amount  "2640", "1000", "0"

            """#
        #expect(try Self.profileSmallCSV().text == expected)
    }

    @Test func smallCSVJSON() throws {
        let expected = #"""
            {
              "files": [
                {
                  "path": "small.csv",
                  "format": "csv",
                  "codecs": [],
                  "rows": 5,
                  "columns": [
                    {"name": "timestamp", "physical_type": "text", "logical_type": null, "kind": "text", "nulls": 1, "empty": 0, "distinct": 3, "distinct_exact": true, "min": "2020-01-01 00:00:00", "max": "2020-01-03 00:00:00", "examples": ["2020-01-02 00:00:00", "2020-01-01 00:00:00", "2020-01-03 00:00:00"]},
                    {"name": "country_code", "physical_type": "text", "logical_type": null, "kind": "text", "nulls": 0, "empty": 0, "distinct": 3, "distinct_exact": true, "min": "China", "max": "Peru", "examples": ["Peru", "China", "Lat, \"via\""]},
                    {"name": "total_orders", "physical_type": "text", "logical_type": null, "kind": "text", "nulls": 1, "empty": 1, "distinct": 4, "distinct_exact": true, "min": "", "max": "5", "examples": ["3", "", "10"]},
                    {"name": "voucher_amount", "physical_type": "text", "logical_type": null, "kind": "text", "nulls": 1, "empty": 0, "distinct": 3, "distinct_exact": true, "min": "0", "max": "2640", "examples": ["2640", "1000", "0"]}
                  ]
                }
              ]
            }

            """#
        let json = try Self.profileSmallCSV().json
        #expect(json == expected)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let files = try #require(parsed?["files"] as? [[String: Any]])
        let columns = try #require(files.first?["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["timestamp", "country_code", "total_orders", "voucher_amount"])
        #expect(columns[1]["examples"] as? [String] == ["Peru", "China", "Lat, \"via\""])
    }

    @Test func distinctCountStopsAtTheBound() throws {
        let profile = try Self.profileSmallCSV(distinctLimit: 2)
        #expect(profile.columns.map(\.distinctCount) == [2, 2, 2, 2])
        #expect(profile.columns.map(\.distinctIsExact) == [false, false, false, false])
        // Min, max and examples do not depend on the bound.
        #expect(profile.columns[1].max == .text("Peru"))
        #expect(profile.columns[1].examples.count == 3)
        #expect(profile.text.contains("country_code        0      0  more than 2  \"China\""))
        #expect(profile.json.contains(#""distinct": 2, "distinct_exact": false"#))
        // Exactly at the bound is still exact.
        #expect(try Self.profileSmallCSV(distinctLimit: 3).columns[1].distinctIsExact)
    }

    /// Dictionary batches: entries no row uses (`99`, `1e300`, `zzz`, the earliest time) must not count;
    /// values repeating across batches count once.
    static func fakeReader() -> ProfileFakeReader {
        let t0: Int64 = 0, t1: Int64 = 1_600_000_000_123_000_000, t2: Int64 = 1_600_000_060_000_000_000
        let t3: Int64 = 1_700_000_000_000_000_001
        let columns = [
            SourceColumn(name: "id", physicalType: "INT64", logicalType: nil, kind: .integer),
            SourceColumn(name: "price", physicalType: "DOUBLE", logicalType: nil, kind: .double),
            SourceColumn(name: "at", physicalType: "INT64", logicalType: "TIMESTAMP(NANOS, UTC)", kind: .time),
            SourceColumn(name: "flag", physicalType: "BOOLEAN", logicalType: nil, kind: .boolean),
            SourceColumn(name: "name", physicalType: "BYTE_ARRAY", logicalType: "STRING", kind: .text),
        ]
        let first = HistoryBatch(firstRow: 0, rowCount: 4, columns: [
            ColumnBatch(values: .integer([5, 99, -3]), indices: [0, 2, -1, 0]),
            ColumnBatch(values: .double([1.5, .nan, -0.0, 1e300]), indices: [2, 1, 0, 2]),
            ColumnBatch(values: .time([t2, t0, t1]), indices: [0, 2, 2, -1]),
            ColumnBatch(values: .boolean([true, false]), indices: [0, 0, 0, 0]),
            ColumnBatch(values: .text(TextValues(["zzz", "b", "", "a"])), indices: [1, 2, 3, 1]),
        ])
        let second = HistoryBatch(firstRow: 4, rowCount: 3, columns: [
            ColumnBatch(values: .integer([7, 5]), indices: [1, 0, -1]),
            ColumnBatch(values: .double([0.0, 2.25]), indices: [0, 1, 1]),
            ColumnBatch(values: .time([t1, t3]), indices: [-1, 1, 0]),
            ColumnBatch(values: .boolean([false, true]), indices: [1, 1, 1]),
            ColumnBatch(values: .text(TextValues(["a", "c"])), indices: [0, -1, 0]),
        ])
        return ProfileFakeReader(columns: columns, batches: [first, second])
    }

    @Test func typedColumnsByValue() throws {
        let profile = try HistoryProfile(reading: Self.fakeReader())
        #expect(profile.rowCount == 7)
        let byName = Dictionary(uniqueKeysWithValues: profile.columns.map { ($0.column.name, $0) })

        let id = try #require(byName["id"])
        #expect([id.nulls, id.distinctCount] as [Int] == [2, 3])
        #expect(id.emptyStrings == nil)
        #expect(id.min == .integer(-3) && id.max == .integer(7))
        #expect(id.examples == [.integer(5), .integer(-3), .integer(7)])

        let price = try #require(byName["price"])
        #expect([price.nulls, price.distinctCount] as [Int] == [0, 4])  // 0 (= -0), NaN, 1.5, 2.25
        #expect(price.min == .double(0) && price.max == .double(2.25))  // NaN is left out
        #expect(price.examples.map(\.description) == ["0.0", "nan", "1.5"])

        let at = try #require(byName["at"])
        #expect([at.nulls, at.distinctCount] as [Int] == [2, 3])
        #expect(at.min == .time(1_600_000_000_123_000_000) && at.max == .time(1_700_000_000_000_000_001))
        #expect(at.examples == [.time(1_600_000_060_000_000_000), .time(1_600_000_000_123_000_000),
                                .time(1_700_000_000_000_000_001)])

        let flag = try #require(byName["flag"])
        #expect([flag.nulls, flag.distinctCount] as [Int] == [0, 1])
        #expect(flag.min == .boolean(true) && flag.max == .boolean(true) && flag.examples == [.boolean(true)])

        let name = try #require(byName["name"])
        #expect([name.nulls, name.emptyStrings, name.distinctCount] as [Int?] == [1, 1, 3])
        #expect(name.min == .text("") && name.max == .text("b"))
        #expect(name.examples == [.text("b"), .text(""), .text("a")])
    }

    @Test func typedColumnsRendering() throws {
        let profile = try HistoryProfile(reading: Self.fakeReader())
        let json = profile.json
        #expect(json.contains(#""path": "memory.parquet",\#n      "format": "parquet",\#n      "codecs": ["SNAPPY", "GZIP"],\#n      "rows": 7,"#))
        #expect(json.contains(#"{"name": "id", "physical_type": "INT64", "logical_type": null, "kind": "integer", "nulls": 2, "empty": null, "distinct": 3, "distinct_exact": true, "min": -3, "max": 7, "examples": [5, -3, 7]}"#))
        #expect(json.contains(#""min": 0.0, "max": 2.25, "examples": [0.0, "nan", 1.5]}"#))
        #expect(json.contains(#""logical_type": "TIMESTAMP(NANOS, UTC)", "kind": "time", "nulls": 2, "empty": null, "distinct": 3, "distinct_exact": true, "min": "2020-09-13 12:26:40.123", "max": "2023-11-14 22:13:20.000000001", "examples": ["2020-09-13 12:27:40", "2020-09-13 12:26:40.123", "2023-11-14 22:13:20.000000001"]}"#))
        #expect(json.contains(#""min": true, "max": true, "examples": [true]}"#))
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])

        let text = profile.text
        #expect(text.contains("  format: parquet (SNAPPY, GZIP)   rows: 7   columns: 5\n"))
        #expect(text.contains("  3  at      INT64       TIMESTAMP(NANOS, UTC)  time\n"))
        #expect(text.contains("  at          2      -         3  2020-09-13 12:26:40.123  2023-11-14 22:13:20.000000001\n"))
        #expect(text.contains("  price   0.0, nan, 1.5\n"))
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" backslash \\ slash /", #""quote \" backslash \\ slash /""#),
        ("tab\tnewline\ncr\r", #""tab\tnewline\ncr\r""#),
        ("\u{01}\u{1F}\u{7F}", #""\u0001\u001f\#u{7F}""#),
        ("Perú 東京 🇵🇪", #""Perú 東京 🇵🇪""#),
    ])
    func jsonStringEscaping(text: String, literal: String) throws {
        #expect(HistoryProfile.jsonString(text) == literal)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test func textFitsOneHundredColumns() throws {
        let long = String(repeating: "x", count: 150)
        let csv = "a_rather_long_column_name_that_goes_on_and_on,\(long)\n\(long),\"line\nbreak\"\n"
        let profile = try CSVTestUtils.withFile(csv) { try HistoryProfile(reading: CSVReader(path: $0)) }
        let lines = profile.text.split(separator: "\n").dropFirst()  // the path line is as long as the path
        #expect(lines.allSatisfy { $0.count <= HistoryProfile.textWidth }, "\(lines.map(\.count))")
        #expect(profile.text.contains("\"line\\nbreak\""))
        #expect(profile.text.contains("…"))
    }

    @Test func severalFilesOneProfileEach() throws {
        try CSVTestUtils.withFile("a\n1\n2\n", name: "one.csv") { one in
            try CSVTestUtils.withFile("b,c\nx,y\n", name: "two.csv") { two in
                let profiles = try HistoryProfile.profile(paths: [one, two])
                #expect(profiles.map(\.path) == [one, two])
                #expect(profiles.map(\.rowCount) == [2, 1])
                #expect(profiles.map { $0.columns.map(\.column.name) } == [["a"], ["b", "c"]])
                let json = HistoryProfile.json(profiles)
                let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
                #expect((parsed?["files"] as? [Any])?.count == 2)
                #expect(HistoryProfile.text(profiles) == profiles[0].text + "\n" + profiles[1].text)
                #expect(throws: HistoryError.self) { try HistoryProfile.profile(paths: [one, one + ".missing"]) }
            }
        }
    }

    @Test func emptyFileListIsValidJSON() throws {
        #expect(HistoryProfile.json([]) == "{\n  \"files\": []\n}\n")
    }
}
