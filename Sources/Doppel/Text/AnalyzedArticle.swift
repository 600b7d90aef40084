/// A sentence of an article with the keys used to compare it.
public struct Sentence: Sendable {
    /// Index of the paragraph it belongs to.
    public let paragraph: Int
    /// The sentence as written.
    public let text: String
    /// Hashes of its content-word keys (stopwords dropped, light-stemmed, doubled letters
    /// collapsed), sorted, each once.
    public let terms: [UInt64]
    /// The subset of `terms` that are names (capitalized words) or numbers, sorted.
    public let names: [UInt64]
    /// Its words in `AnalyzedArticle.words`.
    public let words: Range<Int>
    /// A hash of its words in comparison form: equal for the same sentence however it is typed.
    public let key: UInt64
}

/// A word of an article's body, in order: what shared passages are found on.
public struct BodyWord: Sendable {
    /// The hash of the word in comparison form (`Token.hash`).
    public let hash: UInt64
    /// UTF-8 offsets of the word in `Article.text`.
    public let start: Int32
    public let end: Int32
    /// Its sentence, an index into `AnalyzedArticle.sentences`.
    public let sentence: Int32
    /// Whether it stands inside quotation marks.
    public let isQuoted: Bool
}

/// An article prepared for comparison: sentences, quotations and fingerprints.
public struct AnalyzedArticle: Sendable {
    /// The extracted article.
    public let article: Article
    /// Its sentences, in order, across paragraphs.
    public let sentences: [Sentence]
    /// Its quotations with their speakers.
    public let quotes: [Quotation]
    /// Hashes of the body's word 5-grams.
    public let shingles: Set<UInt64>
    /// Hash of the body text with whitespace collapsed: equal only for bodies that are the same
    /// character for character (a verbatim copy); typography differences make a near-duplicate.
    public let bodyHash: UInt64
    /// How often each content term (by hash) occurs in the body.
    public let termCounts: [UInt64: Int]
    /// The body's words in order.
    public let words: [BodyWord]
    /// `shingleHashes[i]` is the hash of the 5-gram that starts at word `i`.
    public let shingleHashes: [UInt64]

    /// The document's id.
    public var id: String { article.id }

    /// FNV-1a of the paragraphs' words joined by single spaces: equal for the same body
    /// whatever its spacing and paragraph breaks. Reads scalars, not characters (splitting the
    /// joined body on `Character.isWhitespace` took 5% of a real-news scan).
    static func bodyHash(_ paragraphs: [String]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var pendingSpace = false, started = false
        for paragraph in paragraphs {
            for scalar in paragraph.unicodeScalars {
                if scalar.isASCII ? (scalar.value == 32 || (9...13).contains(scalar.value)) : scalar.properties.isWhitespace {
                    pendingSpace = started
                    continue
                }
                if pendingSpace { h = (h ^ 32) &* 0x100000001b3; pendingSpace = false }
                started = true
                UTF8.encode(scalar) { byte in h = (h ^ UInt64(byte)) &* 0x100000001b3 }
            }
            pendingSpace = started
        }
        return h
    }

