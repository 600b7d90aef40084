import Foundation

/// BERT's uncased tokenizer: lower case, accents stripped, split at white space and punctuation,
/// then each word cut into the longest pieces of the vocabulary (`##` marks a piece inside a word).
struct WordPiece: Sendable {
    private let ids: [String: Int32]
    /// The number of pieces in the vocabulary (one more than the largest id).
    let size: Int
    let unknown: Int32
    let start: Int32
    let end: Int32
    /// Words longer than this many characters are unknown, as in BERT.
    private let longestWord = 100

    init(vocabulary: [String]) throws(SemanticError) {
        var ids: [String: Int32] = [:]
        for (index, piece) in vocabulary.enumerated() where ids[piece] == nil { ids[piece] = Int32(index) }
        guard let unknown = ids["[UNK]"], let start = ids["[CLS]"], let end = ids["[SEP]"] else {
            throw .malformed("vocab.txt", "no [UNK], [CLS] or [SEP] piece")
        }
        (self.ids, self.size, self.unknown, self.start, self.end) = (ids, vocabulary.count, unknown, start, end)
    }

    /// The piece ids of `text`, framed by [CLS] and [SEP], at most `limit` in all.
    func encode(_ text: String, limit: Int) -> [Int32] {
        var out: [Int32] = [start]
        for word in Self.words(text) {
            for id in pieces(word) {
                guard out.count < limit - 1 else { return out + [end] }
                out.append(id)
            }
        }
        return out + [end]
    }

    /// The words of `text` after BERT's basic tokenizer; each punctuation mark is a word.
    static func words(_ text: String) -> [String] {
        let folded = text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .nonspacingMark }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() { if !current.isEmpty { words.append(String(current)); current = .init() } }
        for scalar in folded {
            if scalar.properties.isWhitespace || scalar.value < 32 || scalar.value == 0xFFFD {
                flush()
            } else if isPunctuation(scalar) || isCJK(scalar) {
                flush()
                words.append(String(scalar))
            } else {
                current.append(scalar)
            }
        }
        flush()
        return words
    }

    private func pieces(_ word: String) -> [Int32] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count <= longestWord else { return [unknown] }
        var out: [Int32] = []
        var from = 0
        while from < scalars.count {
            var to = scalars.count
            var found: Int32?
            while from < to {
                var piece = String(String.UnicodeScalarView(scalars[from..<to]))
                if from > 0 { piece = "##" + piece }
                if let id = ids[piece] { found = id; break }
                to -= 1
            }
            guard let found else { return [unknown] }
            out.append(found)
            from = to
        }
        return out
    }

    /// ASCII symbols count as punctuation in BERT, as do Unicode's punctuation categories.
    private static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 33...47, 58...64, 91...96, 123...126: return true
        default: break
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    private static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }
}
