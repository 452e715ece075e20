public import Testing
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
}
