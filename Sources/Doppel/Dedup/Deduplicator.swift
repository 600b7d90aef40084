import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds near-duplicate documents in streams of records, on all cores, with memory bounded by
/// the index rather than the corpus.
///
/// Blocks of records are parsed and sketched in parallel, then added to the index in input order,
/// so results do not depend on timing. Pairs whose signature estimate is close to the threshold
/// are decided on their exact shingle sets, read again from plain input files.
///
/// Ids are unique in an index. A document whose id is indexed already (from a saved index or
/// earlier in the run) is not added again: with the same signature and size — the same words,
/// as far as the index can tell — nothing changes; with others, the indexed document is kept
/// and the new one is reported as a problem and skipped. To replace a document, remove its id
/// first (``DedupIndex/remove(where:)``).
public struct Deduplicator: Sendable {
    /// Progress, reported after each wave of blocks.
    public struct Progress: Sendable {
        public let documents: Int
        public let bytesRead: Int64
        /// Total input size, when every input is a file.
        public let totalBytes: Int64?
        public let elapsed: Duration
    }

    /// What a run read.
    public struct Summary: Sendable {
        /// Documents added to the index.
        public let documents: Int
        /// The index position of each document with words, in input order, whether added now or
        /// indexed already under its id (so a position can repeat).
        public let positions: [Int32]
        /// Records without any word (not indexed).
        public let empty: Int
        /// Records or inputs skipped (or parts lost to damage), each reported or counted.
        public let problems: Int
        /// Bytes of record content read (uncompressed).
        public let bytes: Int
        /// Pairs compared on their exact shingle sets.
        public let verified: Int
        public let duration: Duration
    }

    /// The largest record accepted, in bytes.
    public var maxRecordBytes = 16 << 20
    /// Bytes of records per block of parallel work.
    public var blockBytes = 2 << 20

    public init() {}

    /// Reads every record under `paths` into `index`. Problems go to `problem` in input order as
    /// they are found, at most 20 of a kind per input, then one count of the rest at the end;
    /// progress goes to `progress`.
    public func run(_ paths: [String], into index: inout DedupIndex, today: Int32 = Self.today(),
                    problem: (RecordProblem) -> Void,
                    progress: ((Progress) -> Void)? = nil) -> Summary {
        let start = ContinuousClock.now
        let reader = RecordReader(paths: paths, blockBytes: blockBytes, maxRecordBytes: maxRecordBytes)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let pipeline = OrderedPipeline(reader: reader, index: index, today: today, inFlight: 4 * workers)
        index = DedupIndex(threshold: index.threshold)  // the pipeline holds the only reference: no copy
        var problems = 0
        withoutActuallyEscaping(problem) { problem in
            withoutActuallyEscaping(progress ?? { _ in }) { progress in
                let reporter = ProblemReporter(problem)
                let report = UncheckedBox((reporter: reporter, progress: progress))
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    pipeline.work { report.value.reporter.add($0) } progress: { documents, bytesRead in
                        report.value.progress(Progress(documents: documents, bytesRead: bytesRead,
                                                       totalBytes: pipeline.totalBytes, elapsed: start.duration(to: .now)))
                    }
                }
                reporter.add(reader.takeProblems())  // found after the last block (e.g. a truncated input)
                reporter.finish()
                problems = reporter.count
            }
        }
        index = pipeline.index
        let verified = Self.verifyUncertainPairs(of: &index, rereading: RecordStore(paths: reader.inputs.map(\.path),
                                                                     names: reader.inputs.map(\.name), maxBytes: maxRecordBytes))
        let totals = pipeline.totals
        return Summary(documents: totals.documents, positions: pipeline.positions, empty: totals.empty, problems: problems,
                       bytes: totals.bytes, verified: verified, duration: start.duration(to: .now))
    }

    /// Decides the index's uncertain pairs on exact shingle sets, reading their records again
    /// (on all cores).
    private static func verifyUncertainPairs(of index: inout DedupIndex, rereading store: RecordStore) -> Int {
        let located = index
        return index.verify { documents in
            let sets = Scanner.concurrentMap(documents) { document -> [UInt64]? in
                guard let location = located.location(of: document), let block = store.block(at: location) else { return nil }
                var set: [UInt64]?
                _ = RecordDecoder.decode(block, problem: { _ in }) { set = WordShingles.set(of: $0.text) }
                return set
            }
            return Dictionary(uniqueKeysWithValues: zip(documents, sets).compactMap { document, set in set.map { (document, $0) } })
        }
    }

    /// Writes every record under `paths` except the documents whose ordinals (counting documents
    /// with words, in input order, as ``run(_:into:today:problem:progress:)`` numbered them) are in
    /// `skipping`: JSON lines as they were, other records as `{id, date, text}` lines. JSON lines
    /// that were skipped (not JSON, no text, too long) are passed through unchanged; returns how
    /// many. Problems were reported by the run and are not repeated. Throws when the output
    /// cannot be written, including at its close.
    @discardableResult
    public func writeUnique(_ paths: [String], skipping: Set<Int>, to path: String) throws(OutputError) -> Int {
        // Listed before the output exists: a new output inside an input directory is not read.
        let reader = RecordReader(paths: paths, blockBytes: blockBytes, maxRecordBytes: maxRecordBytes)
        let file = try OutputFile(path: path)
        let longLines = LongLinePassage(file)
        reader.longLineSink = { longLines.pass($0, last: $1) }
        var ordinal = 0, passed = 0
        var wordHashes: [UInt64] = []
        // A failed write is kept by the file and thrown below; reading stops at it.
        while file.failure == nil, let block = reader.next() {
            _ = RecordDecoder.decode(block, problem: { _ in }, skippedLine: { line in
                passed += 1
                try? file.writeLine(line)
            }) { document in
                if WordShingles.wordHashes(of: document.text, into: &wordHashes) > 0 {
                    defer { ordinal += 1 }
                    if skipping.contains(ordinal) { return }
                }
                if let line = document.line {
                    try? file.writeLine(line)
                } else {
                    var fields: [(String, JSON)] = [("id", .string(document.id))]
                    if let date = document.date { fields.append(("date", .string(Day(number: date).iso))) }
                    fields.append(("text", .string(String(decoding: document.text, as: UTF8.self))))
                    var json = JSON.object(fields).serializedLine()
                    json.withUTF8 { try? file.writeLine(UnsafeRawBufferPointer($0)) }
                }
            }
        }
        _ = reader.takeProblems()
        if let failure = file.failure { throw failure }
        try file.close()
        return passed + longLines.count
    }

    /// Today as days since 1970.
    public static func today() -> Int32 { Int32(Date().timeIntervalSince1970 / 86_400) }
}

