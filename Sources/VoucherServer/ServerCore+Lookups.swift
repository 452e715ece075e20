import NIOCore

extension ServerCore {
    /// The `voucher_lookups_total` lines: every loop's ``LookupCounters``,
    /// snapshotted on its own loop and summed on `eventLoop`.
    func renderLookups(on eventLoop: any EventLoop) -> EventLoopFuture<[UInt8]> {
        let snapshots = loops.map { box in box.eventLoop.submit { box.value.lookups.snapshot() } }
        return EventLoopFuture.whenAllSucceed(snapshots, on: eventLoop).map { LookupCounters.render($0) }
    }
}
