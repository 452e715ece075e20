import Dispatch

/// Work started on another thread now and waited for later, beside the
/// compile's own (``Parallelism``): the compiler hashes a history file
/// (SHA-256) while it compiles it, the report encodes its JSON.
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

/// Lets go of `value` on another thread: freeing tens of megabytes (a
/// batch's columns, the compiler's duplicate check) unmaps thousands of
/// pages, milliseconds the caller need not wait for. Helps only when the
/// caller holds no other reference to the value's storage.
package func releaseInBackground<Value>(_ value: consuming Value) {
    let box = ReleaseBox(value)
    DispatchQueue.global().async { box.release() }
}

/// Holds a value until ``release()``. Safe to hand to another thread here:
/// the thread that made it touches it no more.
private final class ReleaseBox<Value>: @unchecked Sendable {
    private var value: Value?
    init(_ value: consuming Value) { self.value = value }
    func release() { value = nil }
}
