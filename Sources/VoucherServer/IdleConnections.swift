/// One event loop's idle connections — open, between requests, nothing of a
/// request received, no answer waiting to be written — longest idle first, so that at the connection limit
/// the server can close the one idle longest (``LoopState/closeLongestIdle()``).
///
/// A doubly linked list threaded through the handlers themselves
/// (``VoucherHTTPHandler/idlePrevious``, ``VoucherHTTPHandler/idleNext``):
/// a connection joins at the end when it goes idle (accepted, or at the end
/// of a read burst that left no request under way, or when its answers
/// can be written again) and leaves when bytes arrive, when it stops being
/// writable, or when it closes. Both are a few pointer writes, done once per burst,
/// never per byte; nothing is allocated. The list is ordered by the time its
/// members went idle because they join in that order.
///
/// The links do not own the handlers (`unowned(unsafe)`: no reference
/// counting on the request path). That is safe because a listed handler is
/// also held by its loop's connection table, and ``LoopState/remove(_:)``
/// takes it off this list before it leaves that table.
///
/// Not thread-safe: owned by one ``LoopState`` and used on its loop only.
final class IdleConnections {
    /// The connection idle longest.
    private(set) unowned(unsafe) var first: VoucherHTTPHandler?
    /// The connection that went idle last.
    private unowned(unsafe) var last: VoucherHTTPHandler?
    /// How many connections are listed.
    private(set) var count = 0

    /// Lists `handler` as the latest to go idle (nothing if listed already).
    @inline(__always)
    func append(_ handler: VoucherHTTPHandler) {
        guard !handler.isListedIdle else { return }
        handler.isListedIdle = true
        handler.idlePrevious = last
        handler.idleNext = nil
        if let last { last.idleNext = handler } else { first = handler }
        last = handler
        count &+= 1
    }

    /// Takes `handler` off the list (nothing if not listed).
    @inline(__always)
    func remove(_ handler: VoucherHTTPHandler) {
        guard handler.isListedIdle else { return }
        handler.isListedIdle = false
        let previous = handler.idlePrevious, next = handler.idleNext
        if let previous { previous.idleNext = next } else { first = next }
        if let next { next.idlePrevious = previous } else { last = previous }
        handler.idlePrevious = nil
        handler.idleNext = nil
        count &-= 1
    }
}
