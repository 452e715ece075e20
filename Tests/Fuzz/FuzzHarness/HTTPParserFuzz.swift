import VoucherServer

/// The HTTP request parser on an arbitrary byte stream: the requests it
/// reads (method, endpoint, framing fields, body) and the failure that ends
/// the stream, if any, do not depend on how the bytes arrive. The stream is
/// fed whole, in random pieces (three splits drawn from a generator seeded
/// by the input, so a run is reproducible), with every CR and LF in reads
/// of their own, and one byte at a time; with the server's limits and with
/// small ones (so that the limits' edges are within reach).
enum HTTPParserFuzz {
    static let limits: [RequestStreamTranscript.Limits] = [
        .server,
        .init(maxHeadBytes: 96, maxHeaderCount: 4, maxBodyBytes: 40),
    ]

    static func run(_ data: UnsafeRawBufferPointer) {
        let stream = Array(data)
        var random = SplitMix(seed: stream.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
        var splits: [(String, [Int])] = []
        for _ in 0 ..< 3 {
            let count = Int(random.next() % UInt64(min(stream.count, 16) + 1))
            splits.append(("random", Set((0 ..< count).map { _ in 1 + Int(random.next() % UInt64(max(stream.count - 1, 1))) })
                .filter { $0 < stream.count }.sorted()))
        }
        var lineEnds: [Int] = []
        for (i, byte) in stream.enumerated() where byte == 0x0D || byte == 0x0A {
            lineEnds.append(i)
            lineEnds.append(i + 1)
        }
        splits.append(("CR and LF alone", Array(Set(lineEnds.filter { $0 > 0 && $0 < stream.count })).sorted()))
        splits.append(("one byte at a time", Array(1 ..< max(stream.count, 1))))
        for limits in limits {
            let whole = RequestStreamTranscript(stream: stream, cuts: [], limits: limits)
            for (name, cuts) in splits {
                let split = RequestStreamTranscript(stream: stream, cuts: cuts, limits: limits)
                precondition(split == whole, """
                    the answer depends on the split (\(name), cuts \(cuts), head limit \(limits.maxHeadBytes)):
                    whole:
                    \(whole)
                    split:
                    \(split)
                    """)
            }
        }
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
