import Testing
@testable import VoucherCompiler
import VoucherTable
import VoucherTestSupport

/// The CPU's SHA-256 instructions, which the compiler uses to hash history
/// files, give the portable code's digests.
@Suite struct HardwareSHA256Tests {
    @Test func sameDigestsAsThePortableCode() throws {
        guard let blocks = SourceIdentity.hardwareBlocks else {
            print("HardwareSHA256Tests: this CPU has no SHA-256 instructions; the portable code is used and tested alone")
            return
        }
        var generator = SplitMix(seed: 7)
        let message = (0 ..< (1 << 20) + 300).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for length in Array(0 ... 200) + [1 << 20, (1 << 20) + 300] {
            let bytes = Array(message[0 ..< length])
            var hardware = SHA256(blockFunction: blocks)
            hardware.update(Array(bytes.prefix(length / 3)))
            hardware.update(Array(bytes.dropFirst(length / 3)))
            #expect(hardware.finalize() == SHA256.hash(bytes), "length \(length)")
        }
        var oneMillionA = SHA256(blockFunction: blocks)
        oneMillionA.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(SHA256.hex(oneMillionA.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
