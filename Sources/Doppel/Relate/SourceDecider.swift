/// Decides which article of a derived pair is the likely source, from evidence that copies
/// leave behind: stated dates, a stated canonical URL, how many other copies share a version's
/// text, and which version's quotations the other versions agree with.
struct SourceDecider {
    static let consultedVersions = 16

    let documents: [String: AnalyzedArticle]
    /// For each document, the documents it is a (near-)duplicate of.
    let copies: [String: Set<String>]
    /// For each document, the first members (by id) of its family: the documents linked to it
    /// by derived relations, transitively. A handful of other versions is enough to see which
    /// wording they share, and keeps this bounded where one family holds thousands of copies.
    let families: [String: ArraySlice<String>]

    /// The likely source of the pair and the reasons, or nil (with the reason) when undecided.
    func decide(_ x: String, _ y: String, kind: RelationKind, alignment: [AlignedSentence]) -> (String?, [String]) {
        guard let a = documents[x], let b = documents[y] else { return (nil, []) }
        var score = 0  // > 0 favours x as the source
        var reasons: [String] = []
        switch (a.article.date, b.article.date) {
        case let (da?, db?) where da != db:
            score += da < db ? 2 : -2
            reasons.append("\(da < db ? x : y) states the earlier date (\(min(da, db)))")
        case (_?, nil): score += 1; reasons.append("\(x) states a publication date, \(y) does not")
        case (nil, _?): score -= 1; reasons.append("\(y) states a publication date, \(x) does not")
        default: break
        }
        switch (a.article.url, b.article.url) {
        case (_?, nil): score += 1; reasons.append("\(x) states its canonical URL, \(y) does not")
        case (nil, _?): score -= 1; reasons.append("\(y) states its canonical URL, \(x) does not")
        default: break
        }
        let copiesX = copies[x, default: []].subtracting([y]).count
        let copiesY = copies[y, default: []].subtracting([x]).count
        if copiesX != copiesY {
            score += copiesX > copiesY ? 1 : -1
            let winner = copiesX > copiesY ? x : y
            reasons.append("\(winner)'s text also appears in \(max(copiesX, copiesY)) other cop\(max(copiesX, copiesY) == 1 ? "y" : "ies")")
        }
        if kind == .rewrite {
            let (agreeX, agreeY) = quotationAgreement(a, b, alignment: alignment)
            if agreeX != agreeY {
                score += agreeX > agreeY ? 2 : -2
                let winner = agreeX > agreeY ? x : y
                reasons.append("where the two versions' quotations differ, other versions agree with \(winner)'s wording (\(max(agreeX, agreeY)) of \(agreeX + agreeY))")
            }
        }
        if score == 0 {
            return (nil, reasons + ["the evidence does not decide which came first"])
        }
        return (score > 0 ? x : y, reasons)
    }

    /// For the quotations on which `a` and `b` differ, how many times a third version of the same
    /// family quotes `a`'s wording and how many times `b`'s.
    func quotationAgreement(_ a: AnalyzedArticle, _ b: AnalyzedArticle, alignment: [AlignedSentence]) -> (Int, Int) {
        let others = families[a.id, default: []].filter { $0 != a.id && $0 != b.id }
        let otherQuotes = Set(others.compactMap { documents[$0] }.flatMap { $0.quotes.map(\.comparisonForm) })
        guard !otherQuotes.isEmpty else { return (0, 0) }
        var agreeA = 0, agreeB = 0
        for (qa, qb) in QuoteMatcher.match(a.quotes, b.quotes, alignment: alignment.sentenceMap) where qa.comparisonForm != qb.comparisonForm {
            if otherQuotes.contains(qa.comparisonForm) { agreeA += 1 }
            if otherQuotes.contains(qb.comparisonForm) { agreeB += 1 }
        }
        return (agreeA, agreeB)
    }
}
