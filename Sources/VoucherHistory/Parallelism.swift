import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How the read-and-judge pipeline uses the machine's cores: numbered tasks
/// run on up to ``threads`` threads at once, the calling one among them.
/// This is the pipeline's one parallel mechanism; the compile's steps
/// (decoding a row group's column chunks, checking rows, the parts of the
/// duplicate check, counting, parsing a column's times) are its tasks.
///
/// The contract of ``forEach(_:_:)``: while it runs, the tasks only read
/// what they share, and each writes only what is its own (its slice of
/// the rows, its part of the duplicate check, its counts); the caller
/// reads their results after it returns. Tasks are claimed in index order
/// (an atomic counter), so how many threads ran them changes neither what
/// each task does nor its result: the compile's output is the same at any
/// thread count.
///
/// A value: copy it freely and use it from any thread. The Parquet reader
/// takes one (``ParquetReader/parallelism``) for the column chunks of a
/// row group.
public struct Parallelism: Sendable {
    /// The most threads the tasks run on at once (at least 1).
    public let threads: Int

    /// Tasks on up to `threads` threads (fewer than 1 counts as 1).
    public init(threads: Int) {
        self.threads = max(threads, 1)
    }

    /// One thread per core this process may run on.
    public static let machine: Parallelism = {
        #if canImport(Glibc)
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return Parallelism(threads: cores)
        #else
        return Parallelism(threads: 2)
        #endif
    }()

    /// One thread: the caller's.
    public static let serial = Parallelism(threads: 1)

    /// Calls `task(0)`, …, `task(count - 1)`, on up to ``threads`` threads,
    /// and returns when every call has returned (see the type's contract).
    /// A task must never wait for another: with one thread, or the others
    /// busy, the one it waits for may not have started.
    public func forEach(_ count: Int, _ task: (Int) -> Void) {
        forEach(count, withWorker: { i, _ in task(i) })
    }

    /// ``forEach(_:_:)`` that also tells each task which of the running
    /// threads runs it: `task(i, worker)`, `worker` in `0 ..< min(threads,
    /// count)`, the same for every task one thread runs. Tasks running at
    /// the same time have different workers, so a task may use scratch
    /// state of its worker's (buffers reused from one task to the next) as
    /// its own. Which worker runs a task depends on timing: nothing a task
    /// hands back may depend on it.
    public func forEach(_ count: Int, withWorker task: (_ index: Int, _ worker: Int) -> Void) {
        let workers = min(threads, count)
        guard workers > 1 else {
            for i in 0 ..< count { task(i, 0) }
            return
        }
        withoutActuallyEscaping(task) { task in
            let shared = SharedTask(task)
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < count else { return }
                    shared.run(i, worker)
                }
            }
        }
    }
}

/// A task closure handed to the worker threads of one
/// ``Parallelism/forEach(_:withWorker:)`` call. Safe to share: the call does not
/// return before every worker has finished with it (so it never outlives
/// what it captures), and the tasks keep the type's contract (shared state
/// only read; each task writes only its own, and its worker's scratch).
private final class SharedTask: @unchecked Sendable {
    private let task: (Int, Int) -> Void
    init(_ task: @escaping (Int, Int) -> Void) { self.task = task }
    func run(_ i: Int, _ worker: Int) { task(i, worker) }
}
