import Foundation
import VoucherHistory

extension HistoryReport {
    /// The report as one self-contained HTML page (UTF-8): inline CSS and
    /// SVG charts, no script, nothing fetched; well-formed as XML.
    public func html() -> String {
        var renderer = HTMLRenderer(report: self)
        return renderer.render()
    }

    /// Writes the HTML page to `htmlPath` and the JSON to `jsonPath`, each
    /// when given, each atomically (a temporary file beside it, then a
    /// rename): an existing file is replaced whole or not at all.
    ///
    /// - Throws: ``ReportError`` naming the file that could not be written.
    /// The JSON is encoded on another thread while the HTML is rendered.
    public func write(htmlTo htmlPath: String?, jsonTo jsonPath: String? = nil) throws(ReportError) {
        let encoding = jsonPath.map { _ in BackgroundWork { try self.json() } }  // a Sendable value, only read
        if let htmlPath { try Self.writeAtomically(Data(html().utf8), to: htmlPath) }
        if let jsonPath, let encoding {
            let data: Data
            do { data = try encoding.wait() } catch { throw ReportError(path: jsonPath, "cannot encode the report: \(error)") }
            try Self.writeAtomically(data, to: jsonPath)
        }
    }

    /// Writes `data` to a temporary file in the target's folder, then renames it over the target.
    static func writeAtomically(_ data: Data, to path: String) throws(ReportError) {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, target.path) != 0 {
                let code = errno
                try? FileManager.default.removeItem(at: temporary)
                throw ReportError(path: path, "cannot rename the temporary file into place: \(String(cString: strerror(code)))")
            }
        } catch let error as ReportError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError(path: path, "cannot write: \(error.localizedDescription)")
        }
    }
}

/// Why a report could not be written: the file, and what went wrong.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file that could not be written.
    public let path: String
    /// What went wrong.
    public let message: String

    init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `<path>: <message>`.
    public var description: String { "\(path): \(message)" }
}
