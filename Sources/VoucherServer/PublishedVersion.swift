/// The published version a table was loaded from.
struct PublishedVersion: Sendable, Hashable {
    /// The location, as given.
    let location: String
    /// The version's name (SHA-256 of its bytes).
    let sha256: String
    /// When `current` was pointed at it (ISO 8601, UTC), from the pointer.
    let publishedAt: String
}
