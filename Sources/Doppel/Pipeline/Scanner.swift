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
        return scan(articles: articles, since: start)
    }

    /// Analyzes extracted articles. Documents come out sorted by id, and every relation has
    /// `a < b`. Progress lines give the time since `start`.
    public func scan(articles: [Article], since start: ContinuousClock.Instant = .now) -> Analysis {
        let analyzed = Self.analyze(articles.sorted { $0.id < $1.id })
        let frequencies = DocumentFrequencies(analyzed)
        let boilerplate = PublisherBoilerplate().sentences(analyzed)
        let contents = Self.concurrentMap(Array(zip(analyzed, boilerplate))) { ArticleContent($0.0, boilerplate: $0.1) }
        report("analyzed sentences, quotations and fingerprints", since: start)

        let pairs = candidates(analyzed, contents, frequencies).sorted()
        report("found \(pairs.count) candidate pairs", since: start)

        let vectors = Self.concurrentMap(analyzed) { classifier.aligner.weighted($0, frequencies) }
        let measured = Self.concurrentMap(pairs) { pair in
            classifier.features(analyzed[pair.first], analyzed[pair.second], contents[pair.first], contents[pair.second],
                                vectors[pair.first], vectors[pair.second])
        }
        report("measured the candidate pairs", since: start)

        let found = findings(pairs, measured, analyzed)
        let relations = decide(found, analyzed)
        let stories = StoryBuilder.stories(documents: analyzed, relations: relations, events: eventLinks(found, analyzed))
        var alignments: [IDPair: [AlignedSentence]] = [:]
        for item in found where item.kind.isDerived {
            alignments[IDPair(analyzed[item.pair.first].id, analyzed[item.pair.second].id)] = item.features.alignment
        }
        report("decided relations, sources and stories", since: start)
        let quotes = QuoteReview.findings(documents: analyzed, relations: relations, alignments: alignments, stories: stories)
        report("compared quotations", since: start)
        return Analysis(documents: analyzed, relations: relations, stories: stories, quotes: quotes)
    }

    /// The kind of every measured pair. Copies are decided first; an article that states no date
    /// then takes the earliest date stated by its copies, so that every version of a story is
    /// dated when the independent kinds are decided.
    func findings(_ pairs: [Pair], _ measured: [PairFeatures], _ analyzed: [AnalyzedArticle]) -> [Finding] {
        let kinds = zip(pairs, measured).map { pair, f in classifier.kind(analyzed[pair.first], analyzed[pair.second], f) }
        var families = DisjointSets(count: analyzed.count)
        for (pair, kind) in zip(pairs, kinds) where kind?.0.isDerived == true { families.union(pair.first, pair.second) }
        var familyDate: [Int: Day] = [:]
        for (index, document) in analyzed.enumerated() {
            guard let date = document.article.date else { continue }
            let family = families.find(index)
            familyDate[family] = min(familyDate[family] ?? date, date)
        }
        var found: [Finding] = []
        for (pair, (features, kind)) in zip(pairs, zip(measured, kinds)) {
            var (features, kind) = (features, kind)
            if features.days == nil, kind?.0.isDerived != true {
                let date = { (i: Int) in analyzed[i].article.date ?? familyDate[families.find(i)] }
                features.days = PairClassifier.daysApart(date(pair.first), date(pair.second))
                if features.days != nil { kind = classifier.kind(analyzed[pair.first], analyzed[pair.second], features) }
            }
            guard let (kind, score, reasons) = kind else { continue }
            found.append(Finding(pair: pair, kind: kind, score: score, reasons: reasons, features: features))
        }
        return found
    }

    /// How alike each pair of independent versions is as reports of one event (0 when dated
    /// further apart than one event allows), and which pairs are one event on their own.
    func eventLinks(_ found: [Finding], _ analyzed: [AnalyzedArticle]) -> [EventLink] {
        found.filter { !$0.kind.isDerived }.map { item in
            EventLink(a: analyzed[item.pair.first].id, b: analyzed[item.pair.second].id,
                      strength: (item.features.days ?? 0) <= classifier.sameStoryMaximumDays ? item.features.event : 0,
                      isSameEvent: item.kind == .sameStory || item.kind == .partialReuse && classifier.isSameEvent(sharing(item.features)))
        }
    }

    /// The features of a pair that shares passages, judged as one event like any other pair:
    /// text a publisher carries over into a report of the same days is an update of the same
    /// event, which the stricter bar for a publisher's own independent coverage would miss.
    func sharing(_ features: PairFeatures) -> PairFeatures {
        var features = features
        features.samePublisher = false
        return features
    }

    /// Candidate pairs from indexes, never from all pairs: MinHash bands and exact body hashes
    /// for copies, sampled 5-grams for shared passages, distinctive keys for rewrites and
    /// coverage of one story, lead terms for related articles and reports of one event.
    func candidates(_ analyzed: [AnalyzedArticle], _ contents: [ArticleContent], _ frequencies: DocumentFrequencies) -> Set<Pair> {
        // The four indexes are independent: each is built on its own core.
        let found: [Set<Pair>] = Self.concurrentMap([0, 1, 2, 3]) { index in
            switch index {
            case 0: keyIndex.candidatePairs(analyzed, frequencies: frequencies)
            case 1: PassageIndex().candidatePairs(contents)
            case 2: LeadIndex().candidatePairs(contents)
            default: Self.copyCandidates(analyzed)
            }
        }
        return found.dropFirst().reduce(into: found[0]) { $0.formUnion($1) }
    }

    /// Pairs whose MinHash signatures share a band, and pairs with the same body hash.
    static func copyCandidates(_ analyzed: [AnalyzedArticle]) -> Set<Pair> {
        var candidates = Set<Pair>()
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
        return candidates
    }

    /// Relations from findings: the likely source of derived pairs, of each shared passage, and
    /// the evidence a person can check.
    func decide(_ found: [Finding], _ analyzed: [AnalyzedArticle]) -> [Relation] {
        var familySets = UnionFind(analyzed.map(\.id))
        var copies: [String: Set<String>] = [:]
        for finding in found where finding.kind.isDerived {
            let (x, y) = (analyzed[finding.pair.first].id, analyzed[finding.pair.second].id)
            familySets.union(x, y)
            if finding.kind != .rewrite {
                copies[x, default: []].insert(y)
                copies[y, default: []].insert(x)
            }
        }
        var families: [String: ArraySlice<String>] = [:]
        for group in familySets.groups() {
            let members = group.sorted().prefix(SourceDecider.consultedVersions + 2)
            for id in group { families[id] = members }
        }
        let byID = Dictionary(uniqueKeysWithValues: analyzed.map { ($0.id, $0) })
        let decider = SourceDecider(documents: byID, copies: copies, families: families)
        let relations = found.map { item in
            let (a, b) = (analyzed[item.pair.first], analyzed[item.pair.second])
            var source: String?
            var reasons = item.reasons
            if item.kind.isDerived {
                let (decided, why) = decider.decide(a.id, b.id, kind: item.kind, alignment: item.features.alignment)
                source = decided
                reasons += why
            }
            let evidence = item.kind == .rewrite || item.kind == .sameStory
                ? item.features.alignment.map { Relation.Evidence(a: a.sentences[$0.a].text, b: b.sentences[$0.b].text, similarity: $0.similarity) }
                : []
            var relation = Relation(a: a.id, b: b.id, kind: item.kind, score: item.score, source: source,
                                    reasons: reasons, evidence: evidence)
            // A near-duplicate shows all the text it copies; other kinds their passages.
            let f = item.features
            relation.passages = (item.kind == .nearDuplicate ? f.copied : f.passages).map { Self.passage($0, a, b) }
            (relation.shareA, relation.shareB) = item.kind == .nearDuplicate ? (f.copiedA, f.copiedB) : (f.shareA, f.shareB)
            relation.samePublisher = item.features.samePublisher
            if relation.samePublisher && !relation.passages.isEmpty {
                relation.reasons.append("both articles state the same publisher (\(a.article.publisher!)): reuse within one publisher")
            }
            return relation
        }
        return relations.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// A shared passage as evidence: its text, its place in each body, its likely source.
    static func passage(_ p: SharedPassage, _ a: AnalyzedArticle, _ b: AnalyzedArticle) -> Relation.Passage {
        func place(_ document: AnalyzedArticle, _ words: Range<Int>) -> Range<Int> {
            Int(document.words[words.lowerBound].start)..<Int(document.words[words.upperBound - 1].end)
        }
        let (ra, rb) = (place(a, p.a), place(b, p.b))
        let text = a.article.text
        var source: String?
        if let da = a.article.date, let db = b.article.date, da != db { source = da < db ? a.id : b.id }
        return Relation.Passage(text: String(decoding: text.utf8.dropFirst(ra.lowerBound).prefix(ra.count), as: UTF8.self),
                                a: text.scalarRange(utf8: ra), b: b.article.text.scalarRange(utf8: rb), source: source)
    }

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
    let features: PairFeatures
}

extension String {
    /// A range of UTF-8 offsets as offsets in Unicode scalars (as Python indexes strings).
    func scalarRange(utf8 range: Range<Int>) -> Range<Int> {
        var scalars = 0, lower = 0
        for (offset, byte) in utf8.prefix(range.upperBound).enumerated() {
            if offset == range.lowerBound { lower = scalars }
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        return lower..<scalars
    }
}

/// An ordered pair of document ids.
public struct IDPair: Hashable, Sendable {
    public let a: String
    public let b: String
    public init(_ a: String, _ b: String) { self.a = a; self.b = b }
}

extension Duration {
    /// The duration in seconds, as "1.23 s".
    public var formattedSeconds: String { String(format: "%.2f s", milliseconds / 1000) }

    /// The duration in milliseconds.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
