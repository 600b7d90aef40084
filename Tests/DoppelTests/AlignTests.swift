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
    @Test func storyKindFollowsTopicQuotationsAndDates() {
        let classifier = PairClassifier()
        #expect(classifier.storyKind(topic: 0.5, sharedStatements: 0, dates: (nil, nil))?.0 == .sameStory)
        #expect(classifier.storyKind(topic: 0.3, sharedStatements: 0, dates: (nil, nil))?.0 == .related)
        #expect(classifier.storyKind(topic: 0.3, sharedStatements: 1, dates: (nil, nil))?.0 == .sameStory)
        #expect(classifier.storyKind(topic: 0.5, sharedStatements: 0, dates: ("2026-03-04", "2026-02-11"))?.0 == .related)
        #expect(classifier.storyKind(topic: 0.5, sharedStatements: 0, dates: ("2026-03-04", "2026-03-05"))?.0 == .sameStory)
        #expect(classifier.storyKind(topic: 0.1, sharedStatements: 2, dates: (nil, nil)) == nil)
    }

    @Test func sourceFollowsStatedDateAndURL() {
        let dated = Article(id: "dated.md", format: .markdown, date: "2026-03-04", url: "https://x.example/a",
                            paragraphs: ["The council approved the tram line on Tuesday after a long debate about its cost."])
        let bare = Article(id: "bare.txt", format: .text,
                           paragraphs: ["The council approved the tram line on Tuesday after a long debate about its cost!"])
        let analysis = Scanner().scan(articles: [bare, dated])
        #expect(analysis.relations.count == 1)
        #expect(analysis.relations.first?.kind == .nearDuplicate)
        #expect(analysis.relations.first?.source == "dated.md")
        #expect(analysis.stories.count == 1)
        #expect(analysis.stories.first?.original == "dated.md")
    }
}
