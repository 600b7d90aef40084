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
        /// Records without any word (not indexed).
        public let empty: Int
        /// Records or inputs skipped, each reported.
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

    /// Reads every record under `paths` into `index`. Problems go to `problem` as they are
    /// found, progress to `progress`.
    public func run(_ paths: [String], into index: inout DedupIndex, today: Int32 = Self.today(),
                    problem: (RecordProblem) -> Void,
                    progress: ((Progress) -> Void)? = nil) -> Summary {
        let start = ContinuousClock.now
        let reader = RecordReader(paths: paths, blockBytes: blockBytes, maxRecordBytes: maxRecordBytes)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        var documents = 0, empty = 0, problems = 0, bytes = 0
        func report(_ found: [RecordProblem]) {
            problems += found.count
            found.forEach(problem)
        }
        // A three-stage pipeline over waves of blocks (a few blocks per core, so that uneven
        // blocks even out): while the blocks of one wave are sketched, the previous wave is added
        // to the index and the next one is read, each by one more concurrent iteration.
        func readWave() -> Wave {
            var wave = Wave()
            while wave.blocks.count < 4 * workers, let block = reader.next() {
                wave.problemsBefore.append(reader.takeProblems())
                wave.blocks.append(block)
            }
            wave.problemsAfter = reader.takeProblems()
            return wave
        }
        var reading = readWave()
        var sketched = Wave()
        let shared = UncheckedBox(IndexBox(index))
        index = DedupIndex(threshold: index.threshold)  // the box holds the only reference: no copy
        while !reading.blocks.isEmpty || !reading.problemsAfter.isEmpty
                || !sketched.blocks.isEmpty || !sketched.problemsAfter.isEmpty {
            let wave = reading
            let inserting = sketched
            let results = ResultSlots<SketchedBlock>(count: wave.blocks.count)
            var nextWave = Wave()
            withoutActuallyEscaping(readWave) { readWave in
                let read = UncheckedBox(readWave)
                let next = UncheckedBox(OutputBox<Wave>())
                DispatchQueue.concurrentPerform(iterations: wave.blocks.count + 2) { k in
                    switch k {
                    case 0: for block in inserting.sketches { shared.value.index.add(block, today: today) }
                    case 1: next.value.value = read.value()
                    default: results[k - 2] = SketchedBlock(wave.blocks[k - 2])
                    }
                }
                nextWave = next.value.value ?? Wave()
            }
            // Problems in input order: the reader's before each block, then the block's own.
            for (before, block) in zip(inserting.problemsBefore, inserting.sketches) {
                report(before)
                report(block.problems)
                documents += block.count
                empty += block.empty
                bytes += block.bytes
            }
            report(inserting.problemsAfter)
            sketched = wave
            sketched.sketches = results.values
            if documents == 0, let total = reader.totalBytes {
                // Size the index once from the first wave, so that its arrays do not double (and
                // briefly hold two copies) as millions of documents arrive.
                let waveBytes = sketched.sketches.reduce(0) { $0 + $1.bytes }
                let waveDocuments = sketched.sketches.reduce(0) { $0 + $1.count }
                if waveBytes > 0 {
                    shared.value.index.reserveCapacity(Int(Double(waveDocuments) * Double(total) / Double(waveBytes) * 1.05))
                }
            }
            reading = nextWave
            progress?(Progress(documents: documents, bytesRead: reader.consumedBytes,
                               totalBytes: reader.totalBytes, elapsed: start.duration(to: .now)))
        }
        index = shared.value.index
        let verified = Self.verifyUncertainPairs(of: &index, rereading: RecordStore(paths: reader.inputs.map(\.path),
                                                                     names: reader.inputs.map(\.name)))
        return Summary(documents: documents, empty: empty, problems: problems, bytes: bytes, verified: verified,
                       duration: start.duration(to: .now))
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
    /// `skipping`: JSON lines as they were, other records as `{id, date, text}` lines.
    /// Problems were reported by the run and are not repeated.
    public func writeUnique(_ paths: [String], skipping: Set<Int>, to path: String) throws {
        guard let file = fopen(path, "wb") else { throw DedupIndex.StorageError(description: "\(path): cannot write") }
        defer { fclose(file) }
        let reader = RecordReader(paths: paths, blockBytes: blockBytes, maxRecordBytes: maxRecordBytes)
        var ordinal = 0
        while let block = reader.next() {
            _ = RecordDecoder.decode(block, problem: { _ in }) { document in
                var words = 0
                WordShingles.forEach(in: document.text) { _ in words += 1 }
                if words > 0 {
                    defer { ordinal += 1 }
                    if skipping.contains(ordinal) { return }
                }
                if let line = document.line {
                    fwrite(line.baseAddress, 1, line.count, file)
                } else {
                    var fields: [(String, JSON)] = [("id", .string(document.id))]
                    if let date = document.date { fields.append(("date", .string(DateParser.isoDay(Date(timeIntervalSince1970: Double(date) * 86_400))))) }
                    fields.append(("text", .string(String(decoding: document.text, as: UTF8.self))))
                    let json = JSON.object(fields).serializedLine()
                    fputs(json, file)
                }
                fputs("\n", file)
            }
        }
        _ = reader.takeProblems()
    }

    /// Today as days since 1970.
    public static func today() -> Int32 { Int32(Date().timeIntervalSince1970 / 86_400) }
}

/// Blocks read together, with the reader's problems found before each and after the last;
/// once sketched, their sketches.
private struct Wave {
    var blocks: [RecordBlock] = []
    var problemsBefore: [[RecordProblem]] = []
    var problemsAfter: [RecordProblem] = []
    var sketches: [SketchedBlock] = []
}

/// The index, mutated by exactly one concurrent iteration at a time.
private final class IndexBox {
    var index: DedupIndex
    init(_ index: DedupIndex) { self.index = index }
}

/// A value produced by one concurrent iteration and read after all of them.
private final class OutputBox<Value> {
    var value: Value?
}
