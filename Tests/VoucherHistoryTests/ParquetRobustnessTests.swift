import Foundation
import Testing
import VoucherTestSupport
@testable import VoucherHistory

/// The reference history cut at many offsets and with bytes flipped in its
/// footer, page headers and page data: every case ends in a `HistoryError`
/// or in exactly the intact decode, never in a crash; a flipped file
/// decodes to the same values, or fails with the same error, on one thread
/// and on eight.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
struct ParquetRobustnessTests {
    /// Outcome counts, printed so a reader sees what the matrix exercised.
    struct Tally {
        var errors: [String: Int] = [:]
        var intact = 0
        /// Decodes `path` on each of `threads` thread counts (nil: one per core).
        mutating func record(_ path: String, _ original: [ParquetTestUtils.Decoded], threads: [Int?] = [nil],
                             sourceLocation: SourceLocation = #_sourceLocation) {
            var outcomes: [Result<[ParquetTestUtils.Decoded], HistoryError>] = []
            for count in threads {
                do {
                    outcomes.append(.success(try ParquetTestUtils.decodeEverything(path, threads: count)))
                } catch let error as HistoryError {
                    outcomes.append(.failure(error))
                } catch {
                    Issue.record("not a HistoryError: \(error)", sourceLocation: sourceLocation)
                    return
                }
            }
            switch outcomes[0] {
            case .success(let decoded):
                #expect(decoded == original, "a damaged file decoded to different values: \(path)", sourceLocation: sourceLocation)
                intact += 1
            case .failure(let error):
                errors[error.code.description, default: 0] += 1
                #expect(error.description.hasPrefix(path), "\(error)", sourceLocation: sourceLocation)
            }
            for (count, outcome) in zip(threads, outcomes).dropFirst() {
                switch (outcomes[0], outcome) {
                case (.success(let a), .success(let b)) where a == b: break
                case (.failure(let a), .failure(let b)) where a.description == b.description: break
                default:
                    Issue.record("\(path) decodes differently on \(count ?? 0) threads than on \(threads[0] ?? 0): \(outcome) vs \(outcomes[0])",
                                 sourceLocation: sourceLocation)
                }
            }
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for i in start ... bytes.count - needle.count where bytes[i] == needle[0] && Array(bytes[i ..< i + needle.count]) == needle {
            return i
        }
        return nil
    }

    static let original: [ParquetTestUtils.Decoded]? = try? ParquetTestUtils.decodeEverything(SharedData.referenceHistoryPath)

    @Test func truncatedAnywhere() throws {
        let bytes = try ParquetTestUtils.bytes(of: SharedData.referenceHistoryPath)
        let original = try #require(Self.original)
        let folder = try SharedData.temporaryDirectory("parquet-cut")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 100 cuts spread over the file, 100 over its last 8 KiB (footer and last pages), and the last 16 bytes.
        var cuts = Set((0 ..< 100).map { $0 * bytes.count / 100 })
        cuts.formUnion((0 ..< 100).map { bytes.count - 8192 + $0 * 8192 / 100 })
        cuts.formUnion(bytes.count - 16 ..< bytes.count)
        var tally = Tally()
        let path = folder.appendingPathComponent("cut.parquet").path
        for cut in cuts.sorted() {
            try Data(bytes[0 ..< cut]).write(to: URL(fileURLWithPath: path))
            tally.record(path, original)
        }
        #expect(tally.intact == 0, "a cut file never reads as the whole")
        print("truncations: \(cuts.count), errors \(tally.errors)")
    }

    @Test func flippedBytes() throws {
        let bytes = try ParquetTestUtils.bytes(of: SharedData.referenceHistoryPath)
        let original = try #require(Self.original)
        let folder = try SharedData.temporaryDirectory("parquet-flip")
        defer { try? FileManager.default.removeItem(at: folder) }

        // Where things are: the footer, and each chunk's first page header and data.
        let size = bytes.count
        let footerLength = Int(bytes[size - 8]) | Int(bytes[size - 7]) << 8 | Int(bytes[size - 6]) << 16
        let footerStart = size - 8 - footerLength
        let metadata = try Array(bytes[footerStart ..< size - 8]).withUnsafeBytes { try ParquetFileMetadata.decode($0) }
        var positions: [Int] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        // Footer flips: schema and row groups (the key/value metadata after them is free text, never read),
        // plus the footer length and magic.
        let keyValues = Self.find(Array("ARROW:schema".utf8), in: bytes, from: footerStart) ?? size - 8
        for _ in 0 ..< 50 { positions.append(footerStart + next(keyValues - footerStart)) }
        positions += Array(size - 8 ..< size)
        for chunk in metadata.rowGroups[0].columns {
            let start = Int(chunk.byteRange.start)
            for k in 0 ..< 12 { positions.append(start + k) }  // the first page header, byte by byte
            for _ in 0 ..< 8 { positions.append(start + 12 + next(max(1, Int(chunk.totalCompressedSize) - 12))) }
        }
        var tally = Tally()
        let path = folder.appendingPathComponent("flip.parquet").path
        for (i, position) in positions.enumerated() {
            var damaged = bytes
            damaged[position] ^= [0xFF, 0x01, 0x80, 0x10][i % 4]
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            tally.record(path, original, threads: [1, 8])
        }
        print("flips: \(positions.count), intact \(tally.intact), errors \(tally.errors)")
    }
}
