import CHardware
import VoucherHistory
package import VoucherTable

extension SourceIdentity {
    /// The identity of a history file: its name without folder, its size and
    /// the SHA-256 of its bytes, read in 64 KiB blocks into one buffer.
    ///
    /// - Throws: ``HistoryError`` when the file cannot be read.
    package init(hashing path: String) throws {
        let file = try FileHandleReader(path: path)
        var hasher = SHA256(blockFunction: Self.hardwareBlocks)
        var buffer: [UInt8] = []
        var offset = 0
        while offset < file.size {
            let count = min(1 << 16, file.size - offset)
            try file.read(at: offset, count: count, into: &buffer)
            hasher.update(buffer)
            offset += count
        }
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        self.init(name: name, size: Int64(file.size), sha256: hasher.finalize())
    }

    /// The CPU's SHA-256 instructions where it has them (x86-64 SHA
    /// extensions), else nil: the portable code.
    static let hardwareBlocks: SHA256.BlockFunction? = {
        guard voucher_sha256_hardware_available() == 1 else { return nil }
        return { state, blocks, count in voucher_sha256_hardware_blocks(state, blocks, count) }
    }()
}
