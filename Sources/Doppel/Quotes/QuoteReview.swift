/// Compares the quotations of every derived copy with its source and merges speaker spellings.
enum QuoteReview {
    static func findings(documents: [AnalyzedArticle], relations: [Relation],
                         alignments: [IDPair: [AlignedSentence]], stories: [Story]) -> [QuoteFinding] {
        let byID = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0) })
        let originals = Set(stories.compactMap(\.original))
        // The source each copy is compared with: the story's original when it is among the
        // copy's sources, else its most similar source.
        var chosen: [String: (source: String, score: Double, alignment: [Int: Int])] = [:]
        for relation in relations where relation.kind.isDerived {
            guard let source = relation.source else { continue }
            let copy = source == relation.a ? relation.b : relation.a
            let alignment = alignments[IDPair(relation.a, relation.b)] ?? []
            // Orient the alignment from the copy's sentences to the source's.
            let map = copy == relation.a ? alignment.sentenceMap : Dictionary(alignment.map { ($0.b, $0.a) }, uniquingKeysWith: { f, _ in f })
            let rank = relation.score + (originals.contains(source) ? 1 : 0)
            if let current = chosen[copy], current.score >= rank { continue }
            chosen[copy] = (source, rank, map)
        }
        var alterations: [Quotation: Alteration] = [:]
        for (copy, choice) in chosen {
            guard let copyDocument = byID[copy], let sourceDocument = byID[choice.source] else { continue }
            for (mine, theirs) in QuoteMatcher.match(copyDocument.quotes, sourceDocument.quotes, alignment: choice.alignment)
            where mine.comparisonForm != theirs.comparisonForm {
                alterations[mine] = Alteration(document: choice.source, text: theirs.text, diff: WordDiff.diff(theirs.text, mine.text))
            }
        }
        let names = SpeakerMerger(documents.flatMap { $0.quotes.compactMap(\.speaker) })
        return documents.flatMap { document in
            document.quotes.map { quote in
                QuoteFinding(quotation: quote, speaker: quote.speaker.map(names.display), alteration: alterations[quote])
            }
        }
    }
}

/// Merges spellings of one speaker's name across documents ("Zelensky", "Volodymyr Zelenskyy")
/// and names each group by its most frequent full spelling.
struct SpeakerMerger {
    private var display: [String: String] = [:]

    init(_ names: [String]) {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        // Only names whose surnames start alike can be spellings of one another: compare
        // within those buckets, not across all names. The surname is everything after the first
        // name, initials dropped and joined ("Samir Al Hassan" → "alhassan").
        let buckets = Dictionary(grouping: counts.keys.sorted()) { name in
            let parts = name.split(separator: " ")
            let surname = parts.count > 1 ? parts.dropFirst().filter { $0.count > 1 && !$0.hasSuffix(".") }.joined() : parts.joined()
            return String(Normalizer.comparisonForm(surname).filter(\.isLetter).prefix(1))
        }
        // Buckets are independent: they are grouped on all cores.
        let groups = Scanner.concurrentMap(buckets.keys.sorted()) { bucket in
            var local: [[(name: String, key: SpeakerNames.Key)]] = []
            for name in buckets[bucket]! {
                let key = SpeakerNames.Key(name)
                if let g = local.firstIndex(where: { $0.contains { $0.key.isSamePerson(as: key) } }) {
                    local[g].append((name, key))
                } else {
                    local.append([(name, key)])
                }
            }
            return local.map { $0.map(\.name) }
        }.joined()
        for group in groups {
            let best = group.max { l, r in
                let (wl, wr) = (l.split(separator: " ").count, r.split(separator: " ").count)
                if (wl > 1) != (wr > 1) { return wr > 1 }  // a full name beats a surname
                if counts[l]! != counts[r]! { return counts[l]! < counts[r]! }
                return l > r
            }!
            for name in group { display[name] = best }
        }
    }

    func display(_ name: String) -> String { display[name] ?? name }
}
