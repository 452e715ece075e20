public import VoucherHistory

/// Sees a compile's single pass over the history: every batch, with its
/// parsed values, and every row's verdict, in order.
///
/// The history report implements it, so a compile with a report reads the
/// history once.
public protocol CompileObserver: AnyObject {
    /// A file starts.
    func begin(reader: any HistoryReader)
    /// A batch was read and parsed; its rows' verdicts follow.
    func batch(_ batch: HistoryBatch, parsed: ParsedBatch)
    /// Row `row` (0-based within the last batch) was judged.
    func row(_ row: Int, verdict: RowVerdict)
    /// A file ended.
    func end(reader: any HistoryReader)
}
