/// Why an archive could not be opened, read or written. Each case names the archive.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    /// The file is not an archive (not a SQLite database, or one without the archive's tables).
    case notAnArchive(path: String)
    /// The archive was written by a newer Doppel: its schema has changes this one does not know.
    case newerSchema(path: String, unknown: [String])
    /// The database reports damage (a truncated or corrupt file).
    case damaged(path: String, reason: String)
    /// Any other failure of the database, with its message.
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAnArchive(let path): "\(path): not a Doppel archive"
        case .newerSchema(let path, let unknown):
            "\(path): written by a newer Doppel (schema changes \(unknown.joined(separator: ", ")) are unknown here)"
        case .damaged(let path, let reason): "\(path): the archive is damaged (\(reason))"
        case .database(let path, let reason): "\(path): \(reason)"
        }
    }
}
