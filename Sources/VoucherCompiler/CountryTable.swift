import VoucherHistory
import VoucherTable

/// Country spellings and keys seen by a compile (behaviour §2).
///
/// A spelling is a value trimmed of white space (`"Peru"`, `"PERU"`); its
/// key is the spelling lower-cased (`"peru"`). Both get dense ids in the
/// order first seen.
struct CountryTable: Sendable {
    private(set) var spellings: [String] = []
    private var spellingIDs: [String: Int32] = [:]
    /// The country id of each spelling id.
    private(set) var countryOfSpelling: [Int32] = []
    private(set) var keys: [String] = []
    private var keyIDs: [String: Int32] = [:]

    /// Interns every stored value of a country column; -1 for blank ones.
    mutating func intern(_ values: ColumnValues) -> [Int32] {
        (0 ..< values.count).map { i in
            let text: String
            switch values {
            case .text(let t): text = t.string(at: i)
            default: text = values.value(at: i).description
            }
            return intern(text)
        }
    }

    /// The spelling id of a raw value, or -1 when it is blank.
    mutating func intern(_ raw: String) -> Int32 {
        guard let spelling = TableKey.trimmed(raw) else { return -1 }
        if let id = spellingIDs[spelling] { return id }
        let key = TableKey.lowercased(spelling)  // TableKey.key of the spelling
        let country: Int32
        if let existing = keyIDs[key] {
            country = existing
        } else {
            country = Int32(keys.count)
            keys.append(key)
            keyIDs[key] = country
        }
        let id = Int32(spellings.count)
        spellings.append(spelling)
        spellingIDs[spelling] = id
        countryOfSpelling.append(country)
        return id
    }

    /// The country id a spelling belongs to.
    @inline(__always) func country(ofSpelling spelling: Int32) -> Int32 {
        countryOfSpelling[Int(spelling)]
    }
}
