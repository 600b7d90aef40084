import Testing
@testable import Doppel

/// Shared passages, publisher boilerplate and stories that hold one event, on articles written
/// for these tests.
@Suite struct ReuseTests {
    /// A stock background box, two sentences long.
    static let box = "The river port was founded in 1821 by salt merchants who traded along the northern coast. "
        + "Its harbour was dredged in 1990 and now handles about four million tonnes of cargo every year."

    func article(_ id: String, _ paragraphs: [String], date: Day? = nil, publisher: String? = nil) -> Article {
        Article(id: id, format: .text, date: date, publisher: publisher, paragraphs: paragraphs)
    }

    @Test func aSharedBackgroundBoxIsPartialReuseWithOffsets() throws {
        let a = article("a.txt", [
            "Dock workers at the river port walked out on Monday over a new shift system that cuts night pay.",
            "About three hundred people joined the picket line at the main gate before dawn, and lorries queued for a mile.",
            Self.box,
            "The union said the strike would last until the company returned to talks.",
            "Managers said the new rota was needed to keep the port competitive and that night pay would be reviewed in the spring.",
        ], date: Day(iso: "2026-05-04"))
        let b = article("b.txt", [
            "A cargo ship ran aground near the river port on Thursday, blocking the channel for six hours.",
            "Tugs freed the vessel at high tide and no one was hurt, the coastguard said.",
            "Investigators will examine whether the pilot had the latest soundings of the channel, which shifts after storms.",
            Self.box,
            "Its owners said the ship would sail again once divers had checked its hull for damage.",
        ], date: Day(iso: "2026-05-07"))
        let analysis = Scanner().scan(articles: [a, b])
        let relation = try #require(analysis.relations.first)
        #expect(relation.kind == .partialReuse)
        let passage = try #require(relation.passages.first)
        #expect(relation.passages.count == 1)
        let textA = Array(a.text.unicodeScalars), textB = Array(b.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(textA[passage.a])) == String(Self.box.dropLast()))
        #expect(String(String.UnicodeScalarView(textB[passage.b])) == String(Self.box.dropLast()))
        #expect(passage.source == "a.txt")
        #expect(relation.shareA > 0.2 && relation.shareA < 0.5)
        // Different events: reuse of a box does not put the two in one story.
        #expect(analysis.stories.count == 2)
    }

    @Test func aStatementBothQuoteIsNotReuse() {
        let statement = "\u{201C}We will not accept any cut to night pay, and we will stay out for as long as it takes to win this dispute,\u{201D}"
        let a = article("a.txt", ["Dock workers walked out on Monday.", statement + " the union said in a statement."])
        let b = article("b.txt", ["Ferry crews joined a rally in the capital on Monday.", statement + " the union said in a statement."])
        let analysis = Scanner().scan(articles: [a, b])
        #expect(!analysis.relations.contains { $0.kind == .partialReuse || $0.kind.isDerived })
    }

    @Test func sentencesRepeatedAcrossAPublishersArticlesAreBoilerplate() {
        let trailer = "Sign up for our morning briefing and get the day's news in your inbox before breakfast. "
            + "You can unsubscribe at any time by following the link at the bottom of every email."
        let topics = ["a new library opened in the old mill", "the county fair drew record crowds",
                      "a rare orchid was found on the moor", "the choir won a national prize",
                      "roadworks closed the high street", "the lifeboat crew rescued two climbers",
                      "a bakery celebrated its centenary"]
        let articles = topics.enumerated().map { index, topic in
            article("\(index).txt", ["Local news: \(topic) this week, residents said.", trailer], publisher: "news.example")
        }
        let analysis = Scanner().scan(articles: articles)
        #expect(!analysis.relations.contains { $0.kind == .partialReuse || $0.kind.isDerived })
    }

    @Test func twoPagesOfNothingButTheSameFurnitureAreNotCopies() {
        // Two episode pages whose only text is the series' follow line: not one article twice.
        let line = "You can follow Harbor Weekly on Twitter @harborweekly, and find us on Facebook."
        let a = Article(id: "a.txt", format: .text, title: "Harbor Weekly, episode 12", paragraphs: [line])
        let b = Article(id: "b.txt", format: .text, title: "Harbor Weekly, episode 13", paragraphs: [line])
        let analysis = Scanner().scan(articles: [a, b])
        #expect(!analysis.relations.contains { $0.kind.isDerived || $0.kind == .partialReuse })
    }

    @Test func furnitureGluedToAnArticlesOwnWordsIsBoilerplateToo() {
        // The trailer's two sentences are each glued to the article's own words, so no two
        // articles hold the same sentence; its 5-grams recur all the same.
        let trailer = "and you can sign up for our morning briefing to get the day's news in your inbox before breakfast. "
            + "You can unsubscribe at any time by following the link at the bottom of every email from"
        let topics = [("a new library opened", "the arts desk"), ("the county fair drew crowds", "the farming desk"),
                      ("a rare orchid was found", "the nature desk"), ("the choir won a prize", "the music desk"),
                      ("roadworks closed the high street", "the travel desk"), ("the lifeboat crew rescued two climbers", "the coast desk")]
        let articles = topics.enumerated().map { index, topic in
            article("\(index).txt", ["Local news: \(topic.0) this week, residents said " + trailer + " \(topic.1)."], publisher: "news.example")
        }
        let analysis = Scanner().scan(articles: articles)
        #expect(!analysis.relations.contains { $0.kind == .partialReuse || $0.kind.isDerived })
    }

    @Test func leadIndexPairsArticlesWhoseLeadsSayAlike() {
        let texts = [("Flooding closes the coast road at Marlow", "Heavy rain flooded the coast road at Marlow on Sunday, and police closed it to traffic."),
                     ("Coast road at Marlow shut by floods", "Police shut the coast road at Marlow after heavy rain flooded it on Sunday."),
                     ("Choir wins national prize", "The town choir won the national prize for amateur singing in the capital.")]
        let contents = texts.enumerated().map { index, text in
            ArticleContent(AnalyzedArticle(Article(id: "\(index)", format: .text, title: text.0, paragraphs: [text.1])))
        }
        #expect(LeadIndex().candidatePairs(contents) == [Pair(0, 1)])
    }

    @Test func storiesDoNotChainAcrossDays() {
        // Three steps of one running story, a week apart each: related, never one story.
        let steps = [("2026-03-02", "Police arrested two suspects in the Harbour Lane jewellery robbery on Monday, Inspector Mara Quist said."),
                     ("2026-03-09", "The two suspects in the Harbour Lane jewellery robbery were charged in court, Inspector Mara Quist said."),
                     ("2026-03-16", "Stolen rings from the Harbour Lane jewellery robbery were found in a garden, Inspector Mara Quist said.")]
        let articles = steps.enumerated().map { index, step in
            article("\(index).txt", [step.1, "The shop on Harbour Lane lost rings and watches worth about 90,000 euros in the robbery."], date: Day(iso: step.0))
        }
        let analysis = Scanner().scan(articles: articles)
        #expect(analysis.stories.count == 3)
        #expect(!analysis.relations.contains { $0.kind == .sameStory })
    }
}
