public import Testing

#if canImport(Glibc)
import Glibc
#endif

/// How this test executable was built: SwiftPM builds the tests and the
/// modules they test in one configuration, so this is theirs too.
public enum BuildConfiguration {
    /// True in a release build (`-c release`, optimized), false in a debug build.
    #if DEBUG
    public static let isOptimized = false
    #else
    public static let isOptimized = true
    #endif

    /// Why the allocation tests do not run here: the no-allocation contract
    /// is the optimized build's (unoptimized code allocates for generic
    /// calls the optimizer specializes away); `build/perf-check.sh` runs
    /// them in a release build.
    public static let allocationSkipReason: Comment =
        "allocation counts are the release build's contract: build/perf-check.sh runs these tests with -c release"

    /// The sanitizer this test executable was built with (`swift test
    /// --sanitize=thread` or `address`, as build/sanitize.sh runs it), or nil.
    /// Seen at run time: the sanitizer's runtime is linked into the
    /// executable, and its entry point is then a global symbol.
    public static let sanitizer: String? = {
        if dlsym(nil, "__tsan_init") != nil { return "thread" }
        if dlsym(nil, "__asan_init") != nil { return "address" }
        return nil
    }()

    /// How many times longer than in a plain build a test allows for work
    /// that takes time (a reload, a switch, a process's answer): 1, 10
    /// under AddressSanitizer, 20 under ThreadSanitizer. ThreadSanitizer
    /// makes this code 5-15 times slower, AddressSanitizer 2-5 times, and
    /// build/sanitize.sh runs the whole suite at once on a busy 2-core
    /// machine (a rollback's switch, 3 s in a plain build, took 26.7 s under
    /// ThreadSanitizer at a load of 10). Only time bounds scale, not the
    /// conditions and values a test checks, nor an interval the code under
    /// test keeps by the clock (a poll period).
    public static let timeScale: Double = switch sanitizer {
    case nil: 1
    case "thread": 20
    default: 10
    }
}
