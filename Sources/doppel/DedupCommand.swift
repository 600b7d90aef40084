import ArgumentParser
import Doppel
import Foundation

struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find near-duplicate documents in JSON Lines, WARC and document files, streaming.",
        discussion: """
        Writes one JSON line per cluster of two or more near-duplicates:
        {"cluster": 1, "members": [ids], "representative": id, "similarity": 0.93}
        Similarity is Jaccard over lowercased word 5-grams; a cluster's is its weakest link.
        """)

    @Argument(help: "JSON Lines (.jsonl, .ndjson), WARC (.warc) — either optionally .gz — document files, directories, or - for standard input.")
    var inputs: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Jaccard similarity at which two documents are near-duplicates (0.5–1).")
    var threshold = 0.8

    @Option(name: .long, help: "Write the clusters to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Also write the deduplicated corpus to this file: every record but the non-representative members of clusters (JSON Lines records as they were, others as {id, date, text}).")
    var unique: String?

    @Option(name: .long, help: "An index file to add to (created if missing) and save; clusters are reported when they include a document read now. A document whose id is indexed already is not added again. Runs on one index take turns (a lock on INDEX.lock).")
    var index: String?

    @Option(name: .long, help: "Remove from the index the documents dated (else added) before this day, YYYY-MM-DD.")
    var expireBefore: String?

    @Option(name: .long, help: "Remove from the index the documents whose ids are listed in this file, one per line, before the inputs are added (to replace a document, list its id and give its new version).")
    var remove: String?

    @Option(name: .long, parsing: .unconditional, help: "Largest record accepted, in MiB (1–2047).")
    var maxMib = 16

    func validate() throws {
        guard (0.5...1).contains(threshold) else { throw ValidationError("--threshold must be between 0.5 and 1") }
        guard (1...2047).contains(maxMib) else { throw ValidationError("--max-mib must be a positive number of MiB, at most 2047 (not \(maxMib))") }
        guard !inputs.isEmpty || index != nil else { throw ValidationError("give inputs, or an --index to change") }
        if unique != nil && inputs.contains("-") { throw ValidationError("--unique reads the inputs twice: it needs files, not standard input") }
        if let expireBefore, Day(iso: expireBefore) == nil {
            throw ValidationError("--expire-before \(expireBefore) is not a calendar date written YYYY-MM-DD")
        }
        if (expireBefore != nil || remove != nil) && index == nil { throw ValidationError("--expire-before and --remove change an --index") }
    }

    func run() throws {
        try OutputFile.check(outputs: [output, unique].compactMap { $0 }, against: inputs)
        if unique != nil, let stream = inputs.first(where: { RawPath($0).isStream }) {
            throw ValidationError("--unique reads the inputs twice: it needs files, and \(stream) can be read only once")
        }
        guard let index else {
            var fresh = DedupIndex(threshold: threshold)
            return try dedup(into: &fresh)
        }
        try DedupIndex.update(at: index, threshold: threshold, waiting: {
            StandardError.note("waiting for another doppel run to finish with \(index)")
        }) { try dedup(into: &$0) }
    }

    /// Removes, adds and reports documents (the index is saved by the caller).
    private func dedup(into dedupIndex: inout DedupIndex) throws {
        try removeDocuments(from: &dedupIndex)
        var deduplicator = Deduplicator()
        deduplicator.maxRecordBytes = maxMib << 20
        let bar = isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
        let summary = deduplicator.run(inputs, into: &dedupIndex, problem: { problem in
            bar?.clear()
            StandardError.note(problem.description)
        }, progress: bar.map { bar in { bar.show($0) } })
        bar?.finish()
        if !inputs.isEmpty && summary.positions.isEmpty && summary.empty == 0 {
            throw NoRecords(paths: inputs)
        }
        let clusters = dedupIndex.clusters(including: summary.positions)
        var passed = 0
        if let unique {  // before --output: a new output file in an input folder is then not read again
            passed = try deduplicator.writeUnique(inputs, skipping: DedupIndex.copies(among: summary.positions, in: clusters), to: unique)
        }
        try write(clusters, of: dedupIndex)
        guard !inputs.isEmpty else { return }
        let seconds = max(summary.duration.milliseconds / 1000, 1e-9)
        let repeated = summary.positions.count - summary.documents
        let kept = unique == nil ? "" : ", \(passed) passed to --unique unchanged"
        StandardError.note("\(summary.documents) documents (\(summary.empty) without words, \(summary.problems) skipped\(kept)"
                           + (repeated > 0 ? ", \(repeated) indexed already" : "") + "), \(summary.verified) pairs checked exactly, "
                           + "\(clusters.count) clusters, \(String(format: "%.1f", Double(summary.bytes) / 1e6 / seconds)) MB/s")
    }

    /// Applies --remove and --expire-before.
    private func removeDocuments(from index: inout DedupIndex) throws {
        let ids = try remove.map(DedupIndex.ids(listedIn:)) ?? []
        let cutoff = expireBefore.flatMap { Day(iso: $0)?.number }
        let before = index.count
        let old = index
        index.remove { document in
            if ids.contains(old.ids[document]) { return true }
            guard let cutoff else { return false }
            let date = old.dates[document] == DedupIndex.undated ? old.added[document] : old.dates[document]
            return date < cutoff
        }
        if before != index.count { StandardError.note("removed \(before - index.count) documents from the index") }
    }

    private func write(_ clusters: [DuplicateCluster], of index: DedupIndex) throws {
        var text = ""
        for (number, cluster) in clusters.enumerated() {
            text += JSON.object([
                ("cluster", .number(Double(number + 1))),
                ("members", .array(cluster.members.map { .string(index.ids[Int($0)]) })),
                ("representative", .string(index.ids[Int(cluster.representative)])),
                ("similarity", .number(Double(cluster.similarity))),
            ]).serializedLine()
            text += "\n"
        }
        let file = try OutputFile(path: output)  // nil: standard output
        try file.write(text)
        try file.close()
    }
}

/// No record with text could be read from the inputs.
struct NoRecords: Error, CustomStringConvertible {
    let paths: [String]
    var description: String {
        "no record with text in \(paths.joined(separator: ", ")) (JSON Lines, WARC, .txt, .md or .html)"
    }
}

/// A one-line progress display on a terminal: documents, MB/s and, when the size is known, ETA.
final class ProgressBar: @unchecked Sendable {
    private var lastDraw = ContinuousClock.now - .seconds(1)

    func show(_ progress: Deduplicator.Progress) {
        guard lastDraw.duration(to: .now) > .milliseconds(200) else { return }
        lastDraw = .now
        let seconds = max(progress.elapsed.milliseconds / 1000, 1e-6)
        let rate = Double(progress.bytesRead) / 1e6 / seconds
        var line = "\(progress.documents) documents  \(String(format: "%.0f", rate)) MB/s"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            let eta = rate > 0 ? (Double(total - progress.bytesRead) / 1e6 / rate) : 0
            line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
                + String(format: "%3.0f%%  ", fraction * 100) + line + String(format: "  ETA %.0fs", eta)
        }
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

    func finish() { clear() }
}
