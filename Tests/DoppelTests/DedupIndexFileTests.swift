import Foundation
import Testing
@testable import Doppel

/// The index file: damage is an error that names the file (never a trap or a huge allocation),
/// concurrent updates take turns, writes fail loudly, and re-adding a document changes nothing.
@Suite struct DedupIndexFileTests {
    /// A deterministic text of `count` words.
    static func text(_ count: Int, seed: UInt64) -> String {
        var state = seed
        return (0..<count).map { _ in
            state = mixHash(state, 0x51)
            return "w\(state % 500)"
        }.joined(separator: " ")
    }

    /// JSON Lines of records with ids `prefix0...`: originals and, for every third, a near copy.
    static func corpus(_ prefix: String, originals: Int, seed: UInt64) -> String {
        var lines = ""
        for n in 0..<originals {
            let text = Self.text(120, seed: seed &+ UInt64(n))
            lines += "{\"id\": \"\(prefix)\(n)\", \"date\": \"2026-01-0\(n % 9 + 1)\", \"text\": \"\(text)\"}\n"
            if n % 3 == 0 { lines += "{\"id\": \"\(prefix)\(n)-copy\", \"text\": \"\(text) and one more\"}\n" }
        }
        return lines
    }

    /// Adds the records in `lines` to `index`; returns the run's summary and problems.
    @discardableResult
    static func add(_ lines: String, to index: inout DedupIndex, in dir: URL, name: String = "input.jsonl")
        throws -> (summary: Deduplicator.Summary, problems: [RecordProblem]) {
        let file = dir.appendingPathComponent(name)
        try lines.write(to: file, atomically: true, encoding: .utf8)
        var problems: [RecordProblem] = []
        let summary = Deduplicator().run([file.path], into: &index, today: 20_000) { problems.append($0) }
        return (summary, problems)
    }

