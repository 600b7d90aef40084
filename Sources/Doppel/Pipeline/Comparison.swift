/// Two articles side by side: their features, their relation, aligned sentences and quotations.
public struct Comparison: Sendable {
    public let a: AnalyzedArticle
    public let b: AnalyzedArticle
    public let features: PairFeatures
    /// The relation found between the two, or nil when they are unrelated.
    public let relation: Relation?
    public var kind: RelationKind? { relation?.kind }
    /// How similar the two are, 0…1: the kind's score (see `PairClassifier.score`, monotone
    /// across kinds), averaged with `semantic` when a sentence model gave it.
    /// With a model, an undated pair may be the same story by meaning
    /// (`PairClassifier.semanticSameStory`).
    public let score: Double
    /// The cosine of the two texts' sentence embeddings (title and the start of the body), when
    /// `compare` was given a model.
    public let semantic: Double?
    /// How far the two follow each other sentence by sentence in meaning, when `compare` was
    /// given a model and the pair could be a rewrite by meaning (`PairClassifier.mayBeMeaningRewrite`).
    public let meaning: MeaningAlignment?
    public let source: String?
    public let reasons: [String]
    /// Quotations of `a` paired with their counterparts in `b`.
    public let quotePairs: [(Quotation, Quotation)]

    /// Compares two documents on their own; rarity weights come from the pair itself, and the
    /// source is decided from stated metadata only (no other versions to consult). With an
    /// `embedder`, the score also weighs how alike the two read in meaning.
    public init(_ first: RawDocument, _ second: RawDocument, classifier: PairClassifier = PairClassifier(),
                embedder: (any TextEmbedder)? = nil) {
        self.init(articles: Extractor.extractAll([first, second]), classifier: classifier, embedder: embedder)
    }

    /// Compares two extracted articles on their own (see the initializer from documents).
    public init(_ first: Article, _ second: Article, classifier: PairClassifier = PairClassifier(),
                embedder: (any TextEmbedder)? = nil) {
        self.init(articles: [first, second], classifier: classifier, embedder: embedder)
    }

    private init(articles: [Article], classifier: PairClassifier, embedder: (any TextEmbedder)?) {
        var scanner = Scanner()
        scanner.classifier = classifier
        let analysis = scanner.scan(articles: articles)
        a = analysis.documents[0]
        b = analysis.documents[1]
        let frequencies = DocumentFrequencies(analysis.documents)
        let (va, vb) = (classifier.aligner.weighted(a, frequencies), classifier.aligner.weighted(b, frequencies))
        var features = classifier.features(a, b, ArticleContent(a, boilerplate: []), ArticleContent(b, boilerplate: []), va, vb)
        // The side-by-side view always shows the alignment, also for copies and unrelated pairs.
        if features.alignment.isEmpty {
            features.alignment = classifier.aligner.align(va, vb)
            features.coverage = Double(features.alignment.count) / Double(max(1, min(a.sentences.count, b.sentences.count)))
        }
        self.features = features
        var relation = analysis.relations.first
        var lexical = relation?.score ?? classifier.score(nil, features.topic)
        let semantic = embedder.map { [a, b] in $0.similarity(Self.embeddedText(a), Self.embeddedText(b)) }
        var meaning: MeaningAlignment?
        if let embedder, let semantic, classifier.mayBeMeaningRewrite(relation?.kind, semantic: semantic) {
            meaning = MeaningAlignment(a, b, embedder: embedder)
        }
        if let meaning, let (score, reason) = classifier.meaningRewrite(meaning) {
            let decider = SourceDecider(documents: [a.id: a, b.id: b], copies: [:], families: [:])
            let (source, why) = decider.decide(a.id, b.id, kind: .rewrite, alignment: features.alignment)
            relation = Relation(a: a.id, b: b.id, kind: .rewrite, score: score, source: source,
                                reasons: (relation?.reasons ?? []) + [reason] + why, evidence: relation?.evidence ?? [])
            lexical = score
        } else if let semantic, let (score, reason) = classifier.semanticSameStory(relation?.kind, features, semantic: semantic) {
            relation = Relation(a: a.id, b: b.id, kind: .sameStory, score: score,
                                reasons: (relation?.reasons ?? []) + [reason], evidence: relation?.evidence ?? [])
            lexical = score
        }
        self.relation = relation
        self.semantic = semantic
        self.meaning = meaning
        score = semantic.map { (lexical + $0) / 2 } ?? lexical
        source = relation?.source
        reasons = relation?.reasons ?? ["nothing links the two articles"]
        quotePairs = QuoteMatcher.match(a.quotes, b.quotes, alignment: features.alignment.sentenceMap)
    }

    /// What the sentence model reads of an article: its title and its clean body (the model
    /// reads the first 256 word pieces of it).
    static func embeddedText(_ article: AnalyzedArticle) -> String {
        ([article.article.title].compactMap { $0 } + article.article.paragraphs).joined(separator: "\n")
    }

    /// The comparison as the JSON document `compare --json` prints.
    public func json() -> JSON {
        .object([
            ("a", .string(a.id)),
            ("b", .string(b.id)),
            ("kind", .optional(kind?.rawValue)),
            ("source", .optional(source)),
            ("reasons", .array(reasons.map { .string($0) })),
            ("score", .number(score)),
            ("semantic", semantic.map { .number($0) } ?? .null),
            ("meaning", meaning.map {
                .object([("inOrder", .number(Double($0.inOrder))), ("sentences", .number(Double($0.shorter))),
                         ("otherCovered", .number($0.otherCovered))])
            } ?? .null),
            ("jaccard", .number(features.jaccard)),
            ("coverage", .number(features.coverage)),
            ("event", .number(features.event)),
            ("lead", .number(features.lead)),
            ("details", .number(features.story)),
            ("shareA", .number(relation?.shareA ?? features.shareA)),
            ("shareB", .number(relation?.shareB ?? features.shareB)),
            ("passages", .array((relation?.passages ?? []).map(JSONReport.passage))),
            ("aligned", .array(features.alignment.map {
                .object([("a", .string(a.sentences[$0.a].text)), ("b", .string(b.sentences[$0.b].text)),
                         ("similarity", .number($0.similarity))])
            })),
            ("quotes", .array(quotePairs.map { qa, qb in
                .object([("speaker", .optional(qa.speaker)), ("a", .string(qa.text)), ("b", .string(qb.text)),
                         ("altered", .bool(qa.comparisonForm != qb.comparisonForm)),
                         ("diff", .string(WordDiff.diff(qa.text, qb.text)))])
            })),
        ])
    }
}
