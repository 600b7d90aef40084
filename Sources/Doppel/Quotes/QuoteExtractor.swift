import Foundation

/// Extracts the quotations of an article and attributes each to its speaker.
///
/// Attribution follows the patterns of news prose, in this order:
/// 1. after the quotation: `“…,” Zelensky said`, `“…,” he told reporters`, `“…,” said the minister`;
/// 2. before it, in the same sentence: `Lavrov accused Ukraine of seeking “…”`,
///    `He said that talks would be “…”`, `Trump told reporters: “…”`;
/// 3. for a quotation of four or more words, the subject of its sentence (`Lind called it “…”`);
/// 4. a quotation with none of these goes on with the paragraph's latest speaker, of a quotation
///    or of a reporting sentence (`Osei agreed. “…”`).
/// Surnames, titles ("the minister") and pronouns are resolved through a `PersonRegistry` that
/// follows the article from the top. A quotation of one or two words with no speaker is a scare
/// quote.
public enum QuoteExtractor {
    /// Words that may stand between a subject and its speech verb ("Trump has also said").
    static let auxiliaries: Set<String> = [
        "has", "have", "had", "also", "previously", "later", "then", "again", "repeatedly",
        "reportedly", "once", "further", "earlier", "recently", "publicly", "already", "was", "is",
        "were", "are", "will", "would", "not", "never", "still", "privately", "separately", "just",
        "who", "been", "did", "does", "only", "even", "often", "frequently", "finally",
    ]

    /// Forms of "be" that make an -ing verb progressive ("Trump is insisting that …").
    static let progressive: Set<String> = ["is", "are", "was", "were", "been", "be"]

