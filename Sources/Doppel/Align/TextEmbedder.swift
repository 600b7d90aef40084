/// Turns a text into a vector of length 1 whose dot product with another text's says how alike
/// the two are in meaning (a sentence-embedding model; `DoppelSemantic` holds one).
public protocol TextEmbedder: Sendable {
    /// The embedding of `text`.
    func embedding(_ text: String) -> [Float]
}

extension TextEmbedder {
    /// The cosine of the two texts' embeddings, clamped to 0…1.
    public func similarity(_ a: String, _ b: String) -> Double {
        let (x, y) = (embedding(a), embedding(b))
        return min(1, max(0, Double(zip(x, y).reduce(0) { $0 + $1.0 * $1.1 })))
    }
}
