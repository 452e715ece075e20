import NIOCore
import VoucherAPI
import VoucherTable

/// Routing and answers.
extension VoucherHTTPHandler {
    /// Answers one complete request and consumes its in-buffer body.
    func respond(context: ChannelHandlerContext, to head: HTTPRequestHead, body: HTTPRequestParser.Body,
                 in buffer: inout ByteBuffer) {
        switch head.endpoint {
        case .voucher:
            if head.method != .post {
                writeError(.methodNotAllowed, endpoint: .voucher, head: head, allow: .post)
            } else if head.contentType == .other {
                writeError(.unsupportedMediaType(got: parser.texts.contentType), endpoint: .voucher, head: head)
            } else {
                answerLookup(head: head, body: body, in: buffer)
            }
        case .health:
            if head.method == .get || head.method == .head {
                let serving = loop.serving
                writeResponse(status: serving.healthStatus, endpoint: .health, head: head, contentType: .json,
                              body: serving.healthBody)
            } else {
                writeError(Self.getOnly("/health"), endpoint: .health, head: head, allow: .getAndHead)
            }
        case .metrics:
            if head.method == .get || head.method == .head {
                startMetrics(context: context, head: head)
            } else {
                writeError(Self.getOnly("/metrics"), endpoint: .metrics, head: head, allow: .getAndHead)
            }
        case .other:
            writeError(.notFound(path: parser.texts.path), endpoint: .other, head: head)
        }
        if case .inBuffer(let length) = body { buffer.moveReaderIndex(forwardBy: length) }
    }

    /// behaviour §5: validates the body, looks it up in this loop's table, answers.
    private func answerLookup(head: HTTPRequestHead, body: HTTPRequestParser.Body, in buffer: ByteBuffer) {
        // Holding `serving` holds the table's mapping until the answer is made, across any reload.
        let serving = loop.serving
        guard let loaded = serving.table else {
            writeError(Self.noTable, endpoint: .voucher, head: head)
            return
        }
        let table = loaded.table
        let now = ServerSyscall.wallClockNanoseconds()
        let outcome: Result<VoucherLookup, APIError>
        switch body {
        case .inBuffer(let length):
            outcome = buffer.withUnsafeReadableBytes { bytes in
                LookupRequest.answer(body: UnsafeRawBufferPointer(rebasing: bytes[..<length]), table: table, now: now)
            }
        case .decoded:
            outcome = parser.chunkedBody.withUnsafeBytes { LookupRequest.answer(body: $0, table: table, now: now) }
        case .none:
            outcome = LookupRequest.answer(body: UnsafeRawBufferPointer(start: nil, count: 0), table: table, now: now)
        }
        if case .success(let lookup) = outcome { loop.lookups.count(lookup.entry, in: loaded) }
        if case .success(let lookup) = outcome, head.explain {
            explain(lookup, head: head, body: body, in: buffer, table: loaded, now: now)
            return
        }
        // The common answer: a cached whole response (HTTP/1.1, connection kept, not HEAD).
        if case .success(let lookup) = outcome, head.method == .post, !head.isHTTP10, !closesAfter(head) {
            out.writeImmutableBuffer(loop.okResponse(amount: lookup.amount))
            finish(endpoint: .voucher, status: 200, close: false, started: burstStart)
            return
        }
        loop.response.render(outcome)
        writeRendered(endpoint: .voucher, head: head)
    }

    /// `?explain=true`: the answer with how it was found (the request is read
    /// again for its metric value; not the hot path).
    private func explain(_ lookup: VoucherLookup, head: HTTPRequestHead, body: HTTPRequestParser.Body, in buffer: ByteBuffer,
                         table: LoadedTable, now: Int64) {
        let request: LookupRequest?
        switch body {
        case .inBuffer(let length):
            request = buffer.withUnsafeReadableBytes { bytes in
                try? LookupRequest(body: UnsafeRawBufferPointer(rebasing: bytes[..<length]), table: table.table, now: now)
            }
        case .decoded:
            request = parser.chunkedBody.withUnsafeBytes { try? LookupRequest(body: $0, table: table.table, now: now) }
        case .none:
            request = nil
        }
        if let request {
            loop.response.renderExplained(lookup, request: request, table: table.table, sha256: table.sha256)
        } else {
            loop.response.render(.success(lookup))
        }
        writeRendered(endpoint: .voucher, head: head)
    }

