import Logging
import NIOCore
import VoucherAPI

/// The whole HTTP/1.1 pipeline of one connection, in one handler: it
/// parses requests from the bytes read (``HTTPRequestParser``), answers
/// each into one outgoing buffer (``ResponseWriter``), and writes and
/// flushes that buffer once per read burst (`channelReadComplete`), so
/// keep-alive and pipelined requests are answered in order with one write
/// system call per burst. On the happy path nothing is allocated: the
/// body is read in place, the table lookup and the answer reuse the loop's
/// buffers, and the outgoing buffer is recycled.
///
/// Routing: `POST /voucher` (behaviour §5); `GET`/`HEAD` `/health` and
/// `/metrics`; another method on those paths is `405` with `Allow`; any
/// other path is `404`. Errors answer `{"error": "…"}`.
///
/// `Content-Type` of `POST /voucher`: `application/json` (parameters such as
/// `charset` ignored) and `application/<x>+json` are JSON; **a request with
/// no `Content-Type` is read as JSON too** (clients such as `curl -d`
/// without `-H` and many scripts omit it, and the body decides anyway:
/// anything but a JSON object is `400`); any other type is `415`.
///
/// Connections: a request that breaks the framing (`400`, `413`, `431`,
/// `505` from the parser) is answered with `Connection: close`, then the
/// output is shut down and the connection closed. `/metrics` is answered
/// asynchronously (it gathers every loop's counters); meanwhile later
/// pipelined requests wait, and reading is paused, so answers stay in order.
/// Reading also pauses while the channel is not writable.
///
/// Not thread-safe: one per connection, used on its event loop only.
final class VoucherHTTPHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Never
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase {
        /// Reading and answering.
        case open
        /// An asynchronous answer (`/metrics`) is being prepared; input waits.
        case waiting
        /// The last answer is written; the output is shut down; input is discarded.
        case closing(since: Int64)
        /// The channel is closed.
        case closed
    }

    let loop: LoopState
    let core: ServerCore
    var parser: HTTPRequestParser
    /// Bytes of requests not complete yet (or waiting behind an async answer).
    var pending: ByteBuffer
    /// Answers of the current burst, written at its end.
    var out: ByteBuffer
    var context: ChannelHandlerContext?
    var phase = Phase.open
    var readHeld = false
    var writable = true
    var drainRequested = false
    /// The output has been shut down after the last answer.
    var outputClosed = false
    /// Monotonic time of the first read of the current burst (0 between bursts).
    var burstStart: Int64 = 0
    /// Monotonic time of the latest read.
    var lastActivity: Int64
    /// Monotonic time since when a request has been partly received (0: none).
    var partialSince: Int64 = 0
    /// Whether this connection is in its loop's ``LoopState/idle`` list.
    var isListedIdle = false
    /// The connection listed before this one in ``LoopState/idle`` (idle longer).
    var idlePrevious: IdleConnections.Link?
    /// The connection listed after this one in ``LoopState/idle``.
    var idleNext: IdleConnections.Link?

    init(loop: LoopState, core: ServerCore, allocator: ByteBufferAllocator) {
        self.loop = loop
        self.core = core
        let configuration = loop.configuration
        parser = HTTPRequestParser(limits: .init(maxHeadBytes: configuration.maxHeadBytes,
                                                 maxHeaderCount: configuration.maxHeaderCount,
                                                 maxBodyBytes: configuration.maxBodyBytes))
        pending = allocator.buffer(capacity: 0)
        out = allocator.buffer(capacity: 2048)
        lastActivity = ServerSyscall.monotonicNanoseconds()
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        writable = context.channel.isWritable
        loop.add(self)
        loop.idle.append(self)
        if loop.isDraining { drain() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        phase = .closed
        loop.remove(self)
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        phase = .closed
        loop.remove(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if burstStart == 0 {
            burstStart = ServerSyscall.monotonicNanoseconds()
            lastActivity = burstStart
            loop.idle.remove(self)
        }
        switch phase {
        case .closing, .closed:
            return
        case .waiting:
            pending.writeBuffer(&incoming)
            return
        case .open:
            break
        }
        if pending.readableBytes == 0 {
            process(context: context, &incoming)
            if incoming.readableBytes > 0 {
                switch phase {
                case .open, .waiting:
                    pending.clear()
                    pending.writeBuffer(&incoming)
                case .closing, .closed:
                    break
                }
            }
        } else {
            pending.writeBuffer(&incoming)
            process(context: context, &pending)
            compactPending()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushOutput(context: context)
        burstStart = 0
        if case .open = phase {
            if parser.isBetweenRequests && pending.readableBytes == 0 {
                partialSince = 0
                // Idle, unless answers are still waiting to be written.
                if writable { loop.idle.append(self) }
            } else if partialSince == 0 {
                partialSince = lastActivity
            }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        if !writable {
            loop.idle.remove(self)
        } else if case .open = phase, burstStart == 0, parser.isBetweenRequests, pending.readableBytes == 0 {
            loop.idle.append(self)
        }
        resumeReadingIfHeld(context: context)
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if case .waiting = phase {
            readHeld = true
        } else if !writable {
            readHeld = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Resets and broken pipes are the client's business: not worth a log line each.
        core.logger.debug("connection error", metadata: ["error": "\(error)"])
        forceClose()
    }

    // MARK: - Requests

    /// Answers every complete request in `buffer`, in order, until it runs
    /// out, an answer must wait (`/metrics`) or the connection is closing.
    func process(context: ChannelHandlerContext, _ buffer: inout ByteBuffer) {
        while case .open = phase {
            switch parser.next(&buffer) {
            case .needMoreData:
                return
            case .sendContinue:
                ResponseWriter.writeContinue(into: &out)
            case .request(let head, let body):
                respond(context: context, to: head, body: body, in: &buffer)
            case .failure(let error, let endpoint):
                writeError(error, endpoint: endpoint, head: nil)
            }
        }
    }
}
