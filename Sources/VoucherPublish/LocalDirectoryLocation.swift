import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A published location in a local directory (or a shared file system
/// mounted on every server). Small objects are replaced by writing a
/// temporary file beside them, `fsync`, `rename` and an `fsync` of the
/// directory, so a reader sees the old object or the new one and a crash
/// leaves one of them; versions are stored the same way and never rewritten.
///
/// Stateless apart from its path; safe from any thread.
public struct LocalDirectoryLocation: PublishedLocation {
    /// The directory, as given.
    public let path: String

    /// A location at `path` (created by the first write if absent).
    public init(path: String) {
        self.path = path
    }

    public var description: String { path }

    /// Whether `path` is a directory (what `voucher serve --table` and
    /// `voucher diff` take for a published location).
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The local path of an object.
    public func objectPath(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    public func readObject(_ name: String) throws -> [UInt8]? {
        let file = objectPath(name)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            if !FileManager.default.fileExists(atPath: file) { return nil }  // removed meanwhile
            throw PublishError(code: .io, message: "\(file): cannot be read: \(error.localizedDescription)")
        }
    }

    public func writeObject(_ name: String, _ bytes: [UInt8]) throws {
        try Self.writeAtomically(bytes, to: objectPath(name))
    }

    public func putVersionIfAbsent(sha256: String, fromFile source: String) throws -> Bool {
        let target = objectPath(Self.versionObject(sha256))
        if FileManager.default.fileExists(atPath: target) { return false }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        } catch {
            throw PublishError(code: .io, message: "\(source): cannot be read: \(error.localizedDescription)")
        }
        try Self.writeAtomically(Array(bytes), to: target)
        return true
    }

    public func versions() throws -> [String] {
        let folder = objectPath("versions")
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).compactMap { name in
                guard name.hasSuffix(".vtab") else { return nil }
                let sha = String(name.dropLast(5))
                return PublishedPointer.isSHA256(sha) ? sha : nil
            }
        } catch {
            throw PublishError(code: .io, message: "\(folder): cannot be listed: \(error.localizedDescription)")
        }
    }

    public func deleteVersion(sha256: String) throws {
        let file = objectPath(Self.versionObject(sha256))
        guard unlink(file) == 0 || errno == ENOENT else {
            throw PublishError(code: .io, message: "\(file): cannot be removed: \(String(cString: strerror(errno)))")
        }
    }

    public func fetchVersion(sha256: String, to target: String) throws {
        let file = objectPath(Self.versionObject(sha256))
        guard FileManager.default.fileExists(atPath: file) else {
            throw PublishError(code: .missing, message: "\(path): version \(sha256) is not in versions/")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw PublishError(code: .io, message: "\(file): cannot be read: \(error.localizedDescription)")
        }
        try Self.writeAtomically(Array(bytes), to: target)
    }

    /// Writes `bytes` to `target` by a temporary file in the same directory,
    /// `fsync`, `rename`, and an `fsync` of the directory; creates the
    /// directory if needed. On failure the temporary file is removed and
    /// `target` is unchanged.
    ///
    /// - Throws: ``PublishError`` (`io`) naming the file and the failed call.
    public static func writeAtomically(_ bytes: [UInt8], to target: String) throws {
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw PublishError(code: .io, message: "\(folder): cannot be created: \(error.localizedDescription)")
            }
        }
        let temporary = ((folder.isEmpty ? "." : folder) as NSString)
            .appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp")
        func failure(_ call: String, _ file: String) -> PublishError {
            PublishError(code: .io, message: "\(file): \(call) failed: \(String(cString: strerror(errno)))")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open", temporary) }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            try bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { throw failure("write", temporary) }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw failure("fsync", temporary) }
        }
        guard rename(temporary, target) == 0 else { throw failure("rename", target) }
        ok = true
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }
}
