/// Entry points that read arbitrary bytes exactly as the readers read a file, for fuzzing. Each
/// returns what it found; none may trap, hang or use memory out of proportion to its input
/// (any of these is a bug).
public enum IngestFuzzing {
    /// What reading some bytes found.
    public struct Outcome: Sendable {
        /// The ids of the records read, in order.
        public let ids: [String]
        /// Bytes of document text they gave.
        public let textBytes: Int
        /// The problems, as a run reports them (at most 20 of a kind shown, then a count).
        public let problems: [RecordProblem]
    }

    /// Reads `bytes` as a JSON Lines file (gzip-compressed when they start with its magic).
    public static func jsonLines(_ bytes: [UInt8], maxRecordBytes: Int = 1 << 20) -> Outcome {
        read(RecordReader(bytes: bytes, name: "fuzz.jsonl", format: .jsonLines, blockBytes: 64 << 10, maxRecordBytes: maxRecordBytes))
    }

    /// Reads `bytes` as a WARC file (gzip-compressed when they start with its magic).
    public static func warc(_ bytes: [UInt8], maxRecordBytes: Int = 1 << 20) -> Outcome {
        read(RecordReader(bytes: bytes, name: "fuzz.warc", format: .warc, blockBytes: 64 << 10, maxRecordBytes: maxRecordBytes))
    }

    /// Inflates `bytes` as a gzip stream, going on after damage at the next member: the
    /// content and what was lost (a byte offset in `bytes` and why), or, past `limit` bytes of
    /// content, nil content.
    public static func gzip(_ bytes: [UInt8], limit: Int = 64 << 20) -> (content: [UInt8]?, damage: [(offset: Int64, cause: SkipReason)]) {
        let stream = ByteStream(bytes: bytes, compressed: true)
        let content = try? stream.readAll(limit: limit)
        return (content, stream.takeDamage().map { ($0.offset, $0.cause) })
    }

    private static func read(_ reader: RecordReader) -> Outcome {
        var ids: [String] = [], textBytes = 0
        var problems: [RecordProblem] = []
        let reporter = ProblemReporter { problems.append($0) }
        while let block = reader.next() {
            reporter.add(reader.takeProblems())
            var found = ProblemList()
            _ = RecordDecoder.decode(block, problem: { found.add($0) }) { document in
                ids.append(document.id)
                textBytes += document.text.count
            }
            reporter.add(found)
        }
        reporter.add(reader.takeProblems())
        reporter.finish()
        return Outcome(ids: ids, textBytes: textBytes, problems: problems)
    }
}
