import FuzzHarness

/// libFuzzer's entry point: FuzzTarget.csv's property on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.csv.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
