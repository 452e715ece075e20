import Dispatch

/// Work started on another thread now and waited for later, to use the
/// machine's second core: the Parquet reader decodes columns on two threads,
/// the compiler hashes a history file (SHA-256) while it compiles it.
package final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // Safe: `result` is written once by the worker before it signals, and
    // read only after `wait()` has seen that signal.
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    package init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    /// Blocks until the work has finished; returns its value or rethrows its error.
    package func wait() throws -> Value {
        done.wait()
        done.signal()  // a later wait() returns at once
        return try result!.get()  // set before the signal
    }
}
