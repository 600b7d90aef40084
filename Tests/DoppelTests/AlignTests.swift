import Testing
@testable import Doppel

@Suite struct AlignTests {
    static let source = [
        "Mayor Ines Duarte said on Monday that the Quinta Bridge will close for repairs in June.",
        "Engineers found corrosion in four of the bridge's twelve cables during an inspection in April.",
        "The closure will add about 20 minutes to journeys between Porto Azul and Vila Seca.",
        "A ferry service will run every half hour while the work continues.",
    ]
    static let spun = [
        "On Monday, Mayor Ines Duarte announced that repairs will shut the Quinta Bridge from June.",
        "An April inspection revealed that four of the twelve cables on the bridge were corroded.",
        "Trips between Porto Azul and Vila Seca are expected to take roughly 20 minutes longer.",
        "While works go on, boats will carry passengers every thirty minutes.",
    ]

    func analyzed(_ sentences: [String], _ id: String) -> AnalyzedArticle {
        AnalyzedArticle(Article(id: id, format: .text, paragraphs: sentences))
    }

    @Test func alignsAParaphraseSentenceBySentenceInOrder() {
        let (a, b) = (analyzed(Self.source, "a"), analyzed(Self.spun, "b"))
        let frequencies = DocumentFrequencies([a, b])
        let aligner = SentenceAligner()
        let alignment = aligner.align(aligner.weighted(a, frequencies), aligner.weighted(b, frequencies))
        #expect(alignment.count >= 3)
        #expect(alignment.allSatisfy { $0.a == $0.b })
    }

    @Test func doesNotAlignSentencesAboutOtherThings() {
        let other = analyzed([
            "The Rovers won the cup final 2-1 at Marlow Park on Saturday.",
            "Their coach praised the defence after a tense second half.",
        ], "c")
        let a = analyzed(Self.source, "a")
        let (aligner, frequencies) = (SentenceAligner(), DocumentFrequencies([a, other]))
        #expect(aligner.align(aligner.weighted(a, frequencies), aligner.weighted(other, frequencies)).isEmpty)
    }
}

@Suite struct RelateTests {
    func features(event: Double, days: Int?) -> PairFeatures {
        PairFeatures(jaccard: 0, sameWords: false, passages: [], shareA: 0, shareB: 0, alignment: [], coverage: 0,
                     story: event, lead: event, days: days)
    }

    @Test func independentPairsFollowEventSimilarityAndDates() {
        let classifier = PairClassifier()
        let a = AnalyzedArticle(Article(id: "a", format: .text, paragraphs: ["One line."]))
        let b = AnalyzedArticle(Article(id: "b", format: .text, paragraphs: ["Another line."]))
        #expect(classifier.kind(a, b, features(event: 0.5, days: nil))?.0 == .sameStory)
        #expect(classifier.kind(a, b, features(event: 0.4, days: nil))?.0 == .related)
        #expect(classifier.kind(a, b, features(event: 0.4, days: 0))?.0 == .sameStory)
        #expect(classifier.kind(a, b, features(event: 0.5, days: 1))?.0 == .sameStory)
        #expect(classifier.kind(a, b, features(event: 0.5, days: 7))?.0 == .related)
        #expect(classifier.kind(a, b, features(event: 0.2, days: 0))?.0 == .related)
        #expect(classifier.kind(a, b, features(event: 0.05, days: 0)) == nil)
        // Two reports of one publisher the same day need a closer lead to be independent coverage.
        var same = features(event: 0.4, days: 0)
        same.samePublisher = true
        #expect(classifier.kind(a, b, same)?.0 == .related)
        same.lead = 0.5
        #expect(classifier.kind(a, b, same)?.0 == .sameStory)
    }

    @Test func scoresAreMonotoneAcrossKinds() {
        let classifier = PairClassifier()
        let order: [RelationKind?] = [nil, .related, .sameStory, .partialReuse, .rewrite, .nearDuplicate, .duplicate]
        for (closer, looser) in zip(order.dropFirst(), order) {
            #expect(classifier.score(closer, 0) >= classifier.score(looser, 1), "\(String(describing: closer))")
            #expect(classifier.score(closer, 0, sameStoryFrom: 0.3) >= classifier.score(looser, 1, sameStoryFrom: 0.5))
        }
        // Within the independent kinds the score is one increasing function of event similarity.
        let events = stride(from: 0.0, through: 1.0, by: 0.01).map { event -> Double in
            let kind: RelationKind? = event >= classifier.sameStorySimilarity ? .sameStory
                : event >= classifier.relatedSimilarity ? .related : nil
            return classifier.score(kind, event, sameStoryFrom: classifier.sameStorySimilarity)
        }
        #expect(zip(events, events.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func sourceFollowsStatedDateAndURL() {
        let dated = Article(id: "dated.md", format: .markdown, date: Day(iso: "2026-03-04"), url: "https://x.example/a",
                            paragraphs: ["The council approved the tram line on Tuesday after a long debate about its cost."])
        let bare = Article(id: "bare.txt", format: .text,
                           paragraphs: ["The council approved the tram line on Tuesday after a long debate about its cost!"])
        let analysis = Scanner().scan(articles: [bare, dated])
        #expect(analysis.relations.count == 1)
        // The same text but for the final punctuation mark: a duplicate.
        #expect(analysis.relations.first?.kind == .duplicate)
        #expect(analysis.relations.first?.source == "dated.md")
        #expect(analysis.stories.count == 1)
        #expect(analysis.stories.first?.original == "dated.md")
    }
}
