import Foundation

/// The batch pipeline: extracted articles in, an `Analysis` out.
///
/// Candidate pairs come from indexes only — MinHash/LSH over 5-gram shingles and exact body
/// hashes for copies, a distinctive-key index for rewrites and coverage of the same story — and
/// each candidate is then measured and classified.
public struct Scanner: Sendable {
    /// Decides each candidate pair's kind (thresholds are its properties).
    public var classifier = PairClassifier()
    /// Finds rewrite and same-story candidates.
    public var keyIndex = KeyIndex()
    /// Called with a short line as each stage finishes (for progress on long scans).
    public var progress: (@Sendable (String) -> Void)?

    public init(progress: (@Sendable (String) -> Void)? = nil) {
        self.progress = progress
    }

    /// Reports a finished stage with the time since `start`.
    private func report(_ stage: String, since start: ContinuousClock.Instant) {
        guard let progress else { return }
        progress("\(stage) (\((ContinuousClock.now - start).formattedSeconds))")
    }

    /// Analyzes raw documents (extraction included).
    public func scan(_ documents: [RawDocument]) -> Analysis {
        let start = ContinuousClock.now
        let articles = Extractor.extractAll(documents)
        report("extracted \(articles.count) articles", since: start)
        return scan(articles: articles)
    }

    /// Analyzes extracted articles. Documents come out sorted by id, and every relation has
    /// `a < b`.
    public func scan(articles: [Article]) -> Analysis {
        let start = ContinuousClock.now
        let analyzed = Self.analyze(articles.sorted { $0.id < $1.id })
        let frequencies = DocumentFrequencies(analyzed)
        report("analyzed sentences, quotations and fingerprints", since: start)

        // Candidates from indexes, never from all pairs.
        var candidates = keyIndex.candidatePairs(analyzed, frequencies: frequencies)
        var bands = BandIndex(rows: 4)
        var banded: [Int] = []
        var byBody: [UInt64: [Int]] = [:]
        // An article whose body was removed whole has nothing to compare: it stays alone.
        for (index, document) in analyzed.enumerated() where !document.shingles.isEmpty {
            let signature = Sketch.signature(of: document.shingles.lazy.map(WordShingles.finalize))
            signature.withUnsafeBufferPointer { signature in
                bands.insert(signature.baseAddress!) { other in candidates.insert(Pair(banded[Int(other)], index)) }
            }
            banded.append(index)
            byBody[document.bodyHash, default: []].append(index)
        }
        for group in byBody.values where group.count > 1 {
            for i in 0..<group.count { for j in (i + 1)..<group.count { candidates.insert(Pair(group[i], group[j])) } }
        }

        report("found \(candidates.count) candidate pairs", since: start)

        // 1. Copies: duplicates, near-duplicates and rewrites, from each pair's own text.
        var found: [Finding] = []
        var independent: [(pair: Pair, topic: Double, alignment: [AlignedSentence])] = []
        let vectors = Self.concurrentMap(analyzed) { classifier.aligner.weighted($0, frequencies) }
        let pairs = candidates.sorted()
        let measured = Self.concurrentMap(pairs) { pair in
            classifier.features(analyzed[pair.first], analyzed[pair.second], vectors[pair.first], vectors[pair.second])
        }
        for (pair, features) in zip(pairs, measured) {
            if let (kind, score, reasons) = classifier.copyKind(analyzed[pair.first], analyzed[pair.second], features) {
                found.append(Finding(pair: pair, kind: kind, score: score, reasons: reasons, alignment: features.alignment))
            } else {
                independent.append((pair, features.story, features.alignment))
            }
        }

        report("measured the candidate pairs", since: start)

        // Families of copies: each is judged as one version.
        var familySets = UnionFind(analyzed.map(\.id))
        var copies: [String: Set<String>] = [:]
        for finding in found {
            let (x, y) = (analyzed[finding.pair.first].id, analyzed[finding.pair.second].id)
            familySets.union(x, y)
            if finding.kind != .rewrite {
                copies[x, default: []].insert(y)
                copies[y, default: []].insert(x)
            }
        }
        let familyOf = analyzed.map { familySets.find($0.id) }
        var familyDate: [String: String] = [:]
        for (document, family) in zip(analyzed, familyOf) {
            if let date = document.article.date { familyDate[family] = min(familyDate[family] ?? date, date) }
        }

        // 2. Independent pairs: same-story or related, decided once per pair of families so that
        //    all copies of one article get the same verdict.
        //    A family's verdict is the mean over its member pairs: one loose paraphrase should
        //    neither make nor break the link.
        var sums: [IDPair: (total: Double, count: Int)] = [:]
        var topic: [Pair: Double] = [:]
        var sharedStatements: [IDPair: Int] = [:]
        let statements = Self.concurrentMap(analyzed) { $0.statements }
        for item in independent {
            let similarity = item.topic
            topic[item.pair] = similarity
            let key = familyKey(familyOf[item.pair.first], familyOf[item.pair.second])
            sums[key, default: (0, 0)].total += similarity
            sums[key, default: (0, 0)].count += 1
            let shared = statements[item.pair.first].intersection(statements[item.pair.second]).count
            sharedStatements[key] = max(sharedStatements[key] ?? 0, shared)
        }
        //    Same-story links join stories strongest first; a link that would put two stated
        //    dates more than a few days apart into one story makes the pair only related.
        var storySets = UnionFind(Array(Set(familyOf)))
        var storyDates: [String: (first: String, last: String)] = [:]
        for (family, date) in familyDate { storyDates[family] = (date, date) }
        var verdicts: [IDPair: (RelationKind, [String])] = [:]
        let ranked = sums.map { (key: $0.key, topic: $0.value.total / Double($0.value.count)) }
            .sorted { ($0.topic, $1.key.a, $1.key.b) > ($1.topic, $0.key.a, $0.key.b) }
        for (key, groupTopic) in ranked {
            let (sa, sb) = (storySets.find(key.a), storySets.find(key.b))
            let (da, db) = (storyDates[sa], storyDates[sb])
            // The two dates furthest apart if the stories were merged.
            let spread: (String?, String?) = da != nil && db != nil
                ? (min(da!.first, db!.first), max(da!.last, db!.last)) : (nil, nil)
            guard let (kind, _, reasons) = classifier.storyKind(topic: groupTopic, sharedStatements: sharedStatements[key] ?? 0,
                                                                dates: spread) else { continue }
            verdicts[key] = (kind, reasons)
            if kind == .sameStory && sa != sb {
                storySets.union(sa, sb)
                let merged = [da, db].compactMap { $0 }
                if !merged.isEmpty {
                    storyDates[storySets.find(sa)] = (merged.map(\.first).min()!, merged.map(\.last).max()!)
                }
            }
        }
        for item in independent {
            guard let (kind, reasons) = verdicts[familyKey(familyOf[item.pair.first], familyOf[item.pair.second])] else { continue }
            found.append(Finding(pair: item.pair, kind: kind, score: topic[item.pair] ?? 0, reasons: reasons, alignment: item.alignment))
        }

        var families: [String: ArraySlice<String>] = [:]
        for group in familySets.groups() {
            let members = group.sorted().prefix(SourceDecider.consultedVersions + 2)
            for id in group { families[id] = members }
        }
        let byID = Dictionary(uniqueKeysWithValues: analyzed.map { ($0.id, $0) })
        let decider = SourceDecider(documents: byID, copies: copies, families: families)

        var relations: [Relation] = []
        for item in found {
            let (a, b) = (analyzed[item.pair.first], analyzed[item.pair.second])
            var source: String?
            var reasons = item.reasons
            if item.kind.isDerived {
                let (decided, why) = decider.decide(a.id, b.id, kind: item.kind, alignment: item.alignment)
                source = decided
                reasons += why
            }
            let evidence = item.kind == .rewrite || item.kind == .sameStory
                ? item.alignment.map { Relation.Evidence(a: a.sentences[$0.a].text, b: b.sentences[$0.b].text, similarity: $0.similarity) }
                : []
            relations.append(Relation(a: a.id, b: b.id, kind: item.kind, score: item.score, source: source,
                                      reasons: reasons, evidence: evidence))
        }
        relations.sort { ($0.a, $0.b) < ($1.a, $1.b) }
        let stories = StoryBuilder.stories(documents: analyzed, relations: relations)
        var alignments: [IDPair: [AlignedSentence]] = [:]
        for item in found where item.kind.isDerived {
            alignments[IDPair(analyzed[item.pair.first].id, analyzed[item.pair.second].id)] = item.alignment
        }
        report("decided relations, sources and stories", since: start)
        let quotes = QuoteReview.findings(documents: analyzed, relations: relations, alignments: alignments, stories: stories)
        report("compared quotations", since: start)
        return Analysis(documents: analyzed, relations: relations, stories: stories, quotes: quotes)
    }

