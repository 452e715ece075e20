import CAllocationCounter
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import VoucherServer
import VoucherTestSupport

/// `POST /voucher` on a kept connection allocates nothing once the
/// connection has answered its first request (the handler's documented
/// contract). The server's handler runs in process on an `EmbeddedChannel`,
/// behind a stand-in for the socket that takes each answer's bytes at once
/// (as a socket write does) and keeps a copy for the checks; heap
/// allocations are counted on the calling thread by the test-only
/// `CAllocationCounter`.
struct RequestAllocationTests {
    /// Takes every outgoing buffer and keeps a copy of the latest bytes
    /// written, in storage reused from one answer to the next.
    final class SocketStandIn: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        var written: [UInt8] = []
        /// Buffers written so far.
        var writes = 0

        init() { written.reserveCapacity(4096) }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            let buffer = unwrapOutboundIn(data)
            written.removeAll(keepingCapacity: true)
            written.append(contentsOf: buffer.readableBytesView)
            writes += 1
            promise?.succeed(())
        }

        func flush(context: ChannelHandlerContext) {}
    }

    @Test(.enabled(if: BuildConfiguration.isOptimized, BuildConfiguration.allocationSkipReason))
    func keptConnectionRequestAllocatesNothing() throws {
        let folder = try SharedData.temporaryDirectory("voucher-allocation-tests")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vouchers.vtab").path
        try TestTables.write(generation: 1, to: path)

        let channel = EmbeddedChannel()
        let configuration = ServerConfiguration(tablePath: path, host: "127.0.0.1", port: 0)
        let serving = ServingState(table: try LoadedTable.load(path: path), reloads: 0, failedReloads: 0, lastFailure: nil)
        let state = LoopState(eventLoop: channel.embeddedEventLoop, configuration: configuration, serving: serving)
        let box = NIOLoopBoundBox(state, eventLoop: channel.embeddedEventLoop)
        let core = ServerCore(configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                              loops: [box])
        let socket = SocketStandIn()
        try channel.pipeline.syncOperations.addHandler(socket)
        try channel.pipeline.syncOperations.addHandler(VoucherHTTPHandler(loop: state, core: core, allocator: channel.allocator))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()

        let body = Array(SpecExample.body.utf8)
        let head = "POST /voucher HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        var request = channel.allocator.buffer(capacity: head.utf8.count + body.count)
        request.writeString(head)
        request.writeBytes(body)
        let expected = TestTables.amount(generation: 1, country: "peru", segment: 0, bucket: 0)
        let expectedBody = Array("{\"voucher_amount\": \(expected)}".utf8)

        func send() {
            channel.pipeline.fireChannelRead(NIOAny(request))
            channel.pipeline.fireChannelReadComplete()
        }
        // The first request fills the loop's caches (the cached `200` of its amount).
        send()
        send()
        #expect(socket.written.starts(with: Array("HTTP/1.1 200 OK\r\n".utf8)))
        #expect(socket.written.suffix(expectedBody.count).elementsEqual(expectedBody),
                "\(String(decoding: socket.written, as: UTF8.self))")

        let requests = 1000
        socket.written.removeAll(keepingCapacity: true)
        let writesBefore = socket.writes
        let before = voucher_thread_allocations()
        for _ in 0 ..< requests { send() }
        let allocations = voucher_thread_allocations() - before
        #expect(allocations == 0, "\(allocations) allocations in \(requests) requests")
        #expect(socket.writes - writesBefore == requests, "one answer written per request")
        #expect(socket.written.starts(with: Array("HTTP/1.1 200 OK\r\n".utf8)))
        #expect(socket.written.suffix(expectedBody.count).elementsEqual(expectedBody))

        _ = try? channel.finish()
    }
}
