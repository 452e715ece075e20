import FuzzHarness

/// libFuzzer's entry point: FuzzTarget.table's property on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.table.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
