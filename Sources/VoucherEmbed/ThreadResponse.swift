#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VoucherAPI

/// One ``LookupResponse`` per thread, for `vt_answer_json`: the server's
/// own renderer, whose body storage is kept between calls, so a thread's
/// answers after its first allocate nothing, and threads never share one.
///
/// Held in POSIX thread-specific data (no Foundation): made on a thread's
/// first call, freed when the thread exits.
final class ThreadResponse {
    /// The rendered answer of this thread's last call.
    var response = LookupResponse(capacity: 512)

    /// The key of the thread-specific slot; made once, on first use (Swift
    /// initialises globals exactly once, thread-safely).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { value in
            guard let value else { return }
            Unmanaged<ThreadResponse>.fromOpaque(UnsafeRawPointer(value)).release()
        }
        precondition(created == 0, "pthread_key_create failed: \(created)")
        return key
    }()

    /// This thread's response, made on its first call.
    static var current: ThreadResponse {
        if let value = pthread_getspecific(key) {
            return Unmanaged<ThreadResponse>.fromOpaque(UnsafeRawPointer(value)).takeUnretainedValue()
        }
        let made = ThreadResponse()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }
}
