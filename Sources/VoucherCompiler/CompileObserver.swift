public import VoucherHistory

/// Sees a compile's single pass over the history: every batch, with its
/// parsed values, and every row's verdict, in order (a run of rows at a time).
///
/// The history report implements it, so a compile with a report reads the
/// history once.
public protocol CompileObserver: AnyObject {
    /// A file starts.
    func begin(reader: any HistoryReader)
    /// A batch was read (its values are parsed next).
    func batch(_ batch: HistoryBatch)
    /// The batch's values were parsed; its rows' verdicts follow.
    func parsed(_ parsed: ParsedBatch)
    /// Rows `rows` (0-based within the last batch) were judged: `verdicts[i]`
    /// is row `rows.lowerBound + i`'s. Runs follow each other in row order.
    func rows(_ rows: Range<Int>, verdicts: UnsafeBufferPointer<RowVerdict>)
    /// A file ended.
    func end(reader: any HistoryReader)
}
