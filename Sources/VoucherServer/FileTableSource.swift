import Logging

/// A table file watched by `stat` (device, inode, size, modification time):
/// today's `voucher serve --table FILE`. A file that fails verification is
/// not tried again until it changes or a reload is requested; a file that
/// disappears leaves the loaded table in service.
final class FileTableSource: TableSource {
    let path: String
    /// The identity of the file last loaded or refused.
    private var lastSeen: FileIdentity?

    init(path: String) {
        self.path = path
        lastSeen = try? ServerSyscall.identity(of: path)
    }

    var description: String { path }
    var changeReason: String { "file changed" }
    var retriesFailures: Bool { false }

    func hasChanged(serving: LoadedTable?, logger: Logger) -> Bool {
        let identity: FileIdentity?
        do {
            identity = try ServerSyscall.identity(of: path)
        } catch {
            identity = nil
        }
        guard identity != lastSeen else { return false }
        guard identity != nil else {
            lastSeen = nil
            logger.warning("table file is gone; still serving the loaded table", metadata: ["path": "\(path)"])
            return false
        }
        return true
    }

    func load(serving: LoadedTable?) throws(ServerError) -> LoadedTable? {
        do {
            let table = try LoadedTable.load(path: path)
            lastSeen = table.identity
            return table
        } catch {
            lastSeen = try? ServerSyscall.identity(of: path)
            throw error
        }
    }
}
