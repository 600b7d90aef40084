/// The documents of one record block, sketched: what the index keeps of each.
struct SketchedBlock: Sendable {
    var ids: [String] = []
    /// Days since 1970, or ``DedupIndex/undated``.
    var dates: [Int32] = []
    /// Shingles per document: how complete a copy is.
    var sizes: [Int32] = []
    var locations: [RecordLocation?] = []
    /// ``Sketch/slots`` values per document.
    var signatures: [UInt32] = []
    var problems = ProblemList()
    /// Records with no words at all: nothing to compare, never a duplicate.
    var empty = 0
    /// Bytes of records read.
    var bytes = 0
    /// Scratch space for each document's word hashes.
    private var wordHashes: [UInt64] = []

    var count: Int { ids.count }

    /// The block with only the documents at `documents` (ascending).
    func keeping(_ documents: [Int]) -> SketchedBlock {
        var kept = SketchedBlock()
        kept.ids = documents.map { ids[$0] }
        kept.dates = documents.map { dates[$0] }
        kept.sizes = documents.map { sizes[$0] }
        kept.locations = documents.map { locations[$0] }
        kept.signatures = documents.flatMap { signatures[($0 * Sketch.slots)..<(($0 + 1) * Sketch.slots)] }
        return kept
    }

    private init() {}

    /// Parses and sketches a block's records.
    init(_ block: RecordBlock) {
        var problems = ProblemList()
        bytes = RecordDecoder.decode(block, problem: { problems.add($0) }) { document in
            add(text: document.text, id: document.id, date: document.date ?? DedupIndex.undated, location: document.location)
        }
        self.problems = problems
    }

    private mutating func add(text: UnsafeRawBufferPointer, id: String, date: Int32, location: RecordLocation?) {
        let start = signatures.count
        signatures.append(contentsOf: repeatElement(Sketch.empty, count: Sketch.slots))
        let words = WordShingles.wordHashes(of: text, into: &wordHashes)
        signatures.withUnsafeMutableBufferPointer { all in
            let signature = all.baseAddress! + start
            wordHashes.withUnsafeBufferPointer { hashes in
                WordShingles.forEachShingle(of: UnsafeBufferPointer(rebasing: hashes[..<words])) { Sketch.add($0, to: signature) }
            }
            Sketch.densify(signature)
        }
        let shingles = Int32(WordShingles.shingleCount(words: words))
        guard shingles > 0 else {
            signatures.removeLast(Sketch.slots)
            empty += 1
            return
        }
        ids.append(id)
        dates.append(date)
        sizes.append(shingles)
        locations.append(location)
    }
}
