#if canImport(Glibc)
import Glibc
#endif

extension DedupIndex {
    /// Why an index file (or another file that `dedup` reads or writes) could not be used. Each
    /// case names the file; the description is one line for a person.
    public enum StorageError: Error, Equatable, CustomStringConvertible {
        /// The file could not be opened or read (`reason` is the system's, e.g. "Permission denied").
        case cannotRead(path: String, reason: String)
        /// The lock file beside an index could not be created or locked.
        case cannotLock(path: String, reason: String)
        /// A directory where a file was expected.
        case isDirectory(path: String)
        /// The file does not start as an index file does.
        case notAnIndex(path: String)
        /// An index of another format version than ``DedupIndex/formatVersion``.
        case unsupportedVersion(path: String, found: UInt32)
        /// An index whose signatures have another number of slots than ``Sketch/slots``.
        case slotMismatch(path: String, found: UInt32)
        /// An index that was written for another similarity threshold.
        case thresholdMismatch(path: String, stored: Double, requested: Double)
        /// An index whose contents are inconsistent: it was damaged after it was written.
        case damaged(path: String, Damage)
        /// The file could not be written; whatever was there before is unchanged.
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case let .cannotRead(path, reason): "\(path): cannot read: \(reason)"
            case let .cannotLock(path, reason): "\(path): cannot lock: \(reason)"
            case let .isDirectory(path): "\(path) is a directory, not a file"
            case let .notAnIndex(path): "\(path) is not a Doppel index file"
            case let .unsupportedVersion(path, found) where found < DedupIndex.formatVersion:
                "\(path) is an index of format \(found), written by an older doppel; this one reads format "
                    + "\(DedupIndex.formatVersion): build the index again from its inputs"
            case let .unsupportedVersion(path, found):
                "\(path) is an index of format \(found), written by a newer doppel; this one reads format \(DedupIndex.formatVersion)"
            case let .slotMismatch(path, found):
                "\(path) holds signatures of \(found) slots; this doppel uses \(Sketch.slots): build the index again"
            case let .thresholdMismatch(path, stored, requested):
                "\(path) was built with --threshold \(stored), not \(requested)"
            case let .damaged(path, damage): "\(path): damaged index file: \(damage)"
            case let .cannotWrite(path, reason): "\(path): cannot write: \(reason)"
            }
        }

        /// The system's message for the current `errno`.
        static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
    }

    /// What is inconsistent in a damaged index file.
    public enum Damage: Equatable, Sendable, CustomStringConvertible {
        /// The header's counts do not account for the file's size (`expected` is nil when they
        /// overflow).
        case fileSize(documents: UInt64, links: UInt64, idBytes: UInt64, expected: UInt64?, actual: Int)
        /// The file ends early: inside its header, or before the bytes its header counts (when it
        /// shrank while being read).
        case truncated(bytes: Int)
        /// A section's checksum does not match its bytes.
        case checksum(section: String)
        /// The threshold is not a similarity.
        case threshold(Double)
        /// The id lengths do not add up to the id bytes, or one is negative.
        case idLengths
        /// An id is not valid UTF-8.
        case idEncoding(document: Int)
        /// Two documents have one id.
        case repeatedID(String)
        /// A document has no shingles.
        case noShingles(document: Int)
        /// A link that does not join an earlier document to a later one of the index, or whose
        /// similarity is not in 0...1.
        case link(number: Int)

        public var description: String {
            switch self {
            case let .fileSize(documents, links, idBytes, expected, actual):
                "its header counts \(documents) documents, \(links) links and \(idBytes) id bytes, which take "
                    + (expected.map { "\($0) bytes" } ?? "more bytes than a file can hold") + ", but the file has \(actual) bytes"
            case let .truncated(bytes): "it ends early, after \(bytes) bytes"
            case let .checksum(section): "the checksum of its \(section) does not match"
            case let .threshold(value): "its threshold \(value) is not between 0 and 1"
            case .idLengths: "its id lengths do not add up to its id bytes"
            case let .idEncoding(document): "the id of document \(document) is not UTF-8"
            case let .repeatedID(id): "the id \(id) is there twice"
            case let .noShingles(document): "document \(document) has no shingles"
            case let .link(number): "link \(number) does not join two of its documents"
            }
        }
    }
}
