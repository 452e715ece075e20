/// The bytes and limits of the CSV dialect this module reads (RFC 4180).
///
/// Grammar (RFC 4180 §2, with the usual relaxations noted):
///
/// ```
/// file        = [BOM] header *(LF-or-CRLF record) [LF-or-CRLF] *blank-line
/// header      = name *(COMMA name)
/// record      = field *(COMMA field)
/// field       = escaped / non-escaped
/// escaped     = DQUOTE *(TEXTDATA / COMMA / CR / LF / 2DQUOTE) DQUOTE
/// non-escaped = *TEXTDATA          ; any byte but COMMA, CR, LF, DQUOTE
/// ```
///
/// - Line ends are CRLF (§2.1) or a bare LF; a CR outside quotes must be
///   followed by LF. The last record may end without a line break (§2.2).
/// - An unquoted empty field is null; a quoted empty field (`""`) is the
///   empty text (RFC 4180 does not distinguish them; this reader does).
/// - Blank lines at the end of the file are ignored; a blank line elsewhere
///   is a record with one empty (null) field.
enum CSVFormat {
    /// `,` separates fields (§2.4).
    static let comma: UInt8 = 0x2C
    /// `"` encloses a field and, doubled, escapes itself inside one (§2.5, §2.7).
    static let quote: UInt8 = 0x22
    /// `\r`, the first byte of a CRLF line break (§2.1).
    static let carriageReturn: UInt8 = 0x0D
    /// `\n`, a line break on its own or after CR.
    static let lineFeed: UInt8 = 0x0A
    /// The UTF-8 byte order mark, skipped when it opens the file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Bytes read from the file per `pread` (1 MiB).
    static let defaultChunkSize = 1 << 20
    /// The most rows a batch holds.
    static let maxBatchRows = 65_536
    /// A batch is closed at the next row end once its text bytes pass this (64 MiB).
    static let batchByteBudget = 64 << 20
    /// The most bytes one column may hold in one batch: `TextValues` offsets are `Int32`.
    static let maxColumnBytes = Int(Int32.max)
}