    func familyKey(_ x: String, _ y: String) -> IDPair { x < y ? IDPair(x, y) : IDPair(y, x) }

    /// Analyzes articles on all cores; the result keeps the input order.
    static func analyze(_ articles: [Article]) -> [AnalyzedArticle] {
        concurrentMap(articles, AnalyzedArticle.init)
    }

    /// `map` on all cores, in chunks, keeping the input order.
    static func concurrentMap<T: Sendable, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        let results = ResultSlots<R>(count: items.count)
        let chunk = max(1, items.count / (ProcessInfo.processInfo.activeProcessorCount * 8))
        let chunks = (items.count + chunk - 1) / chunk
        withoutActuallyEscaping(transform) { transform in
            let box = UncheckedBox(transform)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for index in (c * chunk)..<min(items.count, (c + 1) * chunk) {
                    results[index] = box.value(items[index])
                }
            }
        }
        return results.values
    }
}

/// Carries a non-Sendable value into concurrent iterations that only read it.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Write-once slots filled from concurrent iterations, each index by exactly one of them.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Value] { lock.withLock { slots.map { $0! } } }
}

/// A related pair as first found, before its source is decided.
struct Finding {
    let pair: Pair
    let kind: RelationKind
    let score: Double
    let reasons: [String]
    let alignment: [AlignedSentence]
}

/// An ordered pair of document ids.
struct IDPair: Hashable {
    let a: String
    let b: String
    init(_ a: String, _ b: String) { self.a = a; self.b = b }
}

extension Duration {
    /// The duration in seconds, as "1.23 s".
    public var formattedSeconds: String { String(format: "%.2f s", milliseconds / 1000) }

    /// The duration in milliseconds.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
