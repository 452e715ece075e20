/// One event loop's idle connections — open, between requests, nothing of a
/// request received, no answer waiting to be written — longest idle first,
/// so that at the connection limit the server can close the one idle
/// longest (``LoopState/closeLongestIdle()``).
///
/// A doubly linked list threaded through the handlers themselves
/// (``VoucherHTTPHandler/idlePrevious``, ``VoucherHTTPHandler/idleNext``):
/// a connection joins at the end when it goes idle (accepted, at the end
/// of a read burst that left no request under way, or when its answers
/// can be written again) and leaves when bytes arrive, when it stops being
/// writable, or when it closes. Both are a few stores, done once per burst,
/// never per byte; nothing is allocated. The list is ordered by the time its
/// members went idle because they join in that order.
///
/// The links are `Unmanaged`: they do not own the handlers, and following
/// them counts no references (a strong or even `unowned(unsafe)` reference
/// read into a local is retained and released: ~130 instructions a request
/// under callgrind). That is safe because a listed handler is also held by
/// its loop's connection table, and ``LoopState/remove(_:)`` takes it off
/// this list before it leaves that table.
///
/// Not thread-safe: a value owned by one ``LoopState``, used on its loop only.
struct IdleConnections {
    typealias Link = Unmanaged<VoucherHTTPHandler>

    private var firstLink: Link?
    private var lastLink: Link?
    /// How many connections are listed.
    private(set) var count = 0

    /// The connection idle longest.
    var first: VoucherHTTPHandler? { firstLink?.takeUnretainedValue() }

    /// Lists `handler` as the latest to go idle (nothing if listed already).
    @inline(__always)
    mutating func append(_ handler: VoucherHTTPHandler) {
        guard !handler.isListedIdle else { return }
        let link = Link.passUnretained(handler)
        handler.isListedIdle = true
        handler.idlePrevious = lastLink
        handler.idleNext = nil
        if let lastLink {
            lastLink._withUnsafeGuaranteedRef { $0.idleNext = link }
        } else {
            firstLink = link
        }
        lastLink = link
        count &+= 1
    }

    /// Takes `handler` off the list (nothing if not listed).
    @inline(__always)
    mutating func remove(_ handler: VoucherHTTPHandler) {
        guard handler.isListedIdle else { return }
        handler.isListedIdle = false
        let previous = handler.idlePrevious, next = handler.idleNext
        if let previous { previous._withUnsafeGuaranteedRef { $0.idleNext = next } } else { firstLink = next }
        if let next { next._withUnsafeGuaranteedRef { $0.idlePrevious = previous } } else { lastLink = previous }
        handler.idlePrevious = nil
        handler.idleNext = nil
        count &-= 1
    }
}