    /// Words that precede a quoted title rather than a quoted statement ("on “Meet the Press”",
    /// "the slogan “Forward Together”").
    static let titleCues: Set<String> = Set("""
    on show program programme book film movie documentary campaign slogan titled entitled called
    dubbed named series song album column article essay memoir podcast hashtag episode segment
    headline play novel anthem motto tagline sitcom musical opera starred starring told in
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Whether a token may stand between a subject and its verb: an auxiliary or an adverb in
    /// -ly ("Tavares angrily said").
    static func isAuxiliary(_ token: Token) -> Bool {
        auxiliaries.contains(token.word) || (!token.isCapitalized && token.word.utf8.count > 4 && token.word.hasSuffix("ly"))
    }

    /// The quotations of `paragraphs`; `sentenceOffsets[p]` is the index of paragraph p's first
    /// sentence in the article's sentence list.
    public static func quotations(document: String, paragraphs: [String], sentenceOffsets: [Int]) -> [Quotation] {
        quotations(document: document, contexts: ParagraphContext.contexts(paragraphs), sentenceOffsets: sentenceOffsets)
    }

    static func quotations(document: String, contexts: [ParagraphContext], sentenceOffsets: [Int]) -> [Quotation] {
        var registry = PersonRegistry()
        var result: [Quotation] = []
        var position = 0
        var carried: String?  // the speaker of a quotation left open at the end of the previous paragraph
        var recent: String?  // who spoke last in the previous paragraph
        for (p, context) in contexts.enumerated() {
            var previousSpeaker: String?
            var reportedSpeaker: String?  // the subject of a speech verb outside quotation marks
            var latestSpeaker: String?  // who spoke in the paragraph's latest quotation or reporting sentence
            defer {
                carried = context.spans.last?.isOpenEnded == true ? result.last(where: { $0.paragraph == p })?.speaker : nil
                recent = previousSpeaker ?? reportedSpeaker
            }
            for (k, sentence) in context.sentences.enumerated() {
                position += 1
                registry.sentence = position
                registerNames(in: sentence, context, registry: &registry, position: position)
                noteSubject(of: sentence, context, registry: &registry, position: position)
                let quotes = context.spans.filter { sentence.contains($0.outer.lowerBound) }
                for span in quotes {
                    let text = context.string(span.inner).trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: .init(charactersIn: ","))
                    let wordCount = Tokenizer.wordCount(text)
                    guard wordCount > 0 else { continue }
                    if isTitle(span, context) {
                        result.append(Quotation(document: document, paragraph: p, sentence: sentenceOffsets[p] + k,
                                                text: text, speaker: nil, isSpeech: false))
                        continue
                    }
                    var speaker = attributeAfter(span, context, registry: &registry, position: position)
                        ?? attributeColon(span, sentence: sentence, context, registry: &registry, position: position)
                        ?? attributeBefore(span, sentence: sentence, context, registry: &registry, position: position)
                    if speaker == nil, wordCount >= minWordsForSubject {
                        speaker = attributeSubject(span, sentence: sentence, context, registry: &registry, position: position)
                    }
                    if speaker == nil, wordCount >= 3 { speaker = latestSpeaker }
                    // A quotation over several paragraphs reopens each paragraph (“… / “…”), and a
                    // paragraph that opens with an unattributed quotation goes on with the last speaker.
                    if speaker == nil, span == context.spans.first, context.onlyPunctuation(0..<span.outer.lowerBound) {
                        speaker = carried ?? (wordCount >= 3 ? recent : nil)
                    }
                    let isSpeech = speaker != nil || wordCount > 2
                    if let speaker { (previousSpeaker, latestSpeaker) = (speaker, speaker) }
                    result.append(Quotation(document: document, paragraph: p, sentence: sentenceOffsets[p] + k,
                                            text: text, speaker: speaker, isSpeech: isSpeech))
                }
                if quotes.isEmpty, let index = speechSubject(in: sentence, context, registry: &registry, position: position) {
                    registry.lastSpeaker = index
                    reportedSpeaker = registry.displayName(index)
                    latestSpeaker = reportedSpeaker
                }
            }
        }
        return result
    }

    /// Whether a quoted span names something rather than quotes speech: a few title-case words
    /// right after a cue ("on “Meet the Press”", "the book “Hard Choices”", "told “Evening
    /// Desk”") or a possessive ("the network's “Evening Desk”"); a quoted phrase used as a
    /// modifier ("his “Second Harbor plan” remark", "the “Build It Now” hats"); a headline
    /// with its byline (`“Port votes to close bridge,” by Ada Quist`).
    static func isTitle(_ span: Quotations.Span, _ context: ParagraphContext) -> Bool {
        guard let end = context.lastToken(endingBy: span.inner.upperBound) else { return false }
        if isHeadline(span, context) { return true }
        var first = end
        while first > 0 && context.tokens[first - 1].range.lowerBound >= span.inner.lowerBound { first -= 1 }
        let words = context.tokens[first...end]
        guard context.tokens[first].range.lowerBound >= span.inner.lowerBound, words.count <= 8,
              !context.bytes[span.inner.lowerBound..<context.tokens[end].range.lowerBound].contains(where: { $0 == 0x2E || $0 == 0x3F || $0 == 0x21 }),
              first > 0, !context.isInsideQuote(first - 1) else { return false }
        let before = first - 1
        // "said on Twitter: “…”" quotes a statement.
        guard !context.bytes[context.tokens[before].range.upperBound..<span.outer.lowerBound].contains(where: { $0 == 0x3A || $0 == 0x2C }) else {
            return false
        }
        let cue = context.tokens[before]
        if isModifier(span, cue: cue, lastWord: end, context) { return true }
        guard words.allSatisfy({ $0.isCapitalized || $0.isNumber || $0.word.utf8.count < 4 }) else { return false }
        if titleCues.contains(cue.word) || isOwner(cue.word) { return true }
        return cue.isCapitalized && before > 0 && titleCues.contains(context.tokens[before - 1].word)
    }

    /// Words before a quoted phrase that make it part of a noun phrase ("the “…” hats").
    static let determiners: Set<String> = ["the", "a", "an", "his", "her", "their", "its", "our", "my", "your"]

    /// Contractions that look like possessives ("it's"): a quoted phrase after them is no title.
    static let contractions: Set<String> = ["it's", "he's", "she's", "that's", "what's", "there's", "here's", "who's", "let's", "where's"]

    /// Whether a word owns what follows it ("the network's"), not a contraction ("it's").
    static func isOwner(_ word: String) -> Bool { isPossessive(word) && !contractions.contains(word) }

    /// A quoted phrase between a determiner (or a possessive) and a lowercase noun that it
    /// modifies: `the “Build It Now” hats`. The phrase ends in a word, not in the punctuation
    /// speech ends with, and the word after it is not a verb, pronoun or function word.
    static func isModifier(_ span: Quotations.Span, cue: Token, lastWord end: Int, _ context: ParagraphContext) -> Bool {
        guard determiners.contains(cue.word) || isOwner(cue.word), context.tokens[end].range.upperBound == span.inner.upperBound,
              end + 1 < context.tokens.count, case let next = context.tokens[end + 1], !next.isCapitalized, !next.isNumber,
              context.bytes[span.outer.upperBound..<next.range.lowerBound].allSatisfy(ParagraphContext.isSpace) else { return false }
        return !Lexicon.stopwords.contains(next.word) && !isSpeechVerb(next.word) && !isAuxiliary(next)
            && !next.word.hasSuffix("ed") && !next.word.hasSuffix("ing")
    }

    /// A quoted headline followed by its byline: `“…,” by Ada Quist` (a capitalized name after "by").
    static func isHeadline(_ span: Quotations.Span, _ context: ParagraphContext) -> Bool {
        let next = context.firstToken(from: span.outer.upperBound)
        return next + 1 < context.tokens.count && context.tokens[next].word == "by" && context.tokens[next + 1].isCapitalized
            && context.onlyPunctuation(span.outer.upperBound..<context.tokens[next].range.lowerBound)
    }

    /// The longest run of capitalized words read as one name: longer runs (a list of
    /// one-word sentences, a headline in capitals) are cut, so work per sentence stays bounded.
    static let longestName = 8

    /// Registers every person named with a first and last name, or with a title, in `sentence`.
    static func registerNames(in sentence: Range<Int>, _ context: ParagraphContext,
                              registry: inout PersonRegistry, position: Int) {
        let tokens = context.tokens
        var i = context.firstToken(from: sentence.lowerBound)
        while i < tokens.count && tokens[i].range.lowerBound < sentence.upperBound {
            guard tokens[i].isCapitalized else { i += 1; continue }
            var j = i
            while j + 1 < tokens.count && j - i + 1 < longestName && tokens[j + 1].range.lowerBound < sentence.upperBound
                    && tokens[j + 1].isCapitalized && context.adjacent(j, j + 1) { j += 1 }
            var (titles, name) = splitTitles(Array(i...j), context)
            titles += describingTitles(before: i, after: j, context)
            if name.count >= 2 || (!titles.isEmpty && name.count == 1) {
                registry.observe(name: name, titles: titles, at: position)
            }
            i = j + 1
        }
    }

    /// Lowercase titles next to a name: before it ("engineer Samir Al-Hassan") or in an
    /// appositive after it ("Paulo Menezes, the minister in charge of transport").
    static func describingTitles(before start: Int, after end: Int, _ context: ParagraphContext) -> [String] {
        var titles: [String] = []
        if start > 0, context.gap(start - 1, start).contains(0x2C) {
            // "The company's chief engineer, Samir Al-Hassan, said"
            var k = start - 1
            while k >= 0 && k >= start - 3 && !context.tokens[k].isCapitalized {
                if Lexicon.titles.contains(context.tokens[k].word) { titles.append(context.tokens[k].word) }
                k -= 1
            }
        }
        var k = start - 1
        while k >= 0 && k >= start - 2 && !context.tokens[k].isCapitalized && Lexicon.titles.contains(context.tokens[k].word)
                && context.adjacent(k, k + 1) {
            titles.append(context.tokens[k].word)
            k -= 1
        }
        if end + 1 < context.tokens.count, context.gap(end, end + 1).contains(0x2C) {
            var m = end + 1
            while m < context.tokens.count && m <= end + 5 && !context.tokens[m].isCapitalized {
                if Lexicon.titles.contains(context.tokens[m].word) { titles.append(context.tokens[m].word) }
                if m + 1 < context.tokens.count && context.gap(m, m + 1).contains(0x2C) { break }
                m += 1
            }
        }
        return titles
    }

    /// Splits a run of capitalized tokens into leading title words and the name after them,
    /// dropping leading function words ("The", "On").
    static func splitTitles(_ run: [Int], _ context: ParagraphContext) -> (titles: [String], name: [String]) {
        var run = run[...]
        while let first = run.first, Lexicon.stopwords.contains(context.tokens[first].word),
              !Lexicon.titles.contains(context.tokens[first].word) {
            run = run.dropFirst()
        }
        // "Harbor College's Lina Osei" names Lina Osei.
        if let owner = run.dropLast().lastIndex(where: { isPossessive(context.original($0)) }) { run = run[(owner + 1)...] }
        var lastTitle = run.lastIndex { Lexicon.titles.contains(context.tokens[$0].word) }
        // A title word after a given name is a surname ("Amy Pope", "Ian Bishop"), not after
        // a body ("Party Chair", "Harbor Trust Chair").
        if lastTitle == run.indices.last, run.count == 2, case let before = run[run.endIndex - 2],
           !Lexicon.titles.contains(context.tokens[before].word),
           !PersonRegistry.isOrganizationName(run.dropLast().map { context.tokens[$0].word }) {
            lastTitle = nil
        }
        let titles = lastTitle.map { run[...$0].map { context.tokens[$0].word } } ?? []
        let nameIndices = lastTitle.map { run[($0 + 1)...] } ?? run
        var name = nameIndices.filter { !context.tokens[$0].isNumber }.map { context.original($0) }
        // "Tavares’s" names Tavares.
        if let last = name.last, last.hasSuffix("'s") || last.hasSuffix("’s") { name[name.count - 1] = String(last.dropLast(2)) }
        // A name of initials ("U S") is not a person.
        if name.allSatisfy({ $0.count == 1 }) { return (titles, []) }
        return (titles, name)
    }

    /// A reference to a person found next to a speech verb.
    enum Reference {
        case name([String], titles: [String])
        case pronoun
        case title(String)
    }

    /// The registry index of the speaker a reference stands for. An organization's name
    /// ("the Harbor Authority") is a speaker only with `organizations`, where it is the subject of
    /// a reporting verb right beside the quotation.
    static func resolve(_ reference: Reference, registry: inout PersonRegistry, position: Int, organizations: Bool = false) -> Int? {
        switch reference {
        case .pronoun:
            return registry.pronounReferent()
        case .title(let title):
            return registry.person(withTitle: title)
        case .name(let name, let titles):
            if let person = registry.observe(name: name, titles: titles, at: position) { return person }
            guard organizations, PersonRegistry.isOrganizationName(name) else { return nil }
            return registry.observeOrganization(name: name, at: position)
        }
    }

    /// Most words between a reporting verb and the quotation it introduces for the verb to be
    /// "right beside" it (`said in a statement on Monday: “…”`).
    static let maxGapToQuote = 6

    /// Longest appositive, in words, read between a name and its verb
    /// (`“…,” Ada Quist, a senior adviser to the campaign, said`).
    static let maxAppositive = 16

    /// `“…,” NAME said`, `“…,” said NAME` or `“…,” NAME, an appositive, said`, right after the
    /// closing mark. An appositive may hold commas of its own (`Ada Quist, 30, of Lune, Ore., who
    /// was polled, said`, `…, secretary for population, refugees, and migration, said`): it ends
    /// at the first comma followed by a speech verb.
    static func attributeAfter(_ span: Quotations.Span, _ context: ParagraphContext,
                               registry: inout PersonRegistry, position: Int) -> String? {
        guard case let first = context.firstToken(from: span.outer.upperBound), first < context.tokens.count,
              !context.isInsideQuote(first),
              context.onlyPunctuation(span.outer.upperBound..<context.tokens[first].range.lowerBound) else {
            return nil
        }
        if let reference = accordingTo(first, context) { return speaker(reference, &registry, position: position) }
        var appositiveStart: Int?  // the first word after the comma that opened an appositive
        var index = first
        while index < context.tokens.count && index < first + 6 + maxAppositive && !context.isInsideQuote(index) {
            let token = context.tokens[index]
            let isVerb = isSpeechVerb(token.word) || Lexicon.postQuoteVerbs.contains(token.word)
            let afterComma = index > first && context.gap(index - 1, index).contains(0x2C)
            if let start = appositiveStart {
                guard index - start <= maxAppositive else { return nil }
                if afterComma && isVerb {
                    guard !startsNewStatement(after: span, verb: index, context),
                          let reference = appositiveSubject(endingBefore: start, context, limit: first) else { return nil }
                    return speaker(reference, &registry, position: position)
                }
            } else if afterComma {
                // A comma after a name opens an appositive.
                guard index - first <= 6, context.tokens[index - 1].isCapitalized else { return nil }
                appositiveStart = index
            } else if isVerb {
                guard !startsNewStatement(after: span, verb: index, context) else { return nil }
                let reference = index == first ? referenceAfter(verb: index, context) : referenceBefore(verb: index, context, limit: first)
                guard let reference else { return nil }
                return speaker(reference, &registry, position: position)
            } else {
                // Only a subject may stand between the quotation and its verb: "…,” board member
                // Rui Castanheira said", "…,” Senate minority leader Ada Quist said", not "…”
                // guarantees that clash with Russia's demands".
                guard isSubjectWord(token) || isDescriptor(token) || isHyphenated(index, context)
                        || possessiveDeterminers.contains(token.word), index - first < 7 else { return nil }
            }
            index += 1
        }
        return nil
    }

    /// The name before the comma that opens an appositive (`Ada Quist (D-Ore.), who …`), when it
    /// names a person or a body.
    static func appositiveSubject(endingBefore start: Int, _ context: ParagraphContext, limit: Int) -> Reference? {
        let end = beforeParenthesis(start - 1, context, limit: limit)
        guard context.tokens[end].isCapitalized, isPersonName(endingAt: end, context, limit: limit) else { return nil }
        var k = end
        while k - 1 >= limit && context.tokens[k - 1].isCapitalized && context.adjacent(k - 1, k) { k -= 1 }
        return nameReference(k...end, context)
    }

    /// The source named by `according to NAME` at token `start` (`“…,” according to the Daily
    /// Ledger`, `according to a River Council statement`).
    static func accordingTo(_ start: Int, _ context: ParagraphContext) -> Reference? {
        guard context.tokens[start].word == "according", start + 2 < context.tokens.count,
              context.tokens[start + 1].word == "to" else { return nil }
        var k = start + 2
        if ["a", "an", "the"].contains(context.tokens[k].word) { k += 1 }
        return capitalizedRun(from: k, context).flatMap { nameReference($0, context) }
    }

    /// The run of adjacent capitalized words from `start`, outside quotation marks.
    static func capitalizedRun(from start: Int, _ context: ParagraphContext) -> ClosedRange<Int>? {
        guard start < context.tokens.count, context.tokens[start].isCapitalized, !context.isInsideQuote(start) else { return nil }
        var k = start
        while k + 1 < context.tokens.count && context.tokens[k + 1].isCapitalized && context.adjacent(k, k + 1)
                && !context.isInsideQuote(k + 1) { k += 1 }
        return start...k
    }

    /// The display name of the person `reference` stands for, now the last speaker.
    static func speaker(_ reference: Reference, _ registry: inout PersonRegistry, position: Int) -> String? {
        guard let person = resolve(reference, registry: &registry, position: position, organizations: true) else { return nil }
        registry.lastSpeaker = person
        return registry.displayName(person)
    }

    /// Whether token `index` is joined by a hyphen to a word beside it ("co-founder", "warm-and-fuzzy").
    static func isHyphenated(_ index: Int, _ context: ParagraphContext) -> Bool {
        (index + 1 < context.tokens.count && context.gap(index, index + 1).elementsEqual([0x2D]))
            || (index > 0 && context.gap(index - 1, index).elementsEqual([0x2D]))
    }

    /// Whether the sentence after a quotation that ends with a period reports something else:
    /// `“… to the hospital.” She says the road …` (not `“… to the hospital.” she said.`, where
    /// the verb ends its sentence).
    static func startsNewStatement(after span: Quotations.Span, verb: Int, _ context: ParagraphContext) -> Bool {
        guard let last = context.bytes[span.inner].last(where: { !ParagraphContext.isSpace($0) }), last == 0x2E,
              let sentence = context.sentences.first(where: { $0.contains(context.tokens[verb].range.lowerBound) }),
              !sentence.contains(span.outer.lowerBound) else { return false }
        var next = verb + 1
        while next < context.tokens.count && next <= verb + 3 && sentence.contains(context.tokens[next].range.lowerBound) { next += 1 }
        return next - verb > 3
    }

    /// `NAME, Outlet: “…”`, `… told NAME: “…”` excepted: the person who introduces a quotation
    /// after a colon. A roundup line (a name, a comma, an affiliation) names the speaker first;
    /// otherwise the name just before the colon, or the subject of the clause before it
    /// (`When Osei objected, Lind shot back: “…”`).
    static func attributeColon(_ span: Quotations.Span, sentence: Range<Int>, _ context: ParagraphContext,
                               registry: inout PersonRegistry, position: Int) -> String? {
        let start = min(sentence.lowerBound, span.outer.lowerBound)
        guard let last = context.lastToken(endingBy: span.outer.lowerBound),
              context.tokens[last].range.lowerBound >= start, !context.isInsideQuote(last),
              context.bytes[context.tokens[last].range.upperBound..<span.outer.lowerBound].contains(0x3A) else { return nil }
        let colon = beforeParenthesis(last, context, limit: 0)  // "Sen. Ada Quist (D-Ore.): “…”"
        // The clause runs from the sentence start, or from the end of an earlier quotation in it.
        var first = colon
        while first > 0 && context.tokens[first - 1].range.lowerBound >= start && !context.isInsideQuote(first - 1) { first -= 1 }
        let commas = (first..<colon).filter { context.gap($0, $0 + 1).contains(0x2C) }
        var reference: Reference?
        var run = colon  // the capitalized run that ends at the colon
        while run > first && context.tokens[run - 1].isCapitalized && context.adjacent(run - 1, run) { run -= 1 }
        if let comma = commas.first, colon - comma <= 10, isNameRun(first...comma, context),
           !(comma + 1...colon).contains(where: { isSpeechVerb(context.tokens[$0].word) }) {
            reference = nameReference(first...comma, context)  // "Ada Quist, Daily Ledger:"
        } else if context.tokens[colon].isCapitalized, isPersonName(endingAt: colon, context, limit: first),
                  run == first || !(isSpeechVerb(context.tokens[run - 1].word) || prepositions.contains(context.tokens[run - 1].word)) {
            reference = nameReference(run...colon, context)  // "… surprised pollster Ada Quist:", not "told Quist:"
        } else {
            reference = clauseSubject(from: (commas.last.map { $0 + 1 }) ?? first, to: colon, context, registry: registry)
        }
        guard let reference, isFullOrKnown(reference, registry), let person = resolve(reference, registry: &registry, position: position) else { return nil }
        registry.lastSpeaker = person
        return registry.displayName(person)
    }

    /// Words after which a name is an object, not a speaker ("told Quist:", "wrote to Quist:").
    static let prepositions: Set<String> = ["to", "of", "by", "with", "about", "for", "at", "from", "on", "in", "against"]

    /// Prepositions whose object may stand right before a speech verb ("the envoy to Chad
    /// confirmed"); "of", "in" and "on" also join titles and places to names ("Secretary of
    /// State Ana Ruiz said").
    static let objectPrepositions: Set<String> = ["to", "with", "at", "from", "about", "for", "by", "against"]

    /// Words that open a relative clause inside an appositive (`Tavares, who leads the union, said`).
    static let relativePronouns: Set<String> = ["who", "which", "whose", "whom", "where"]

    /// Whether a reference read from sentence structure alone can be trusted: a single capitalized
    /// word ("Speaking", "Despite") is a person only when the article already named them.
    static func isFullOrKnown(_ reference: Reference, _ registry: PersonRegistry) -> Bool {
        guard case .name(let name, let titles) = reference, name.count == 1, titles.isEmpty else { return true }
        return registry.find(name) != nil
    }

    /// Whether every token of `run` is capitalized and they read as one person's name.
    static func isNameRun(_ run: ClosedRange<Int>, _ context: ParagraphContext) -> Bool {
        run.allSatisfy { context.tokens[$0].isCapitalized && ($0 == run.lowerBound || context.adjacent($0 - 1, $0)) }
            && isPersonName(endingAt: run.upperBound, context, limit: run.lowerBound)
    }

    /// The name (with its titles) of a run of capitalized tokens.
    static func nameReference(_ run: ClosedRange<Int>, _ context: ParagraphContext) -> Reference? {
        let (titles, name) = splitTitles(Array(run), context)
        if !name.isEmpty { return .name(name, titles: titles) }
        return titles.last.map { Reference.title($0) }
    }

    /// The subject at the start of a clause: a name, a pronoun or "the minister", followed by a
    /// lowercase word (its verb), within `start..<end`.
    static func clauseSubject(from start: Int, to end: Int, _ context: ParagraphContext, registry: PersonRegistry) -> Reference? {
        guard start < end, !context.isInsideQuote(start) else { return nil }
        let token = context.tokens[start]
        if token.word == "he" || token.word == "she" { return .pronoun }
        if token.word == "the", start + 1 < end, Lexicon.titles.contains(context.tokens[start + 1].word) {
            var k = start + 1
            while k + 1 < end && Lexicon.titles.contains(context.tokens[k + 1].word) { k += 1 }
            guard k + 1 < context.tokens.count else { return nil }  // a paragraph ending "… the minister"
            return context.tokens[k + 1].isCapitalized ? nil : .title(context.tokens[k].word)
        }
        // "Asked Tuesday about it, Quist said": a reporting verb opens the clause, not a name.
        guard token.isCapitalized, !isSpeechVerb(token.word) else { return nil }
        var (first, k) = (start, start)
        while k + 1 < end && context.tokens[k + 1].isCapitalized && context.adjacent(k, k + 1) { k += 1 }
        // "Democratic presidential candidate Sen. Ada Quist": the name after the descriptors.
        if let described = describedName(after: k, context), described.1 < end { (first, k) = described }
        let next = afterParenthesis(k, context)  // "Sen. Ada Quist (D-Ore.) blamed …"
        guard next <= end, next < context.tokens.count, !context.tokens[next].isCapitalized, !context.isInsideQuote(next),
              !isPossessive(context.original(k)), isPersonName(endingAt: k, context, limit: first),
              let reference = nameReference(first...k, context), isFullOrKnown(reference, registry) else { return nil }
        return reference
    }

    /// Records the person a sentence opens with as its subject (`Quist rejected the offer.`), the
    /// likeliest referent of a "he" or "she" that follows.
    static func noteSubject(of sentence: Range<Int>, _ context: ParagraphContext, registry: inout PersonRegistry, position: Int) {
        let tokens = context.tokens(startingIn: sentence)
        guard !tokens.isEmpty else { return }
        let opened = afterOpeningPhrase(tokens, context)
        guard let reference = clauseSubject(from: tokens.lowerBound, to: tokens.upperBound, context, registry: registry)
                ?? (opened > tokens.lowerBound ? clauseSubject(from: opened, to: tokens.upperBound, context, registry: registry) : nil),
              let person = resolve(reference, registry: &registry, position: position) else { return }
        registry.noteSubject(person)
    }

    /// Most words of a phrase that opens a sentence before its subject (`In her speech on
    /// Monday, Osei declared …`).
    static let maxOpeningPhrase = 8

    /// The first token after a short opening phrase closed by a comma, outside quotation marks
    /// (`After meeting Quist on Monday, Osei said`); else the sentence's first token.
    static func afterOpeningPhrase(_ tokens: Range<Int>, _ context: ParagraphContext) -> Int {
        var k = tokens.lowerBound
        while k + 1 < tokens.upperBound && k < tokens.lowerBound + maxOpeningPhrase {
            if context.isInsideQuote(k) { break }
            if context.gap(k, k + 1).contains(0x2C) { return k + 1 }
            k += 1
        }
        return tokens.lowerBound
    }

    /// Whether a word is a possessive ("Quist's"), which qualifies the subject rather than being it.
    static func isPossessive(_ word: String) -> Bool { word.hasSuffix("'s") || word.hasSuffix("’s") }

    /// The token after a parenthesis that opens right after token `k` and closes within a few
    /// words ("Quist (D-Ore.) said" → said), else `k + 1`.
    static func afterParenthesis(_ k: Int, _ context: ParagraphContext) -> Int {
        guard k + 1 < context.tokens.count, context.gap(k, k + 1).contains(0x28) else { return k + 1 }
        var m = k + 1
        while m + 1 < context.tokens.count && m <= k + 6 {
            if context.gap(m, m + 1).contains(0x29) { return m + 1 }
            m += 1
        }
        return k + 1
    }

    /// The subject of an absolute phrase with a participle: `…, with Lind noting that “…”` → Lind.
    static func withSubject(verb: Int, _ context: ParagraphContext, limit: Int) -> Reference? {
        guard context.tokens[verb].word.hasSuffix("ing"), verb - 1 > limit, context.tokens[verb - 1].isCapitalized,
              context.adjacent(verb - 1, verb) else { return nil }
        var k = verb - 1
        while k - 1 > limit && context.tokens[k - 1].isCapitalized && context.adjacent(k - 1, k) { k -= 1 }
        guard context.tokens[k - 1].word == "with", context.adjacent(k - 1, k), !context.isInsideQuote(k - 1) else { return nil }
        return nameReference(k...(verb - 1), context)
    }

    /// The subject of a participle's main clause: `Lind rejected the offer, saying “…”` → Lind,
    /// also after an introductory phrase (`On Friday, Lind …`).
    static func participleSubject(verb: Int, _ context: ParagraphContext, limit: Int, registry: PersonRegistry) -> Reference? {
        guard context.tokens[verb].word.hasSuffix("ing"), verb > limit else { return nil }
        var j = verb - 1
        if isAuxiliary(context.tokens[j]) && j > limit { j -= 1 }
        guard context.gap(j, j + 1).contains(0x2C) else { return nil }
        if let subject = clauseSubject(from: limit, to: verb, context, registry: registry) { return subject }
        guard let comma = (limit..<j).first(where: { context.gap($0, $0 + 1).contains(0x2C) }) else { return nil }
        return clauseSubject(from: comma + 1, to: verb, context, registry: registry)
    }

    /// The speaker named before the quotation in its sentence: the subject of the nearest speech
    /// verb that has one (`Lavrov accused Ukraine of …, saying that it would be “…”` → Lavrov).
    static func attributeBefore(_ span: Quotations.Span, sentence: Range<Int>, _ context: ParagraphContext,
                                registry: inout PersonRegistry, position: Int) -> String? {
        let quoteStart = context.firstToken(from: span.outer.lowerBound)
        let windowStart = quoteStart - attributionWindow
        let start = max(min(sentence.lowerBound, span.outer.lowerBound),
                        windowStart > 0 ? context.tokens[windowStart].range.lowerBound : 0)
        // "reported" is a speech verb only right before the quotation (`As the Ledger reported, “…”`).
        let verbs = context.tokens(from: start, endingBy: span.outer.lowerBound).filter {
            !context.isInsideQuote($0)
                && (isSpeechVerb(context.tokens[$0].word) || (context.tokens[$0].word == "reported" && quoteStart - $0 <= maxGapToQuote))
        }
        let firstFromStart = context.firstToken(from: start)
        let firstInSentence = firstFromStart < context.tokens.count ? firstFromStart : 0
        if let verb = verbs.last, let speaker = invertedSubject(verb: verb, quoteStart: quoteStart, context, registry: &registry, position: position) {
            return speaker
        }
        for verb in verbs.reversed() {
            // "The Harbor Authority said in a statement: “…”": an organization speaks only right beside the quote.
            let beside = verb == verbs.last && quoteStart - verb <= maxGapToQuote
            if let reference = referenceBefore(verb: verb, context, limit: firstInSentence)
                ?? withSubject(verb: verb, context, limit: firstInSentence)
                ?? participleSubject(verb: verb, context, limit: firstInSentence, registry: registry),
               let person = resolve(reference, registry: &registry, position: position, organizations: beside) {
                registry.lastSpeaker = person
                return registry.displayName(person)
            }
        }
        if let speaker = attributeSentenceEnd(span, sentence: sentence, context, registry: &registry, position: position) {
            return speaker
        }
        // "According to the mayor, “…”" / "According to Ana Ribeiro, …"
        let before = context.tokens(from: start, endingBy: span.outer.lowerBound)
        if let at = before.first(where: { context.tokens[$0].word == "according" }), at + 2 < context.tokens.count,
           context.tokens[at + 1].word == "to", let reference = referenceAfter(verb: at + 1, context),
           let person = resolve(reference, registry: &registry, position: position) {
            registry.lastSpeaker = person
            return registry.displayName(person)
        }
        return nil
    }

    /// Fewest words for a quotation to be the speech of its sentence's subject when no reporting
    /// verb introduces it; shorter ones are scare quotes or borrowed phrases.
    static let minWordsForSubject = 4

    /// Conjunctions that open a clause with its own subject.
    static let clauseConjunctions: Set<String> = ["while", "whereas", "but"]

    /// Most words of an introductory phrase before a sentence's subject (`On Saturday, Lind …`).
    static let maxIntroduction = 8

    /// The subject of the quotation's sentence, when no reporting verb names a speaker:
    /// `Lind blamed the closure on “…”`, `Lind called it “…”`, `Lind reacted coolly to the plan,
    /// “…”`, also after an introductory phrase (`On Friday, Lind issued a statement, “…”`); the
    /// subject of a clause opened by "while" or "but" comes first.
    static func attributeSubject(_ span: Quotations.Span, sentence: Range<Int>, _ context: ParagraphContext,
                                 registry: inout PersonRegistry, position: Int) -> String? {
        let start = min(sentence.lowerBound, span.outer.lowerBound)
        guard case let first = context.firstToken(from: start), first < context.tokens.count else { return nil }
        let quoteStart = context.firstToken(from: span.outer.lowerBound)
        guard first < quoteStart else { return nil }
        var starts = [first]
        if let comma = (first..<min(quoteStart, first + maxIntroduction)).first(where: { context.gap($0, $0 + 1).contains(0x2C) }) {
            starts.append(comma + 1)
        }
        // "Jindal signed an order, while Huckabee proposed “…”": the nearest contrasting clause first.
        let clauses = (first..<quoteStart).filter { clauseConjunctions.contains(context.tokens[$0].word) && !context.isInsideQuote($0) }
        starts.insert(contentsOf: clauses.reversed().map { $0 + 1 }, at: 0)
        for subjectStart in starts where subjectStart < quoteStart {
            if let reference = clauseSubject(from: subjectStart, to: quoteStart, context, registry: registry),
               let person = resolve(reference, registry: &registry, position: position) {
                registry.lastSpeaker = person
                return registry.displayName(person)
            }
        }
        return nil
    }

    /// Longest name, in words, between an inverted speech verb and its quotation.
    static let maxInvertedName = 4

    /// The name right after a speech verb that introduces the quotation: `But, said Quist, “…”`,
    /// `explained Quist, “…”` (not `told Quist, “…”`, whose name listens).
    static func invertedSubject(verb: Int, quoteStart: Int, _ context: ParagraphContext,
                                registry: inout PersonRegistry, position: Int) -> String? {
        guard !listenerVerbs.contains(context.tokens[verb].word), verb + 1 < quoteStart, quoteStart - verb - 1 <= maxInvertedName,
              (verb + 1..<quoteStart).allSatisfy({ context.tokens[$0].isCapitalized && !context.isInsideQuote($0) }),
              (verb + 2..<quoteStart).allSatisfy({ context.adjacent($0 - 1, $0) }),
              context.gap(quoteStart - 1, quoteStart).contains(0x2C) || context.gap(quoteStart - 1, quoteStart).contains(0x3A),
              let reference = referenceAfter(verb: verb, context),
              let person = resolve(reference, registry: &registry, position: position) else { return nil }
        registry.lastSpeaker = person
        return registry.displayName(person)
    }

    /// A speaker named at the end of the sentence, after a comma: `… gave it “far too little”
    /// weight, said Commissioner Ilse Marwick` or `…, Marwick said.`
    static func attributeSentenceEnd(_ span: Quotations.Span, sentence: Range<Int>, _ context: ParagraphContext,
                                     registry: inout PersonRegistry, position: Int) -> String? {
        let after = context.tokens(startingIn: max(span.outer.upperBound, sentence.lowerBound)..<max(span.outer.upperBound, sentence.upperBound))
            .prefix(attributionWindow).filter { !context.isInsideQuote($0) }
        guard let first = after.first else { return nil }
        for verb in after where isSpeechVerb(context.tokens[verb].word) && verb > first {
            var reference: Reference?
            if context.gap(verb - 1, verb).contains(0x2C) {
                // ", said NAME", but ", NAME, an appositive, told NAME": the one told listens.
                reference = listenerVerbs.contains(context.tokens[verb].word)
                    ? referenceBefore(verb: verb, context, limit: first) : referenceAfter(verb: verb, context)
            } else if let comma = (first..<verb).last(where: { context.gap($0, $0 + 1).contains(0x2C) }),
                      (comma + 1..<verb).allSatisfy({ isSubjectWord(context.tokens[$0]) }) {
                reference = referenceBefore(verb: verb, context, limit: comma + 1)  // ", NAME said"
            }
            if let reference, let person = resolve(reference, registry: &registry, position: position, organizations: true) {
                registry.lastSpeaker = person
                return registry.displayName(person)
            }
        }
        return nil
    }

    /// Words before or after a quotation within which its attribution is looked for, so a
    /// sentence that never ends (`“…” said X.` repeated: "X." reads as an initial) costs
    /// linear time: `“…,” the union's negotiator for the eastern region, Rui Tavares, said` fits.
    static let attributionWindow = 6 + 2 * maxAppositive

    /// Speech verbs whose object is the listener ("told Quist"), never the speaker.
    static let listenerVerbs: Set<String> = ["told", "tells", "tell", "telling"]

    /// The person a sentence without quotations reports as speaking ("Zelensky said that …").
    static func speechSubject(in sentence: Range<Int>, _ context: ParagraphContext,
                              registry: inout PersonRegistry, position: Int) -> Int? {
        let inSentence = context.tokens(startingIn: sentence)
        let firstInSentence = inSentence.isEmpty ? 0 : inSentence.lowerBound
        for verb in inSentence where isSpeechVerb(context.tokens[verb].word) {
            if let reference = referenceBefore(verb: verb, context, limit: firstInSentence)
                ?? withSubject(verb: verb, context, limit: firstInSentence)
                ?? participleSubject(verb: verb, context, limit: firstInSentence, registry: registry),
               let person = resolve(reference, registry: &registry, position: position) {
                return person
            }
        }
        return nil
    }

    static func isSpeechVerb(_ word: String) -> Bool {
        Lexicon.speechVerbs.contains(word) && word != "according"
    }

    /// The subject just before a speech verb: a name, a pronoun, or "the minister".
    static func referenceBefore(verb: Int, _ context: ParagraphContext, limit: Int) -> Reference? {
        var j = verb - 1
        var skipped = 0
        var isProgressive = false
        while j >= limit && isAuxiliary(context.tokens[j]) && skipped < 3 {
            isProgressive = isProgressive || progressive.contains(context.tokens[j].word)
            j -= 1
            skipped += 1
        }
        // A participle ("…, saying that …") has the subject of the main clause (`participleSubject`);
        // a progressive ("is saying") has its own.
        guard j >= limit, !context.isInsideQuote(j), isProgressive || !context.tokens[verb].word.hasSuffix("ing") else { return nil }
        let named = beforeParenthesis(j, context, limit: limit)  // "Sen. Ada Quist (D-Ore.) said"
        if named != j {
            j = named
        } else if !context.adjacent(j, j + 1) {
            // "Doyle, who leads the union, said": a comma closes an appositive and the subject
            // stands before it; in "the union's head, Teresa Doyle, said" the appositive is the name.
            guard context.gap(j, j + 1).contains(0x2C) else { return nil }
            var k = j
            while k > limit && k > j - maxAppositive && !context.gap(k - 1, k).contains(0x2C) { k -= 1 }
            let named = k > limit ? beforeParenthesis(k - 1, context, limit: limit) : k - 1
            if k > limit, context.tokens[named].isCapitalized, isPersonName(endingAt: named, context, limit: limit) {
                j = named
            } else if relativePronouns.contains(context.tokens[k].word)
                        || !(context.tokens[j].isCapitalized && isPersonName(endingAt: j, context, limit: limit)) {
                // "Tavares, 58, who lives outside Lune, says": a name in a relative clause is not its subject.
                return nil
            }
        }
        let token = context.tokens[j]
        if token.word == "he" || token.word == "she" { return .pronoun }
        if token.isCapitalized && !token.isNumber {
            var k = j
            while k - 1 >= limit && context.tokens[k - 1].isCapitalized && context.adjacent(k - 1, k) { k -= 1 }
            // "the ambassador to Chad confirmed": a name after a preposition is its object.
            if k - 1 >= limit && objectPrepositions.contains(context.tokens[k - 1].word) && !context.isInsideQuote(k - 1) { return nil }
            let (titles, name) = splitTitles(Array(k...j), context)
            if !name.isEmpty { return .name(name, titles: titles) }
            if let title = titles.last { return .title(title) }
            return nil
        }
        if Lexicon.titles.contains(token.word) { return .title(token.word) }
        return nil
    }

    /// The token before a parenthesis that ends right after token `j` ("Quist (D-Ore.)" → Quist),
    /// else `j`.
    static func beforeParenthesis(_ j: Int, _ context: ParagraphContext, limit: Int) -> Int {
        guard j + 1 < context.tokens.count, context.gap(j, j + 1).contains(0x29) else { return j }
        var k = j
        while k > limit && k > j - 6 {
            if context.gap(k - 1, k).contains(0x28) { return k - 1 }
            k -= 1
        }
        return j
    }

    /// Determiners of a subject after a quotation (`“…,” his nephew Omar Idris added`).
    static let possessiveDeterminers: Set<String> = ["his", "her", "their"]

    /// A word that can be part of a speech verb's subject phrase.
    static func isSubjectWord(_ token: Token) -> Bool {
        token.isCapitalized || token.isNumber || ["he", "she", "the", "a", "an", "board", "member", "party", "union", "lead", "senior", "top"].contains(token.word)
            || Lexicon.titles.contains(token.word) || isAuxiliary(token)
    }

    /// A lowercase content word that may describe a subject ("minority", "campaign", "co-founder").
    static func isDescriptor(_ token: Token) -> Bool {
        !token.isCapitalized && !token.isNumber && token.word.utf8.count > 2 && !Lexicon.stopwords.contains(token.word)
            && !isSpeechVerb(token.word) && !Lexicon.postQuoteVerbs.contains(token.word)
    }

    /// Whether the capitalized run ending at `end` names a person rather than a place or body.
    static func isPersonName(endingAt end: Int, _ context: ParagraphContext, limit: Int) -> Bool {
        var k = end
        while k - 1 >= limit && context.tokens[k - 1].isCapitalized && context.adjacent(k - 1, k) { k -= 1 }
        let (_, name) = splitTitles(Array(k...end), context)
        guard let last = name.last?.lowercased() else { return false }
        return !PersonRegistry.nonPersonEndings.contains(last)
    }

    /// The subject just after an inverted speech verb: `said Zelensky`, `said the minister`,
    /// `said board member Rui Castanheira`.
    static func referenceAfter(verb: Int, _ context: ParagraphContext) -> Reference? {
        var j = verb + 1
        // A speaker is never a word of a quotation: "… added: “I'm …”".
        guard j < context.tokens.count, !context.isInsideQuote(j) else { return nil }
        // Lowercase descriptors before a name ("board member", "chief engineer", up to five
        // words with a title of something: "former secretary of state").
        var d = j
        while d < context.tokens.count && d < j + 5 && !context.tokens[d].isCapitalized
                && !["he", "she", "the", "a", "an"].contains(context.tokens[d].word) { d += 1 }
        let descriptors = context.tokens[j..<min(d, context.tokens.count)].map(\.word)
        let longTitle = descriptors.contains("of") && descriptors.contains(where: Lexicon.titles.contains)
        if d > j && (d - j <= 3 || longTitle) && d < context.tokens.count && context.tokens[d].isCapitalized
            && context.adjacent(d - 1, d) && !context.isInsideQuote(d) { j = d }
        if context.tokens[j].word == "he" || context.tokens[j].word == "she" { return .pronoun }
        if context.tokens[j].word == "the", let run = organizationRun(from: j + 1, context) {
            return .name(run.map { context.original($0) }, titles: [])  // "said the Harbor Authority"
        }
        if ["the", "a", "an"].contains(context.tokens[j].word) {
            // "said the foreign minister": the last title word of the phrase.
            var title: String?
            while j + 1 < context.tokens.count, j < verb + 5 {
                j += 1
                if Lexicon.titles.contains(context.tokens[j].word) { title = context.tokens[j].word } else { break }
            }
            if let title { return .title(title) }
            return nil
        }
        guard context.tokens[j].isCapitalized else { return nil }
        if let name = nameAfterHyphenModifier(j, context) { j = name }  // "said Lune-based strategist Al Ruiz"
        var k = j
        // Numbers may sit inside a title ("Local 88 President Denise Halloran").
        while k + 1 < context.tokens.count && (context.tokens[k + 1].isCapitalized || context.tokens[k + 1].isNumber)
                && context.adjacent(k, k + 1) && !context.isInsideQuote(k + 1) { k += 1 }
        if let later = describedName(after: k, context) { (j, k) = later }
        let (titles, name) = splitTitles(Array(j...k), context)
        if !name.isEmpty { return .name(name, titles: titles) }
        return titles.last.map { Reference.title($0) }
    }

    /// The first capitalized word after a place joined to a lowercase word by a hyphen
    /// ("Lune-based", "Ohio-born"), which describe the name that follows through lowercase words.
    static func nameAfterHyphenModifier(_ start: Int, _ context: ParagraphContext) -> Int? {
        var k = start
        while k + 1 < context.tokens.count && context.tokens[k + 1].isCapitalized && context.adjacent(k, k + 1) { k += 1 }
        guard k + 2 < context.tokens.count, !context.tokens[k + 1].isCapitalized,
              context.gap(k, k + 1).elementsEqual([0x2D]) else { return nil }
        var m = k + 2
        while m < context.tokens.count && m <= k + 4 && !context.tokens[m].isCapitalized && isDescriptor(context.tokens[m])
                && context.adjacent(m - 1, m) { m += 1 }
        guard m < context.tokens.count, context.tokens[m].isCapitalized, context.adjacent(m - 1, m), !context.isInsideQuote(m) else { return nil }
        return m
    }

    /// The capitalized run from `start` when it names an organization ("Harbor Authority").
    static func organizationRun(from start: Int, _ context: ParagraphContext) -> ClosedRange<Int>? {
        capitalizedRun(from: start, context).flatMap { PersonRegistry.isOrganizationName([context.tokens[$0.upperBound].word]) ? $0 : nil }
    }

    /// The name that a capitalized run only qualifies, through lowercase words ending in a title:
    /// `said Harbor Trust board chair Ines Calder` → the run of Ines Calder.
    static func describedName(after end: Int, _ context: ParagraphContext) -> (Int, Int)? {
        var m = end + 1
        while m < context.tokens.count && m <= end + 3 && !context.tokens[m].isCapitalized && context.adjacent(m - 1, m)
                && isDescriptor(context.tokens[m]) { m += 1 }
        guard m > end + 1, m < context.tokens.count, Lexicon.titles.contains(context.tokens[m - 1].word),
              context.tokens[m].isCapitalized, context.adjacent(m - 1, m), !context.isInsideQuote(m) else { return nil }
        var k = m
        while k + 1 < context.tokens.count && context.tokens[k + 1].isCapitalized && context.adjacent(k, k + 1)
                && !context.isInsideQuote(k + 1) { k += 1 }
        return (m, k)
    }
}

/// One paragraph prepared for attribution: its bytes, words, sentences and quoted spans.
struct ParagraphContext {
    let bytes: [UInt8]
    let tokens: [Token]
    let sentences: [Range<Int>]
    let spans: [Quotations.Span]
    private let inside: [Bool]

    /// `continuing`: the paragraph before ended inside an open quotation.
    init(_ paragraph: String, continuing: Bool = false) {
        bytes = Array(paragraph.utf8)
        tokens = Tokenizer.tokens(paragraph)
        sentences = SentenceSplitter.ranges(paragraph)
        spans = Quotations.spans(in: paragraph, continuing: continuing)
        inside = Self.inside(tokens, spans)
    }

    /// For each token, whether it starts inside a span: one sweep over both in order (a token
    /// is inside when the furthest end of the spans begun before it lies beyond it).
    static func inside(_ tokens: [Token], _ spans: [Quotations.Span]) -> [Bool] {
        let starts = spans.map(\.inner).sorted { $0.lowerBound < $1.lowerBound }
        var next = 0, furthest = Int.min
        return tokens.map { token in
            let position = token.range.lowerBound
            while next < starts.count && starts[next].lowerBound <= position {
                furthest = max(furthest, starts[next].upperBound)
                next += 1
            }
            return position < furthest
        }
    }

    func isInsideQuote(_ index: Int) -> Bool { inside[index] }

    /// The contexts of a body's paragraphs, each knowing whether it goes on with a quotation
    /// the one before opened and left open (a quotation carried on is not carried further, so
    /// one stray mark cannot quote the rest of an article).
    static func contexts(_ paragraphs: [String]) -> [ParagraphContext] {
        var contexts: [ParagraphContext] = []
        contexts.reserveCapacity(paragraphs.count)
        for paragraph in paragraphs {
            let open = contexts.last?.spans.last.map { $0.isOpenEnded && $0.inner.lowerBound > 0 } ?? false
            contexts.append(ParagraphContext(paragraph, continuing: open))
        }
        return contexts
    }

    /// The index of the first token that starts at or after byte `offset` (binary search).
    func firstToken(from offset: Int) -> Int {
        firstIndex { $0.range.lowerBound >= offset }
    }

    /// The index of the last token that ends at or before byte `offset`, or nil.
    func lastToken(endingBy offset: Int) -> Int? {
        let after = firstIndex { $0.range.upperBound > offset }
        return after > 0 ? after - 1 : nil
    }

    /// The indexes of the tokens that start within `bytes`.
    func tokens(startingIn bytes: Range<Int>) -> Range<Int> {
        let first = firstToken(from: bytes.lowerBound)
        return first..<max(first, firstToken(from: bytes.upperBound))
    }

    /// The indexes of the tokens that start at or after `start` and end by `end`.
    func tokens(from start: Int, endingBy end: Int) -> Range<Int> {
        let first = firstToken(from: start)
        return first..<max(first, (lastToken(endingBy: end) ?? -1) + 1)
    }

    /// The first token index from which `isAfter` holds, for a property that holds from some
    /// index on (token offsets only grow): a binary search.
    private func firstIndex(_ isAfter: (Token) -> Bool) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(tokens[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The token as written in the paragraph.
    func original(_ index: Int) -> String { string(tokens[index].range) }

    /// The bytes between two tokens.
    func gap(_ a: Int, _ b: Int) -> ArraySlice<UInt8> { bytes[tokens[a].range.upperBound..<tokens[b].range.lowerBound] }

    /// Whether a byte between words is a space: ASCII, a tab, or a byte of a no-break space
    /// (U+00A0 is C2 A0; elsewhere between words these bytes only come with other, failing bytes).
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0xC2 || byte == 0xA0
    }

    /// Whether two neighbouring tokens are separated only by spaces, periods or hyphens
    /// (so "U.S. President Donald Trump" is one run, "Switzerland, Austria" two).
    func adjacent(_ a: Int, _ b: Int) -> Bool {
        guard a >= 0, b < tokens.count, a < b else { return false }
        return bytes[tokens[a].range.upperBound..<tokens[b].range.lowerBound].allSatisfy { Self.isSpace($0) || $0 == 0x2E || $0 == 0x2D }
    }

    /// Whether a range holds nothing but spaces and punctuation (a quotation's trailing comma).
    func onlyPunctuation(_ range: Range<Int>) -> Bool {
        guard range.lowerBound <= range.upperBound else { return false }
        return bytes[range].allSatisfy { Self.isSpace($0) || $0 == 0x2C || $0 == 0x2E || $0 == 0x3F || $0 == 0x21 || $0 == 0x3A }
    }
}
