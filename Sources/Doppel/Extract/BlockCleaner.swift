import Foundation

/// Turns source blocks into an article: finds title, date, URL and publisher, and removes
/// boilerplate, keeping every removed block with its reason.
enum BlockCleaner {
    /// A page block with more than this share of its text in links is navigation: headline
    /// lists, tag clouds, "more stories". Article paragraphs with a few links stay far below.
    static let maximumLinkDensity = 0.5

    static func clean(_ blocks: [SourceBlock], id: String, format: DocumentFormat, hints: MetadataHints) -> Article {
        var article = Article(id: id, format: format, title: hints.title, date: hints.date,
                              url: hints.url, publisher: hints.publisher, author: hints.author,
                              language: hints.language, paragraphs: [])
        // 0. Share bars flattened into the text are cut out of their paragraphs first.
        let (blocks, shareBars) = ShareWidget.separate(blocks)
        var verdicts = [RemovalReason?](repeating: nil, count: blocks.count)  // removal reason per block
        for i in shareBars { verdicts[i] = .shareWidget }
        let wordCounts = blocks.map { Tokenizer.wordCount($0.text) }
        let keys = blocks.map { Normalizer.comparisonForm($0.text) }

        // 1. Metadata lines: canonical URL, date, byline.
        for (i, block) in blocks.enumerated() where verdicts[i] == nil {
            let key = keys[i]
            if let label = urlLabel(key, hasLink: !block.links.isEmpty) {
                verdicts[i] = .urlLine
                let rest = block.text.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
                if let url = firstURL(rest) ?? block.links.first {
                    article.url = article.url ?? url
                } else if i + 1 < blocks.count, let url = firstURL(blocks[i + 1].text),
                          wordCounts[i + 1] <= 20 {
                    verdicts[i + 1] = .urlLine
                    article.url = article.url ?? url
                }
            } else if isBareURL(block.text), i >= blocks.count - 3 {
                verdicts[i] = .urlLine
                article.url = article.url ?? firstURL(block.text)
            } else if wordCounts[i] <= 12 || (wordCounts[i] <= 25 && Self.datelinePrefixes.contains { key.hasPrefix($0) }),
                      block.heading == 0, !block.text.hasSuffix("."), let date = DateParser.firstDate(in: block.text) {
                verdicts[i] = .dateLine
                article.date = article.date ?? date
            } else if key.hasPrefix("by "), wordCounts[i] <= 8, !block.text.hasSuffix(".") {
                verdicts[i] = .byline
            } else if i < 6, key.hasPrefix("title: ") {
                // Scrapers' headers: "Title: …", "URL Source: …", "Markdown Content:".
                article.title = article.title ?? String(block.text.dropFirst(7).trimmingSpaces)
                verdicts[i] = .title
            } else if key == "markdown content:" {
                verdicts[i] = .header
            }
        }

        // 2. Boilerplate recognized by its own words; in pages, also by its links and shape.
        var seen = Set<[UInt8]>()  // hashed as bytes: String hashing normalizes Unicode first
        for (i, block) in blocks.enumerated() where verdicts[i] == nil {
            verdicts[i] = Boilerplate.reason(for: block.text, key: keys[i], wordCount: wordCounts[i])
            guard format == .html, verdicts[i] == nil else { continue }
            if block.linkDensity > maximumLinkDensity && wordCounts[i] < 20 {
                verdicts[i] = .linkList  // a headline or menu entry; a long linked paragraph is prose
            } else if wordCounts[i] >= 12 && !seen.insert(Array(block.text.utf8)).inserted {
                verdicts[i] = .repeated  // a caption repeated by a gallery; prose does not repeat itself
            } else if block.heading == 0 && !block.inTable && wordCounts[i] <= 3 && Boilerplate.isFragment(block.text, wordCount: wordCounts[i]) {
                verdicts[i] = .widget  // "Caption", "Close", "Replay"
            }
        }

        // 2b. In pages, a short heading that opens the end matter (comments, author box, tags,
        //     more stories) in the second half ends the article.
        if format == .html, let end = blocks.indices.first(where: { i in
            i >= blocks.count / 2 && verdicts[i] == nil && wordCounts[i] <= 5 && Boilerplate.opensEndMatter(key: keys[i])
        }) {
            for i in end..<blocks.count where verdicts[i] == nil { verdicts[i] = .endMatter }
        }

        // 3. Trailer: an appeal or sign-up box in the second half of the document starts a
        //    trailer when the document also ends in boilerplate; the prose between (an appeal's
        //    own paragraphs) goes with it.
        let sectionReasons: Set<RemovalReason> = [.newsletter, .donationAppeal, .sharePrompt, .legalNotice]
        let metadata: Set<RemovalReason> = [.urlLine, .dateLine, .byline]
        if let start = blocks.indices.first(where: { $0 >= blocks.count / 2 && verdicts[$0].map(sectionReasons.contains) == true }),
           let last = blocks.indices.last(where: { verdicts[$0].map(metadata.contains) != true && !Boilerplate.isFragment(blocks[$0].text, wordCount: wordCounts[$0]) }),
           last >= start, verdicts[last] != nil || Boilerplate.addressesReader(blocks[last].text) {
            // The appeal may open with paragraphs of its own that speak to the reader.
            var first = start
            while first > 0, verdicts[first - 1] == nil,
                  Boilerplate.addressesReader(blocks[first - 1].text)
                    || (wordCounts[first - 1] <= 6 && isTitleLike(blocks[first - 1].text, words: 3)) {
                first -= 1  // and its heading ("A note to our readers")
            }
            for i in first..<blocks.count where verdicts[i] == nil { verdicts[i] = .trailer }
        }

        // 3b. A "Trending now" / "Related" label in the second half followed only by headlines
        //     (short lines without sentence punctuation) and boilerplate is a link list.
        if let label = blocks.indices.first(where: { $0 >= blocks.count / 2 && [.relatedLink, .readMore].contains(verdicts[$0]) }),
           (label + 1..<blocks.count).allSatisfy({ verdicts[$0] != nil || (wordCounts[$0] <= 15 && isTitleLike(blocks[$0].text, words: max(3, wordCounts[$0]))) }) {
            for i in label..<blocks.count where verdicts[i] == nil { verdicts[i] = .linkList }
        }

        // 4. Title: a markdown heading, else the first short line before the body.
        let firstProse = blocks.indices.first { verdicts[$0] == nil && isProse(blocks[$0].text, words: wordCounts[$0]) } ?? blocks.count
        if let h = blocks.indices.first(where: { verdicts[$0] == nil && blocks[$0].heading == 1 && $0 <= firstProse }) {
            article.title = article.title ?? blocks[h].text
            verdicts[h] = .title
        } else if let t = blocks.indices.first(where: { verdicts[$0] == nil && $0 < firstProse && isTitleLike(blocks[$0].text, words: wordCounts[$0]) }) {
            article.title = article.title ?? blocks[t].text
            verdicts[t] = .title
        }
        // Header: fragments before the first prose block are site chrome.
        for i in 0..<min(firstProse, blocks.count) where verdicts[i] == nil && Boilerplate.isFragment(blocks[i].text, wordCount: wordCounts[i]) {
            verdicts[i] = .header
        }
        if let title = article.title {
            // Drop a repeated title line ("# Title" copied into the body).
            let key = Normalizer.comparisonForm(title)
            for i in blocks.indices where verdicts[i] == nil && keys[i] == key {
                verdicts[i] = .title
            }
        }

        // 5. Publisher, as stated in any block (often in the removed chrome), else the URL's host.
        article.publisher = article.publisher ?? blocks.lazy.compactMap { statedPublisher($0.text) }.first
            ?? article.url.flatMap(host)

        for (i, block) in blocks.enumerated() {
            if let reason = verdicts[i] {
                if reason != .title { article.removed.append(RemovedBlock(text: block.text, reason: reason)) }
            } else {
                article.paragraphs.append(block.text)
            }
        }
        return article
    }