    /// Analyzes an extracted article.
    public init(_ article: Article) {
        self.article = article
        var sentences: [Sentence] = []
        var offsets: [Int] = []
        var counts: [UInt64: Int] = [:]
        var shingles = Set<UInt64>()
        let bodyHash = Self.bodyHash(article.paragraphs)
        var window: [UInt64] = []
        var words: [BodyWord] = []
        var paragraphStart = 0
        // Each paragraph is tokenized and split once; the quotation extractor reads the same.
        let contexts = ParagraphContext.contexts(article.paragraphs)
        for (p, context) in contexts.enumerated() {
            defer { paragraphStart += context.bytes.count + 2 }
            offsets.append(sentences.count)
            var next = 0  // the first token not yet assigned to a sentence
            for range in context.sentences {
                let start = next
                while next < context.tokens.count && context.tokens[next].range.lowerBound < range.upperBound { next += 1 }
                let tokens = context.tokens[start..<next]
                var terms = Set<UInt64>()
                var names = Set<UInt64>()
                let firstWord = words.count
                var sentenceKey: UInt64 = 0
                for (i, token) in tokens.enumerated() {  // i counts from the sentence's first word
                    window.append(token.hash)
                    if window.count > Self.shingleSize { window.removeFirst() }
                    if window.count == Self.shingleSize { shingles.insert(window.reduce(0, mixHash)) }
                    sentenceKey = mixHash(sentenceKey, token.hash)
                    words.append(BodyWord(hash: token.hash, start: Int32(paragraphStart + token.range.lowerBound),
                                          end: Int32(paragraphStart + token.range.upperBound),
                                          sentence: Int32(sentences.count), isQuoted: context.isInsideQuote(start + i)))
                    guard let key = Self.term(token.word) else { continue }
                    let term = fnv1a(key.utf8)
                    terms.insert(term)
                    counts[term, default: 0] += 1
                    if token.isNumber || (token.isCapitalized && (i > 0 || !Lexicon.stopwords.contains(token.word))) {
                        names.insert(term)
                    }
                }
                sentences.append(Sentence(paragraph: p, text: context.string(range), terms: terms.sorted(), names: names.sorted(),
                                          words: firstWord..<words.count, key: sentenceKey))
            }
        }
        if shingles.isEmpty && !window.isEmpty { shingles.insert(window.reduce(0, mixHash)) }
        self.words = words
        self.shingleHashes = Self.shingleHashes(words.map(\.hash))

        self.sentences = sentences
        self.shingles = shingles
        self.bodyHash = bodyHash
        self.termCounts = counts
        self.quotes = QuoteExtractor.quotations(document: article.id, contexts: contexts,
                                                sentenceOffsets: offsets)
    }

    /// Words per shingle: 5, as near-duplicate detection on news commonly uses.
    public static let shingleSize = 5

    /// The hash of each 5-gram of a sequence of word hashes, by its first word.
    static func shingleHashes(_ words: [UInt64]) -> [UInt64] {
        guard words.count >= shingleSize else { return [] }
        return (0...(words.count - shingleSize)).map { i in words[i..<(i + shingleSize)].reduce(0, mixHash) }
    }
    /// The comparison key of a word, or nil for stopwords and single letters.
    static func term(_ word: String) -> String? {
        guard word.utf8.count > 1 || (word.first?.isNumber ?? false), !Lexicon.stopwords.contains(word) else { return nil }
        let stem = Lexicon.stem(word)
        // Doubled letters are written once ("travelled" ~ "traveled"); digits are kept.
        if stem.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(stem.utf8.count)
            var previous: UInt8 = 0x20
            for byte in stem.utf8 where byte != previous || (0x30...0x39).contains(byte) {
                bytes.append(byte)
                previous = byte
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        var previous: Character = " "
        for c in stem where c != previous || c.isNumber {
            out.append(c)
            previous = c
        }
        return out
    }
}

/// A bag of terms as a sparse vector with sublinear weights (1 + ln count), sorted by term, for
/// fast and reproducible cosines.
public struct TermVector: Sendable {
    let terms: [UInt64]
    let weights: [Double]
    let norm: Double

    init(_ counts: [UInt64: Int]) {
        let sorted = counts.sorted { $0.key < $1.key }
        terms = sorted.map(\.key)
        weights = sorted.map { 1 + Double($0.value).logValue }
        norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// The cosine of two vectors (0 when either is empty).
    public func cosine(_ other: TermVector) -> Double {
        guard norm > 0, other.norm > 0 else { return 0 }
        var dot = 0.0
        var i = 0, j = 0
        while i < terms.count && j < other.terms.count {
            if terms[i] == other.terms[j] {
                dot += weights[i] * other.weights[j]
                i += 1; j += 1
            } else if terms[i] < other.terms[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return dot / (norm * other.norm)
    }
}
