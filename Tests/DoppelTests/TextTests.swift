import Testing
@testable import Doppel

@Suite struct TextTests {
    @Test func normalizationFoldsTypographyAndCase() {
        #expect(Normalizer.comparisonForm("“It’s  OK…” — she said") == Normalizer.comparisonForm("\"it's ok...\" - She said"))
        #expect(Normalizer.comparisonForm("Crème\u{00A0}Brûlée") == "crème brûlée")
    }

    @Test func sentencesSurviveAbbreviationsInitialsNumbersAndQuotes() {
        let text = "U.S. President Donald Trump met Gen. Mark Smith and Mr. J. R. Jones at 3.5 p.m. on Monday. "
            + "“We agree,” he said. “It is done!” Then prices rose 2.5%. Was it enough? Nobody knows…"
        #expect(SentenceSplitter.sentences(text) == [
            "U.S. President Donald Trump met Gen. Mark Smith and Mr. J. R. Jones at 3.5 p.m. on Monday.",
            "“We agree,” he said.",
            "“It is done!”",
            "Then prices rose 2.5%.",
            "Was it enough?",
            "Nobody knows…",
        ])
    }

    @Test func tokensAreLowercasedOnBytesWithApostrophesAndNonASCII() {
        let tokens = Tokenizer.tokens("Russia’s Zürich-based firm don't, 2025!")
        #expect(tokens.map(\.word) == ["russia's", "zürich", "based", "firm", "don't", "2025"])
        #expect(tokens.map(\.isCapitalized) == [true, true, false, false, false, false])
        #expect(tokens.last?.isNumber == true)
        #expect(tokens[1].range == 11..<18)  // UTF-8 byte offsets: "’" is 3 bytes, "Zürich" 7
    }

    @Test func stemmerGivesInflectionsOneKey() {
        #expect(Lexicon.stem("guarantees") == Lexicon.stem("guarantee"))
        #expect(Lexicon.stem("agreed") == Lexicon.stem("agreeing"))
        #expect(Lexicon.stem("Russia's".lowercased()) == Lexicon.stem("russia"))
    }
}