    /// How lines that state when an article appeared begin.
    static let datelinePrefixes = ["published", "updated", "posted", "last updated", "first published"]

    /// A block of running text: a sentence with at least a few words.
    static func isProse(_ text: String, words: Int) -> Bool {
        words > 25 || (words >= 8 && ".\"”’。！？".contains(text.last ?? " "))
    }

    static func isTitleLike(_ text: String, words: Int) -> Bool {
        words >= 3 && words <= 25 && !text.hasSuffix(".") && !text.hasSuffix(":")
    }

    static let urlLabels = ["original url", "original article", "source url", "url source", "canonical url", "canonical",
                            "url", "source", "originally published at", "read the original", "link"]

    /// The label of a "Original url: …" line (in comparison form), or nil.
    static func urlLabel(_ key: String, hasLink: Bool) -> String? {
        for label in urlLabels where key.hasPrefix(label + ":") {
            let rest = key.dropFirst(label.count + 1).trimmingSpaces
            if rest.isEmpty || hasLink || rest.hasPrefix("<http") || rest.hasPrefix("http") || rest.hasPrefix("www.") {
                return label + ":"
            }
        }
        return nil
    }

    static func firstURL(_ text: String) -> String? {
        for piece in text.split(whereSeparator: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "(" || $0 == ")" }) {
            if piece.hasPrefix("http://") || piece.hasPrefix("https://") {
                return String(piece).trimmingCharacters(in: .init(charactersIn: ".,;\"'”"))
            }
        }
        return nil
    }

    static func isBareURL(_ text: String) -> Bool {
        let t = text.utf8.drop { $0 == 0x20 || $0 == 0x3C }  // " <"
        guard t.starts(with: "http://".utf8) || t.starts(with: "https://".utf8) else { return false }
        return !t.reversed().drop { $0 == 0x20 || $0 == 0x3E }.contains(0x20)  // no space before " >"
    }

    static func host(_ url: String) -> String? {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// A publisher named by a line such as "© 2025 Name", "Support Name!", "A message from Name:",
    /// "Originally published by Name".
    static func statedPublisher(_ text: String) -> String? {
        guard let first = text.first, first == "©" || first == "(" || first.isLetter else { return nil }
        let key = Normalizer.comparisonForm(String(text.prefix(60)))
        let patterns: [(prefix: String, skipYear: Bool)] = [
            ("© ", true), ("copyright ", true), ("(c) ", true), ("support ", false), ("a message from ", false),
            ("source: ", false),
            ("originally published by ", false), ("originally published in ", false), ("originally published on ", false),
            ("this article first appeared in ", false), ("this article first appeared on ", false),
            ("this article was originally published by ", false), ("this article was originally published in ", false),
        ]
        for (prefix, skipYear) in patterns where key.hasPrefix(prefix) {
            guard Tokenizer.wordCount(text) <= 12 else { return nil }
            var rest = text.dropFirst(prefix.count).trimmingSpaces
            if skipYear { rest = rest.drop(while: { $0.isNumber || $0 == " " || $0 == "-" || $0 == "," }) }
            let name = rest.trimmingCharacters(in: .init(charactersIn: "!.:, "))
            let words = name.split(separator: " ")
            // A publisher is a proper name: capitalized words ("The Daily Ledger").
            guard !words.isEmpty, words.count <= 6, words.allSatisfy({ $0.first?.isUppercase ?? false }) else { continue }
            return name
        }
        return nil
    }
}
