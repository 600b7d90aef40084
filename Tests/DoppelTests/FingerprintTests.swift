import Testing
@testable import Doppel

@Suite struct FingerprintTests {
    @Test func minHashEstimatesJaccard() {
        let a = Set<UInt64>((0..<1000).map { mixHash($0, 1) })
        let b = Set<UInt64>((300..<1300).map { mixHash($0, 1) })  // Jaccard 700/1300 ≈ 0.54
        let hasher = MinHasher(permutations: 256)
        let (sa, sb) = (hasher.signature(a), hasher.signature(b))
        let estimate = Double(zip(sa, sb).filter { $0 == $1 }.count) / 256
        #expect(abs(estimate - 700.0 / 1300.0) < 0.08)
    }

    @Test func lshPairsSimilarSetsAndNotDifferentOnes() {
        let hasher = MinHasher()
        var index = LSHIndex()
        let base = (0..<500).map { mixHash($0, 7) }
        index.insert(hasher.signature(base), id: 0)
        index.insert(hasher.signature(base.dropLast(40)), id: 1)              // Jaccard 0.92
        index.insert(hasher.signature((5000..<5500).map { mixHash($0, 7) }), id: 2)  // disjoint
        #expect(index.candidatePairs() == [Pair(0, 1)])
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
