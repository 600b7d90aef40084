import Foundation
import Testing
@testable import Doppel
@testable import DoppelSemantic

/// The sentence model: its tokenizer, its file checks, the model installed by `scripts/setup`,
/// and how `compare` weighs it into the score.
@Suite struct SemanticTests {
    @Test func wordPieceSplitsLowersStripsAccentsAndCutsWordsIntoPieces() throws {
        let tokenizer = try WordPiece(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cafe", "play", "##ing", "##ed", ",", "!"])
        #expect(WordPiece.words("The Café, playing!") == ["the", "cafe", ",", "playing", "!"])
        #expect(tokenizer.encode("The Café, playing!", limit: 256) == [2, 4, 5, 9, 6, 7, 10, 3])
        // A word with a piece the vocabulary lacks is unknown as a whole, as in BERT.
        #expect(tokenizer.encode("playingx", limit: 256) == [2, 1, 3])
        // The limit counts [CLS] and [SEP].
        #expect(tokenizer.encode("the the the the", limit: 4) == [2, 4, 4, 3])
    }

    @Test func aVocabularyWithoutTheFramingPiecesIsRefused() {
        #expect(throws: SemanticError.self) { try WordPiece(vocabulary: ["the", "a"]) }
    }

    @Test func aMissingOrDamagedModelIsAnErrorNamingTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("doppel-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: SemanticError.unreadable(folder.appendingPathComponent("vocab.txt").path)) { try SentenceModel(directory: folder) }
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\n".write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        let weights = folder.appendingPathComponent("model.safetensors")
        try Data([200, 0, 0, 0, 0, 0, 0, 0, 123]).write(to: weights)
        #expect(throws: SemanticError.malformed(weights.path, "its JSON header is missing or cut")) { try SentenceModel(directory: folder) }
    }

    @Test func aVocabularyLongerThanTheModelsEmbeddingsIsAnErrorNamingIt() throws {
        let installed = SentenceModel.defaultDirectory
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("doppel-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("model.safetensors"),
                                                   withDestinationURL: installed.appendingPathComponent("model.safetensors"))
        let vocabulary = try String(contentsOf: installed.appendingPathComponent("vocab.txt"), encoding: .utf8)
        let longer = folder.appendingPathComponent("vocab.txt")
        try (vocabulary + "[EXTRA]\n").write(to: longer, atomically: true, encoding: .utf8)
        #expect(throws: SemanticError.malformed(longer.path, "30523 pieces, more than the model's 30522")) {
            try SentenceModel(directory: folder)
        }
    }

