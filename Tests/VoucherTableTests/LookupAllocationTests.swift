import CAllocationCounter
import Testing
import VoucherTable
import VoucherTestSupport

/// The lookup is allocation-free for ASCII countries (its documented
/// contract): heap allocations are counted on the calling thread by the
/// test-only `CAllocationCounter`, around lookups with no `await` between.
struct LookupAllocationTests {
    @Test func countingSeesAnAllocation() {
        let before = voucher_thread_allocations()
        let text = String(describing: [Int](repeating: 7, count: Int(before % 5) + 100))
        let after = voucher_thread_allocations()
        #expect(text.hasPrefix("[7, 7"))
        #expect(after > before, "the counter must see an array's allocation, or the tests below prove nothing")
    }

    @Test(.enabled(if: BuildConfiguration.isOptimized, BuildConfiguration.allocationSkipReason))
    func asciiLookupsAllocateNothing() throws {
        let table = TableFixtures.table
        // Spellings the lookup trims and folds in place: small strings and a
        // heap string (longer than 15 bytes), all made before counting.
        let spellings: [String] = ["peru", "PERU", " Peru\t", "china", "  Latvia  ", String(repeating: " ", count: 20) + "peru"]
        let segments = table.segmentNames.count
        var answers: [Int64] = []
        answers.reserveCapacity(spellings.count * segments * 4)
        let values: [Int64] = [0, 7, 45, 400]
        for spelling in spellings {
            for segment in 0 ..< segments {
                for value in values {
                    answers.append(try table.lookup(country: spelling, segment: segment, metricValue: value).amount)
                }
            }
        }

        var total: Int64 = 0
        let before = voucher_thread_allocations()
        for _ in 0 ..< 100 {
            for spelling in spellings {
                for segment in 0 ..< segments {
                    for value in values {
                        total &+= try table.lookup(country: spelling, segment: segment, metricValue: value).amount
                    }
                }
            }
        }
        let allocations = voucher_thread_allocations() - before
        #expect(allocations == 0, "\(allocations) allocations in \(100 * answers.count) lookups")
        #expect(total == 100 * answers.reduce(0, &+))
    }
}
