import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts the tests' subprocesses, never while a test holds thousands of
/// descriptors open in this process.
///
/// Why: on Linux, Foundation's `Process.run()` (swift-corelibs-foundation
/// up to 6.3.x) lists `/proc/self/fd` to close every inherited descriptor in
/// the child, and copies each directory entry's whole 256-byte `d_name`
/// field, although glibc's `readdir` packs the entries in its 32 KiB heap
/// buffer only as long as their names (24 bytes for a descriptor number of
/// up to four digits). Once the directory fills that buffer, which takes
/// about 1,350 open descriptors, the last entry sits near the buffer's end
/// and the copy of its name reads past it: AddressSanitizer reports a
/// heap-buffer-overflow in `findMaximumOpenFromProcSelfFD`, and a plain
/// build may crash (when the memory after the buffer is unmapped). The
/// descriptor limit does not matter, only how many are open. It cannot be
/// avoided from outside Foundation while the descriptors are open, so the
/// tests keep the two apart: `ConnectionPressureTests` holds 8,192
/// descriptors (4,096 connections, both ends) while other suites run in
/// parallel and launch `voucher`, Python and S3 test servers.
///
/// Launches do not wait for each other, only for a many-descriptors section
/// to end; a section waits for the launches under way and keeps new ones
/// back while it waits. Both wait by blocking their thread, so a section
/// must not `await` (it would wait for a thread its launches may hold).
public enum ProcessLaunch {
    /// `process.run()`, once no many-descriptors section is open.
    public static func run(_ process: Process) throws {
        gate.enterLaunch()
        defer { gate.leaveLaunch() }
        try process.run()
    }

    /// Runs `body`, which opens many descriptors, with no subprocess launched
    /// meanwhile; on its return, waits (up to `settle` seconds) until this
    /// process has fewer than `safeCount` descriptors open again, as the
    /// other ends of its connections may close a moment later.
    public static func withManyDescriptors<T>(settle: TimeInterval = 60, _ body: () throws -> T) rethrows -> T {
        gate.enterSection()
        defer {
            let deadline = Date().addingTimeInterval(settle)
            while openDescriptorCount() >= safeCount && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            gate.leaveSection()
        }
        return try body()
    }

    /// Below this many open descriptors, `/proc/self/fd` fits in well under
    /// half of `readdir`'s buffer.
    public static let safeCount = 512

    /// The descriptors open in this process (the entries of `/proc/self/fd`,
    /// counted without reading their names).
    public static func openDescriptorCount() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while readdir(directory) != nil { count += 1 }
        return max(count - 3, 0)  // ".", ".." and the descriptor `opendir` holds
    }

    private static let gate = Gate()

    /// The state behind the two waits.
    private final class Gate: @unchecked Sendable {
        // @unchecked: every stored variable is read and written only with
        // `condition` locked.
        private let condition = NSCondition()
        private var launches = 0
        private var sectionOpen = false
        private var sectionsWaiting = 0

        func enterLaunch() {
            condition.lock()
            while sectionOpen || sectionsWaiting > 0 { condition.wait() }
            launches += 1
            condition.unlock()
        }

        func leaveLaunch() {
            condition.lock()
            launches -= 1
            condition.broadcast()
            condition.unlock()
        }

        func enterSection() {
            condition.lock()
            sectionsWaiting += 1
            while sectionOpen || launches > 0 { condition.wait() }
            sectionsWaiting -= 1
            sectionOpen = true
            condition.unlock()
        }

        func leaveSection() {
            condition.lock()
            sectionOpen = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