    /// The model `scripts/setup` installs. The reference value 0.7553 is what an independent
    /// NumPy implementation of the same forward pass gave for this pair.
    @Test func theInstalledModelReadsMeaning() throws {
        let model = try SentenceModel()
        let paraphrase = model.similarity("A man is eating food.", "A man is eating a piece of bread.")
        let unrelated = model.similarity("A man is eating food.", "The stock market fell sharply today.")
        #expect(abs(paraphrase - 0.7553) < 0.001)
        #expect(unrelated < 0.1)
        let vector = model.embedding("Flooding closed the coast road on Monday.")
        #expect(vector.count == 384)
        #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }

    /// An embedder that calls every pair of texts this alike.
    struct Fixed: TextEmbedder {
        let angle: Float
        func embedding(_ text: String) -> [Float] { text.contains("ferry") ? [1, 0] : [cos(angle), sin(angle)] }
    }

    @Test func compareAveragesTheKindsScoreWithTheSemanticSimilarity() {
        let first = RawDocument(id: "a.txt", origin: "a.txt", text: "First report\n\nThe ferry left the harbour at noon with forty passengers on board.", format: .text)
        let second = RawDocument(id: "b.txt", origin: "b.txt", text: "Second report\n\nA bakery opened on the square, selling rye bread and cakes.", format: .text)
        let lexical = Comparison(first, second)
        #expect(lexical.semantic == nil)
        let semantic = Comparison(first, second, embedder: Fixed(angle: .pi / 3))
        #expect(abs((semantic.semantic ?? 0) - 0.5) < 1e-6)
        #expect(abs(semantic.score - (lexical.score + 0.5) / 2) < 1e-6)
        #expect(semantic.kind == lexical.kind)
    }

    @Test func anUndatedPairThatReadsAlikeInMeaningIsTheSameStoryButADatedPairKeepsItsKind() {
        func document(_ id: String, _ date: String?, _ body: String) -> RawDocument {
            RawDocument(id: id, origin: id, text: "Report\n\n" + (date.map { $0 + "\n\n" } ?? "") + body, format: .text)
        }
        let ferry = "The ferry left the harbour at noon with forty passengers on board."
        let bakery = "A bakery opened on the square, selling rye bread and cakes."
        let alike = Fixed(angle: 0)  // cosine 1: the two read as one text
        let undated = Comparison(document("a.txt", nil, ferry), document("b.txt", nil, bakery), embedder: alike)
        #expect(Comparison(document("a.txt", nil, ferry), document("b.txt", nil, bakery)).kind != .sameStory)
        #expect(undated.kind == .sameStory)
        #expect(undated.reasons.last?.hasPrefix("read alike in meaning: sentence-model cosine 1.00") == true)
        #expect(undated.score >= 0.45)
        let dated = Comparison(document("a.txt", "March 3, 2017", ferry), document("b.txt", "March 3, 2017", bakery), embedder: alike)
        #expect(dated.features.days == 0)
        #expect(dated.kind != .sameStory)
    }

    /// An embedder that reads a text as the animals it names: two sentences about one animal say
    /// the same thing, whatever their words.
    struct Animals: TextEmbedder {
        static let names = ["otter", "heron", "badger", "falcon", "salmon", "beetle", "lizard", "walrus"]
        func embedding(_ text: String) -> [Float] {
            let found = Self.names.map { text.lowercased().contains($0) ? Float(1) : 0 }
            let length = found.reduce(0, +).squareRoot()
            return length > 0 ? found.map { $0 / length } : found
        }
    }

    static let source = [
        "The otter hunts along the muddy riverbank at dusk.", "A grey heron stands motionless in shallow water for hours.",
        "Each badger family digs a sett with many tunnels.", "The peregrine falcon dives faster than any other bird.",
        "Every autumn the salmon swim upstream to spawn.", "A dung beetle rolls its ball in a straight line.",
        "The desert lizard warms itself on rocks each morning.", "A bull walrus can weigh more than a small car.",
    ]
    static let reworded = [
        "When night falls, otters search stream banks for prey.", "Herons can wait without moving in the shallows all afternoon.",
        "Badgers live together underground in burrows of linked passages.", "No creature beats a falcon in a steep plunge.",
        "Salmon return to their home rivers in the cold season to lay eggs.", "Beetles push their balls of dung along without turning.",
        "At sunrise lizards bask on warm stones to heat their bodies.", "An adult male walrus is heavier than many vehicles.",
    ]

    func document(_ id: String, _ sentences: [String]) -> RawDocument {
        RawDocument(id: id, origin: id, text: "Animals\n\n" + sentences.joined(separator: " "), format: .text)
    }

    @Test func sentencesThatFollowTheOtherInOrderByMeaningMakeARewrite() throws {
        let lexical = Comparison(document("source.txt", Self.source), document("answer.txt", Self.reworded))
        #expect(lexical.kind != .rewrite)
        let comparison = Comparison(document("source.txt", Self.source), document("answer.txt", Self.reworded), embedder: Animals())
        let meaning = try #require(comparison.meaning)
        #expect(meaning.inOrder == 8 && meaning.shorter == 8 && meaning.otherCovered == 1)
        #expect(comparison.kind == .rewrite)
        #expect(comparison.reasons.contains { $0.hasPrefix("8 of 8 sentences follow the other article in order by meaning") })
    }

    @Test func theSameThingsSaidInAnotherOrderAreNoRewrite() throws {
        let comparison = Comparison(document("source.txt", Self.source), document("answer.txt", Self.reworded.reversed()), embedder: Animals())
        let meaning = try #require(comparison.meaning)
        #expect(meaning.inOrder == 1 && meaning.otherCovered == 1)
        #expect(comparison.kind != .rewrite)
    }

    @Test func sentencesInsideQuotationMarksAreNotAlignedByMeaning() {
        let quoted = Self.reworded.map { "\u{201C}\($0.dropLast())\u{201D} a keeper said." }
        let article = AnalyzedArticle(Article(id: "q.txt", format: .text, paragraphs: [quoted.joined(separator: " ")]))
        #expect(article.sentences.count == 8)
        #expect(MeaningAlignment.prose(article).isEmpty)
        #expect(MeaningAlignment.longestIncreasingRun([3, 1, 2, 5, 4, 6]) == 4)
    }
}
