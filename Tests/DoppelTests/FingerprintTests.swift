import Testing
@testable import Doppel

@Suite struct FingerprintTests {
    @Test func sketchEstimatesJaccard() {
        let a = (0..<1000).map { mixHash($0, 1) }
        let b = (300..<1300).map { mixHash($0, 1) }  // Jaccard 700/1300 ≈ 0.54
        let estimate = Sketch.similarity(Sketch.signature(of: a), Sketch.signature(of: b))
        #expect(abs(estimate - 700.0 / 1300.0) < 0.1)
        // Short sets leave bins empty; densification still gives equal sets equal signatures
        // and disjoint ones (almost) none in common.
        let short = (0..<20).map { mixHash($0, 2) }
        #expect(Sketch.similarity(Sketch.signature(of: short), Sketch.signature(of: short.reversed())) == 1)
        #expect(Sketch.similarity(Sketch.signature(of: short), Sketch.signature(of: (50..<70).map { mixHash($0, 2) })) < 0.1)
    }

    @Test func bandsPairSimilarSignaturesAndNotDifferentOnes() {
        var bands = BandIndex(threshold: 0.8)
        #expect((bands.bands, bands.rows) == (25, 5))
        let base = (0..<500).map { mixHash($0, 7) }
        var candidates: [(Int32, Int32)] = []
        for (document, set) in [base, Array(base.dropLast(40)), (5000..<5500).map { mixHash($0, 7) }].enumerated() {
            Sketch.signature(of: set).withUnsafeBufferPointer { signature in
                bands.insert(signature.baseAddress!) { candidates.append(($0, Int32(document))) }
            }
        }
        #expect(Set(candidates.map { [$0.0, $0.1] }) == [[0, 1]])  // Jaccard 0.92 found; disjoint not
    }

    @Test func keyIndexPairsArticlesSharingNamesButNotStrangers() {
        let texts = [
            "Mayor Ines Duarte of Porto Azul opened the Quinta Bridge on Monday with engineer Leo Brandt.",
            "In Porto Azul, Ines Duarte and Leo Brandt cut the ribbon on the Quinta Bridge.",
            "The Rovers beat the Athletic 2-1 in the cup final at Marlow Park.",
        ]
        let documents = texts.enumerated().map { AnalyzedArticle(Article(id: "\($0.offset)", format: .text, paragraphs: [$0.element])) }
        let pairs = KeyIndex().candidatePairs(documents, frequencies: DocumentFrequencies(documents))
        #expect(pairs == [Pair(0, 1)])
    }
}
