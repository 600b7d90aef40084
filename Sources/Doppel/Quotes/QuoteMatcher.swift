/// Pairs the quotations of two versions of an article: the same statement, however reworded.
enum QuoteMatcher {
    /// Quotations whose sentences do not align must share at least this share of words (Dice)
    /// to be taken for the same statement; within aligned sentences any overlap will do, as a
    /// spun quotation may keep only a few of its words.
    static let unalignedMinimum = 0.5

    /// Matched pairs (a quotation of `a`, its counterpart in `b`), each quotation used once.
    /// `alignment` maps sentence indexes of `a` to those of `b`.
    static func match(_ a: [Quotation], _ b: [Quotation], alignment: [Int: Int]) -> [(Quotation, Quotation)] {
        let alignment = filled(alignment)
        var scored: [(score: Double, i: Int, j: Int)] = []
        let wordsB = b.map { Set(Tokenizer.tokens($0.text).map(\.word)) }
        for (i, qa) in a.enumerated() {
            let wa = Set(Tokenizer.tokens(qa.text).map(\.word))
            for (j, qb) in b.enumerated() {
                let wb = wordsB[j]
                let dice = 2 * Double(wa.intersection(wb).count) / Double(max(1, wa.count + wb.count))
                let aligned = alignment[qa.sentence].map { abs($0 - qb.sentence) <= 1 } ?? false
                let sameSentence = alignment[qa.sentence] == qb.sentence
                guard dice >= unalignedMinimum || (aligned && (dice > 0 || sameSentence)) else { continue }
                scored.append((dice + (sameSentence ? 1 : aligned ? 0.5 : 0), i, j))
            }
        }
        var usedA = Set<Int>(), usedB = Set<Int>()
        var pairs: [(Quotation, Quotation)] = []
        for candidate in scored.sorted(by: { ($0.score, -$0.i, -$0.j) > ($1.score, -$1.i, -$1.j) }) {
            guard !usedA.contains(candidate.i), !usedB.contains(candidate.j) else { continue }
            usedA.insert(candidate.i)
            usedB.insert(candidate.j)
            pairs.append((a[candidate.i], b[candidate.j]))
        }
        return pairs.sorted { $0.0.sentence < $1.0.sentence }
    }

    /// The alignment with its one-to-one gaps filled: a sentence between two aligned neighbours
    /// whose counterparts are as far apart is taken to correspond, however reworded (a spun
    /// sentence can keep too few words to align on its own).
    static func filled(_ alignment: [Int: Int]) -> [Int: Int] {
        var result = alignment
        let pairs = alignment.sorted { $0.key < $1.key }
        for (x, y) in zip(pairs, pairs.dropFirst()) where y.key - x.key == y.value - x.value && y.key - x.key > 1 {
            for step in 1..<(y.key - x.key) { result[x.key + step] = x.value + step }
        }
        return result
    }
}
