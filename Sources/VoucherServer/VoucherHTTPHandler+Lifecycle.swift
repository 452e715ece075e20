import Logging
import NIOCore

/// Writing, back-pressure, timeouts, draining and closing.
extension VoucherHTTPHandler {
    /// Writes and flushes the burst's answers; once the last answer is out
    /// (`Connection: close`), shuts the output down after it, so the client
    /// reads every answer before the end of the stream.
    func flushOutput(context: ChannelHandlerContext) {
        if out.readableBytes > 0 {
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            // The write above usually completes at once, leaving the storage
            // unshared again: `clear()` then reuses it without allocating.
            out.clear()
        }
        if case .closing = phase, !outputClosed {
            outputClosed = true
            context.close(mode: .output, promise: nil)
        }
    }

    /// Drops consumed bytes of `pending`, reusing its storage.
    func compactPending() {
        if pending.readableBytes == 0 {
            pending.clear()
        } else if pending.readerIndex >= 8192 {
            pending.discardReadBytes()
        }
    }

    /// Asks for more input if a read was held back and nothing holds it now.
    func resumeReadingIfHeld(context: ChannelHandlerContext) {
        guard readHeld, writable, case .open = phase else { return }
        readHeld = false
        context.read()
    }

    /// Called by the loop's sweep: closes a connection that has been idle
    /// too long, one whose request is taking too long to arrive, and one
    /// that was told to close but whose client does not (after the shorter
    /// of the read timeout and 2 s).
    func checkTimeouts(now: Int64, idleTimeout: Int64, readTimeout: Int64) {
        switch phase {
        case .closed, .waiting:
            return
        case .closing(let since):
            if now - since >= min(readTimeout, 2_000_000_000) { forceClose() }
        case .open:
            if partialSince != 0 {
                guard now - partialSince >= readTimeout else { return }
                loop.requests.readTimeouts &+= 1
                core.logger.debug("read timeout: closing a connection whose request did not arrive in time")
                forceClose()
            } else if now - lastActivity >= idleTimeout {
                loop.requests.idleTimeouts &+= 1
                forceClose()
            }
        }
    }

    /// Graceful shutdown: close now if between requests, else after
    /// answering the current one (with `Connection: close`).
    func drain() {
        drainRequested = true
        guard case .open = phase else { return }
        if parser.isBetweenRequests && pending.readableBytes == 0 { forceClose() }
    }

    /// Closes the connection at once.
    func forceClose() {
        if case .closed = phase { return }
        phase = .closed
        context?.close(promise: nil)
    }
}