    /// `/metrics` gathers every loop's counters: the answer comes later, and
    /// until it is written nothing else is answered or read.
    private func startMetrics(context: ChannelHandlerContext, head: HTTPRequestHead) {
        phase = .waiting
        let started = burstStart
        let serving = loop.serving
        core.renderMetrics(on: context.eventLoop, serving: serving).and(core.renderLookups(on: context.eventLoop))
            .map { $0 + $1 }.assumeIsolated().whenComplete { result in
            self.finishMetrics(context: context, head: head, started: started, result)
        }
    }

    private func finishMetrics(context: ChannelHandlerContext, head: HTTPRequestHead, started: Int64,
                               _ result: Result<[UInt8], any Error>) {
        guard case .waiting = phase else { return }
        phase = .open
        switch result {
        case .success(let page):
            writeResponse(status: 200, endpoint: .metrics, head: head, contentType: .prometheus, body: page,
                          started: started)
        case .failure(let error):
            core.logger.error("metrics could not be gathered", metadata: ["error": "\(error)"])
            writeError(.internalError, endpoint: .metrics, head: head)
        }
        if case .open = phase {
            process(context: context, &pending)
            compactPending()
        }
        flushOutput(context: context)
        // Between bursts with nothing under way: idle again.
        if case .open = phase, writable, burstStart == 0, parser.isBetweenRequests, pending.readableBytes == 0 {
            loop.idle.append(self)
        }
        resumeReadingIfHeld(context: context)
    }

    // MARK: - Writing answers

    /// Renders `error` into the loop's response buffer and writes it.
    func writeError(_ error: APIError, endpoint: Endpoint, head: HTTPRequestHead?,
                    allow: ResponseWriter.Allow = .none) {
        loop.response.render(error)
        writeRendered(endpoint: endpoint, head: head, allow: allow)
    }

    /// Writes the loop's rendered response.
    private func writeRendered(endpoint: Endpoint, head: HTTPRequestHead?, allow: ResponseWriter.Allow = .none) {
        let status = loop.response.status
        let close = closesAfter(head)
        loop.response.body.withUnsafeBytes { body in
            ResponseWriter.write(status: status, contentType: .json, body: body, omitBody: head?.method == .head,
                                 connection: connectionField(head, close: close), allow: allow, date: loop.dateLine,
                                 into: &out)
        }
        finish(endpoint: endpoint, status: status, close: close, started: burstStart)
    }

    /// Writes a response with a body from elsewhere (health, metrics).
    private func writeResponse(status: Int, endpoint: Endpoint, head: HTTPRequestHead,
                               contentType: ResponseWriter.ContentType, body: [UInt8], started: Int64? = nil) {
        let close = closesAfter(head)
        body.withUnsafeBytes { bytes in
            ResponseWriter.write(status: status, contentType: contentType, body: bytes, omitBody: head.method == .head,
                                 connection: connectionField(head, close: close), date: loop.dateLine, into: &out)
        }
        finish(endpoint: endpoint, status: status, close: close, started: started ?? burstStart)
    }

    private func finish(endpoint: Endpoint, status: Int, close: Bool, started: Int64) {
        let now = ServerSyscall.monotonicNanoseconds()
        loop.requests.record(endpoint, status: status, nanoseconds: started == 0 ? 0 : now &- started)
        if close { phase = .closing(since: now) }
    }

    /// Whether this answer is the connection's last: the client asked, the
    /// request broke the framing (no head), or the server is shutting down.
    private func closesAfter(_ head: HTTPRequestHead?) -> Bool {
        guard let head else { return true }
        return !head.keepAlive || drainRequested
    }

    private func connectionField(_ head: HTTPRequestHead?, close: Bool) -> ResponseWriter.Connection {
        if close { return .close }
        return head?.isHTTP10 == true ? .keepAlive : .implicit
    }

    /// `503` while no valid table is loaded.
    static let noTable = APIError(status: 503, message: "no valid voucher table is loaded; see GET /health")

    /// `405` on a read-only path.
    static func getOnly(_ path: String) -> APIError {
        APIError(status: 405, message: "method not allowed on \(path); use GET")
    }
}
