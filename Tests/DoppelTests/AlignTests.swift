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
