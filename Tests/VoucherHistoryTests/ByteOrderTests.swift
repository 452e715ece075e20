import Testing
import VoucherTestSupport
@testable import VoucherHistory

/// The profiler's byte order (memcmp) is the standard library's lexicographic order.
@Suite struct ByteOrderTests {
    @Test func memcmpOrderIsLexicographic() {
        var random = SplitMix(seed: 5)
        var strings: [[UInt8]] = [[], [0], [0x7F], [0x80], [0xFF], [0x61, 0x62], [0x61], [0x61, 0x62, 0x00]]
        for _ in 0 ..< 300 {
            let length = Int(random.next() % 6)
            // Few distinct bytes, so prefixes and ties are common.
            strings.append((0 ..< length).map { _ in [0x00, 0x61, 0x62, 0x80, 0xFF][Int(random.next() % 5)] })
        }
        for a in strings {
            for b in strings {
                let fast = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in ColumnProfiler.bytes(x, precede: y) } }
                #expect(fast == a.lexicographicallyPrecedes(b), "\(a) \(b)")
            }
        }
    }
}
