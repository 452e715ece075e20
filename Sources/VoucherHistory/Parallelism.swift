import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How the read-and-judge pipeline uses the machine's cores: numbered tasks
/// run on up to ``threads`` threads at once, the calling one among them.
/// This is the pipeline's one parallel mechanism; the compile's steps
/// (checking rows, the parts of the duplicate check, counting, parsing a
/// column's times) are its tasks.
///
/// The contract of ``forEach(_:_:)``: while it runs, the tasks only read
/// what they share, and each writes only what is its own (its slice of
/// the rows, its part of the duplicate check, its counts); the caller
/// reads their results after it returns. Tasks are claimed in index order
/// (an atomic counter), so how many threads ran them changes neither what
/// each task does nor its result: the compile's output is the same at any
/// thread count.
package struct Parallelism: Sendable {
    /// The most threads the tasks run on at once (at least 1).
    package let threads: Int

    package init(threads: Int) {
        self.threads = max(threads, 1)
    }

    /// One thread per core this process may run on.
    package static let machine: Parallelism = {
        #if canImport(Glibc)
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return Parallelism(threads: cores)
        #else
        return Parallelism(threads: 2)
        #endif
    }()

    /// One thread: the caller's.
    package static let serial = Parallelism(threads: 1)

    /// Calls `task(0)`, …, `task(count - 1)`, on up to ``threads`` threads,
    /// and returns when every call has returned (see the type's contract).
    package func forEach(_ count: Int, _ task: (Int) -> Void) {
        let workers = min(threads, count)
        guard workers > 1 else {
            for i in 0 ..< count { task(i) }
            return
        }
        withoutActuallyEscaping(task) { task in
            let shared = SharedTask(task)
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < count else { return }
                    shared.run(i)
                }
            }
        }
    }
}

/// A task closure handed to the worker threads of one
/// ``Parallelism/forEach(_:_:)`` call. Safe to share: the call does not
/// return before every worker has finished with it (so it never outlives
/// what it captures), and the tasks keep the type's contract (shared state
/// only read; each task writes only its own).
private final class SharedTask: @unchecked Sendable {
    private let task: (Int) -> Void
    init(_ task: @escaping (Int) -> Void) { self.task = task }
    func run(_ i: Int) { task(i) }
}