    /// A small saved index with links, as bytes.
    static func savedIndex(in dir: URL) throws -> (index: DedupIndex, bytes: [UInt8]) {
        var index = DedupIndex(threshold: 0.8)
        try add(corpus("d", originals: 5, seed: 1), to: &index, in: dir)
        let path = dir.appendingPathComponent("small.index").path
        try index.save(to: path)
        return (index, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Whether two indexes hold the same documents and links.
    static func same(_ a: DedupIndex, _ b: DedupIndex) -> Bool {
        a.threshold == b.threshold && a.ids == b.ids && a.dates == b.dates && a.added == b.added && a.sizes == b.sizes
            && a.signatures == b.signatures && a.links == b.links
    }

    /// Replaces the little-endian value at `offset`.
    static func setting<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        withUnsafeBytes(of: value.littleEndian) { copy.replaceSubrange(offset..<(offset + MemoryLayout<T>.size), with: $0) }
        return copy
    }

    /// The damage that loading `bytes` reports (nil when they load).
    static func damage(_ bytes: [UInt8]) -> DedupIndex.Damage? {
        do {
            _ = try DedupIndex.load(bytes: bytes, name: "test.index")
            return nil
        } catch let DedupIndex.StorageError.damaged(path, damage) {
            #expect(path == "test.index")
            return damage
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func everyFlippedBitAndEveryCutIsAnErrorNamingTheFile() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let (index, bytes) = try Self.savedIndex(in: dir)
        #expect(!index.links.isEmpty)
        #expect(Self.same(try DedupIndex.load(bytes: bytes), index))
        func expectError(_ damaged: [UInt8], _ what: String) {
            do {
                _ = try DedupIndex.load(bytes: damaged, name: "test.index")
                Issue.record("\(what) loaded")
            } catch let error as DedupIndex.StorageError {
                #expect(error.description.hasPrefix("test.index"), "\(what): \(error)")
            } catch {
                Issue.record("\(what): \(error)")
            }
        }
        // Each byte with one bit flipped (a different bit at each position), then with all bits.
        for position in bytes.indices {
            var flipped = bytes
            flipped[position] ^= 1 << UInt8(position % 8)
            expectError(flipped, "bit \(position % 8) of byte \(position) flipped")
            flipped[position] = ~bytes[position]
            expectError(flipped, "byte \(position) inverted")
        }
        // Random bits, several at a time, and every shorter file.
        var state: UInt64 = 3
        for trial in 0..<500 {
            var flipped = bytes
            for _ in 0...(trial % 4) {
                state = mixHash(state, 0x77)
                flipped[Int(state % UInt64(bytes.count))] ^= 1 << UInt8(state >> 61)
            }
            if flipped != bytes { expectError(flipped, "random flips, trial \(trial)") }
        }
        for length in 0..<bytes.count { expectError(Array(bytes[..<length]), "the first \(length) bytes") }
        expectError(bytes + [0], "a byte appended")
    }

    @Test func headerCountsAreCheckedAgainstTheFileSizeBeforeAnythingIsAllocated() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let (index, bytes) = try Self.savedIndex(in: dir)
        // A billion documents would take 528 GB: the size check answers before any allocation.
        let billion = IndexHeader.resealed(Self.setting(UInt64(1_000_000_000), at: 24, in: bytes), headerOnly: true)
        #expect(Self.damage(billion) == .fileSize(documents: 1_000_000_000, links: UInt64(index.links.count),
                                                  idBytes: UInt64(index.ids.joined().utf8.count),
                                                  expected: 528_000_000_000 + UInt64(bytes.count - 528 * index.count),
                                                  actual: bytes.count))
        // Counts whose sizes overflow 64 bits.
        for offset in [24, 32, 40] {
            let huge = IndexHeader.resealed(Self.setting(UInt64.max, at: offset, in: bytes), headerOnly: true)
            guard case .fileSize(_, _, _, nil, bytes.count) = Self.damage(huge) else {
                Issue.record("count at \(offset): \(String(describing: Self.damage(huge)))")
                continue
            }
        }
        #expect(Self.damage(Array(bytes[..<40])) == .truncated(bytes: 40))
    }

    @Test func contentsBehindValidChecksumsAreCheckedToo() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let (index, bytes) = try Self.savedIndex(in: dir)
        let documents = index.count
        let table = IndexHeader.bytes + 8 + 4 * Sketch.slots * documents + 8
        let ids = table + 16 * documents + 8
        let links = ids + index.ids.joined().utf8.count + 8
        func damage<T: FixedWidthInteger>(_ value: T, at offset: Int) -> DedupIndex.Damage? {
            Self.damage(IndexHeader.resealed(Self.setting(value, at: offset, in: bytes)))
        }
        guard case .threshold(let nan) = damage(Double.nan.bitPattern, at: 16), nan.isNaN else {
            Issue.record("a NaN threshold was not reported")
            return
        }
        #expect(damage(Double(1.5).bitPattern, at: 16) == .threshold(1.5))
        #expect(damage(Int32(0), at: table + 8 * documents) == .noShingles(document: 0))  // sizes
        #expect(damage(Int32(-1), at: table + 12 * documents) == .idLengths)
        #expect(damage(Int32(100), at: table + 12 * documents) == .idLengths)
        #expect(damage(UInt8(0xFF), at: ids) == .idEncoding(document: 0))
        // The ids cut again so that the second ("d0-copy") is "d0" and the third takes the rest.
        #expect(index.ids[0] == "d0" && index.ids[1] == "d0-copy")
        var repeated = Self.setting(Int32(2), at: table + 12 * documents + 4, in: bytes)
        repeated = Self.setting(Int32(index.ids[1].utf8.count - 2 + index.ids[2].utf8.count), at: table + 12 * documents + 8, in: repeated)
        #expect(Self.damage(IndexHeader.resealed(repeated)) == .repeatedID("d0"))
        // Links: beyond the documents, backwards, to themselves, and with a similarity out of 0...1.
        #expect(damage(UInt32(documents), at: links + 4) == .link(number: 0))
        #expect(damage(UInt32.max, at: links) == .link(number: 0))
        #expect(damage(UInt32(index.links[0].second), at: links) == .link(number: 0))
        #expect(damage(Float(1.5).bitPattern, at: links + 8) == .link(number: 0))
        #expect(damage(Float.nan.bitPattern, at: links + 8) == .link(number: 0))
    }

    @Test func otherVersionsAndSlotCountsSayWhatDiffers() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let (_, bytes) = try Self.savedIndex(in: dir)
        func error(_ bytes: [UInt8]) -> DedupIndex.StorageError? {
            do { _ = try DedupIndex.load(bytes: bytes, name: "n.index") } catch { return error as? DedupIndex.StorageError }
            return nil
        }
        let old = error(Self.setting(UInt32(2), at: 8, in: bytes))
        #expect(old == .unsupportedVersion(path: "n.index", found: 2))
        #expect(old?.description.contains("older doppel") == true)
        let slots = error(IndexHeader.resealed(Self.setting(UInt32(64), at: 12, in: bytes)))
        #expect(slots == .slotMismatch(path: "n.index", found: 64))
        #expect(slots?.description == "n.index holds signatures of 64 slots; this doppel uses 128: build the index again")
        #expect(error(Array("not an index at all".utf8)) == .notAnIndex(path: "n.index"))
        #expect(error([]) == .notAnIndex(path: "n.index"))
    }

    @Test func directoriesAndMissingFilesAreNamedAsSuch() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        #expect(throws: DedupIndex.StorageError.isDirectory(path: dir.path)) { try DedupIndex.load(from: dir.path) }
        #expect(throws: DedupIndex.StorageError.isDirectory(path: dir.path)) {
            try DedupIndex.update(at: dir.path, threshold: 0.8, waiting: {}) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + ".lock"))
        #expect(throws: DedupIndex.StorageError.isDirectory(path: dir.path)) { try DedupIndex.ids(listedIn: dir.path) }
        let missing = dir.appendingPathComponent("missing.txt").path
        #expect(throws: DedupIndex.StorageError.cannotRead(path: missing, reason: "No such file or directory")) {
            try DedupIndex.ids(listedIn: missing)
        }
        let list = dir.appendingPathComponent("ids.txt")
        try "a\r\nb\n\nc".write(to: list, atomically: true, encoding: .utf8)
        #expect(try DedupIndex.ids(listedIn: list.path) == ["a", "b", "c"])
    }

    @Test func concurrentUpdatesTakeTurnsAndLoseNothing() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let path = dir.appendingPathComponent("shared.index").path
        let rounds = 4
        let failures = Locked([String]())
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for round in 0..<rounds {
                do {
                    try DedupIndex.update(at: path, threshold: 0.8, waiting: {}) { index in
                        try Self.add(Self.corpus("w\(writer)r\(round)-", originals: 6, seed: UInt64(writer * 100 + round * 10)),
                                     to: &index, in: dir, name: "w\(writer)r\(round).jsonl")
                    }
                } catch {
                    failures.with { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.with { $0 }.isEmpty)
        let index = try DedupIndex.load(from: path)
        // Every writer's every round is there once: 6 originals and 2 copies each.
        #expect(index.count == 2 * rounds * 8)
        #expect(Set(index.ids).count == index.count)
        for writer in 0..<2 { for round in 0..<rounds { #expect(index.ids.contains("w\(writer)r\(round)-5")) } }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp") }
        #expect(left.isEmpty)
    }

    @Test func racingSavesLeaveOneWholeIndex() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        var a = DedupIndex(threshold: 0.8), b = DedupIndex(threshold: 0.8)
        try Self.add(Self.corpus("a", originals: 4, seed: 1), to: &a, in: dir, name: "a.jsonl")
        try Self.add(Self.corpus("b", originals: 9, seed: 2), to: &b, in: dir, name: "b.jsonl")
        let path = dir.appendingPathComponent("raced.index").path
        let states = [a, b]
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for _ in 0..<20 { try? states[writer].save(to: path) }
        }
        let loaded = try DedupIndex.load(from: path)
        #expect(Self.same(loaded, a) || Self.same(loaded, b))
    }

    @Test func staleTemporariesAreRemovedUnderTheLock() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let path = dir.appendingPathComponent("news.index").path
        for name in ["news.index.tmp-123-abc", "news.index.tmp", "news.index.tmpl"] {
            try Data("x".utf8).write(to: dir.appendingPathComponent(name))
        }
        try DedupIndex.update(at: path, threshold: 0.8, waiting: {}) { _ in }
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == ["news.index", "news.index.lock", "news.index.tmpl"])
        #expect(throws: DedupIndex.StorageError.thresholdMismatch(path: path, stored: 0.8, requested: 0.9)) {
            try DedupIndex.update(at: path, threshold: 0.9, waiting: {}) { _ in }
        }
    }

    @Test func aSecondUpdateWaitsForTheFirst() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let path = dir.appendingPathComponent("busy.index").path
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let waited = Locked(false)
        let first = Thread {
            try? DedupIndex.update(at: path, threshold: 0.8, waiting: {}) { _ in
                entered.signal()
                release.wait()
            }
        }
        first.start()
        entered.wait()
        let second = Thread {
            try? DedupIndex.update(at: path, threshold: 0.8, waiting: {
                waited.with { $0 = true }
                release.signal()
            }) { _ in }
            entered.signal()
        }
        second.start()
        entered.wait()
        #expect(waited.with { $0 })
    }

    @Test func writeFailuresAreErrorsNamingTheFile() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let (index, _) = try Self.savedIndex(in: dir)
        let nowhere = dir.appendingPathComponent("missing/dir/x.index").path
        #expect(throws: DedupIndex.StorageError.cannotWrite(path: nowhere, reason: "No such file or directory")) {
            try index.save(to: nowhere)
        }
        #expect(throws: DedupIndex.StorageError.cannotWrite(path: "/dev/full", reason: "No space left on device")) {
            try index.save(to: "/dev/full")
        }
        let input = dir.appendingPathComponent("input.jsonl").path
        #expect(throws: OutputError.cannotWrite(path: "/dev/full", reason: "No space left on device")) {
            try Deduplicator().writeUnique([input], skipping: [], to: "/dev/full")
        }
    }

    @Test func addingWhatIsIndexedChangesNothing() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let lines = Self.corpus("d", originals: 6, seed: 4)
        var once = DedupIndex(threshold: 0.8)
        try Self.add(lines, to: &once, in: dir)
        var twice = once
        let (summary, problems) = try Self.add(lines, to: &twice, in: dir)
        #expect(problems.isEmpty && summary.documents == 0)
        #expect(summary.positions == (0..<Int32(once.count)).map { $0 })
        let first = dir.appendingPathComponent("once.index").path, second = dir.appendingPathComponent("twice.index").path
        try once.save(to: first)
        try twice.save(to: second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        // The same input twice in one run: indexed once, the clusters as before.
        var doubled = DedupIndex(threshold: 0.8)
        try Self.add(lines + lines, to: &doubled, in: dir)
        #expect(Self.same(doubled, once))
        #expect(twice.clusters(including: summary.positions).map(\.members) == once.clusters().map(\.members))
    }

    @Test func anIndexedIdWithOtherWordsKeepsTheIndexedDocument() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let story = Self.text(150, seed: 9)
        let lines = "{\"id\": \"a\", \"text\": \"\(story)\"}\n{\"id\": \"b\", \"text\": \"\(story) more\"}\n"
            + "{\"id\": \"a\", \"text\": \"\(story) changed\"}\n"
        var index = DedupIndex(threshold: 0.8)
        let (summary, problems) = try Self.add(lines, to: &index, in: dir)
        #expect(index.ids == ["a", "b"])
        #expect(problems.map(\.position) == ["a"])
        #expect(summary.positions == [0, 1, 0])
        // One cluster, each id once.
        #expect(index.clusters(including: summary.positions).map { $0.members.map { index.ids[Int($0)] } } == [["a", "b"]])
        // A deduplicated corpus keeps the representative once.
        let cluster = try #require(index.clusters().first)
        let copies = DedupIndex.copies(among: summary.positions, in: [cluster])
        #expect(copies == (index.ids[Int(cluster.representative)] == "a" ? [1, 2] : [0, 2]))
        // Removing the id first replaces the document.
        let old = index
        index.remove { old.ids[$0] == "a" }
        try Self.add("{\"id\": \"a\", \"text\": \"\(story) changed\"}\n", to: &index, in: dir)
        #expect(index.ids == ["b", "a"] && index.sizes[1] == old.sizes[0] + 1)
    }

    @Test func expiryDatesMustBeCalendarDates() {
        #expect(Day(iso: "2024-02-29")?.number == Day(iso: "2024-03-01")!.number - 1)
        for text in ["2025-02-30", "2025-02-29", "2025-04-31", "2025-13-01", "2025-1-01", "2025-01-01T00:00", "tomorrow", ""] {
            #expect(Day(iso: text)?.number == nil, "\(text)")
        }
        #expect(Day(iso: "1970-01-01")?.number == 0)
    }
}

/// A value shared between test threads, behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func with<Result>(_ body: (inout Value) -> Result) -> Result { lock.withLock { body(&value) } }
}
