import FuzzHarness

/// libFuzzer's entry point: FuzzTarget.json's property on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.json.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