/// The run's threads, each looping: read the next block (in input order, under a lock), sketch
/// it (in parallel), and, if the index is free, add every sketched block whose turn has come.
/// Blocks enter the index in input order, so results do not depend on timing, and no thread
/// waits for a whole wave of blocks to finish: a thread that finishes early reads on. At most
/// `inFlight` blocks are read but not yet added, which bounds memory.
private final class OrderedPipeline: @unchecked Sendable {
    private let reader: RecordReader
    private let today: Int32
    private let inFlight: Int
    private let condition = NSCondition()
    /// Mutated only by the thread that holds `adding`.
    private(set) var index: DedupIndex
    private(set) var totals = (documents: 0, empty: 0, bytes: 0)
    /// The index position of each document added or found indexed, in input order.
    private(set) var positions: [Int32] = []
    // Guarded by `condition`:
    private var nextToRead = 0
    /// The reader's input position after the last block read.
    private var bytesRead: Int64 = 0
    private var nextToAdd = 0
    private var finished = false
    private var adding = false
    /// Sketched blocks waiting for their turn, with the reader's problems found before each.
    private var waiting: [Int: (problems: ProblemList, block: SketchedBlock)] = [:]

    /// Total input size, when every input is a file.
    var totalBytes: Int64? { reader.totalBytes }

    init(reader: RecordReader, index: DedupIndex, today: Int32, inFlight: Int) {
        self.reader = reader
        self.index = index
        self.today = today
        self.inFlight = inFlight
    }

    /// One thread's loop; `report` and `progress` are called by one thread at a time, in order.
    func work(report: (ProblemList) -> Void, progress: (_ documents: Int, _ bytesRead: Int64) -> Void) {
        condition.lock()
        while true {
            while !finished && nextToRead - nextToAdd >= inFlight { condition.wait() }
            guard !finished, let block = reader.next() else {
                finished = true
                condition.broadcast()
                break
            }
            let number = nextToRead
            nextToRead += 1
            let problems = reader.takeProblems()
            bytesRead = reader.consumedBytes
            condition.unlock()
            let sketched = SketchedBlock(block)
            condition.lock()
            waiting[number] = (problems, sketched)
            guard !adding else { continue }
            adding = true
            while let (problems, block) = waiting.removeValue(forKey: nextToAdd) {
                let read = bytesRead
                condition.unlock()
                add(block, after: problems, report: report)
                progress(totals.documents, read)
                condition.lock()
                nextToAdd += 1
                condition.broadcast()
            }
            adding = false
        }
        condition.unlock()
    }

    private func add(_ block: SketchedBlock, after problems: ProblemList, report: (ProblemList) -> Void) {
        if nextToAdd == 0, let total = reader.totalBytes, block.bytes > 0 {
            // Size the index once from the first block, so that its arrays do not double (and
            // briefly hold two copies) as millions of documents arrive.
            index.reserveCapacity(Int(Double(block.count) * Double(total) / Double(block.bytes) * 1.05))
        }
        let before = index.count
        let (added, conflicts) = index.add(block, today: today)
        positions += added
        var repeated = ProblemList()
        for id in conflicts { repeated.add(RecordProblem(file: id, cause: .idConflict)) }
        report(problems)
        report(block.problems)
        report(repeated)
        totals.documents += index.count - before
        totals.empty += block.empty
        totals.bytes += block.bytes
    }
}

/// Copies JSON lines too long to read, piece by piece, to the `--unique` output unchanged.
private final class LongLinePassage {
    private let file: OutputFile
    private var endedInNewline = true
    /// Lines passed.
    private(set) var count = 0

    init(_ file: OutputFile) { self.file = file }

    func pass(_ piece: UnsafeRawBufferPointer, last: Bool) {
        if !piece.isEmpty {
            try? file.write(piece)
            endedInNewline = piece.last == 0x0A
        }
        guard last else { return }
        if !endedInNewline { [UInt8(0x0A)].withUnsafeBytes { _ = try? file.write($0) } }
        endedInNewline = true
        count += 1
    }
}
