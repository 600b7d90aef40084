import Foundation

/// Readable plain-text reports for the terminal. Text from the documents is printed without
/// control characters (see `printable`): a title holding ESC or BEL must not drive the terminal.
public enum TextReport {
    /// The readable `scan` report: stories, their versions and relations, altered quotations.
    public static func scan(_ analysis: Analysis) -> String {
        let altered = analysis.quotes.filter { $0.alteration != nil }
        var out = "Doppel scanned \(count(analysis.documents.count, "document")): \(count(analysis.stories.count, "story", "stories")), "
            + "\(count(analysis.relations.count, "related pair")), \(count(altered.count, "altered quotation")).\n"
        let byID = Dictionary(uniqueKeysWithValues: analysis.documents.map { ($0.id, $0) })
        var relationsOf: [String: [Relation]] = [:]
        for relation in analysis.relations {
            relationsOf[relation.a, default: []].append(relation)
            relationsOf[relation.b, default: []].append(relation)
        }
        let alteredIn = Dictionary(grouping: altered, by: \.quotation.document)
        for story in analysis.stories {
            let members = Set(story.documents)
            out += "\n\(story.id): \(printable(story.title ?? "(untitled)"))\n"
            out += "  \(count(story.documents.count, "document")); likely original: \(story.original ?? "undecided")"
            out += "; independent sources: \(story.independentSources.joined(separator: ", "))\n"
            for id in story.documents {
                guard let document = byID[id] else { continue }
                let article = document.article
                out += "  - \(id)"
                if id == story.original && story.documents.count > 1 { out += "  [original]" }
                out += "\n      " + printable([article.date?.iso, article.url, article.publisher].compactMap { $0 }.joined(separator: " · "))
                out += article.date == nil && article.url == nil && article.publisher == nil ? "no date, URL or publisher stated" : ""
                out += "\n      \(count(article.paragraphs.count, "paragraph")), \(count(document.quotes.count, "quotation"));"
                    + " removed \(count(article.removed.count, "block"))"
                let reasons = Dictionary(grouping: article.removed, by: \.reason.rawValue).map { "\($0.key) ×\($0.value.count)" }.sorted()
                out += reasons.isEmpty ? "\n" : " (\(reasons.joined(separator: ", ")))\n"
                for relation in relationsOf[id, default: []] {
                    let other = relation.a == id ? relation.b : relation.a
                    guard id < other || !members.contains(other) else { continue }
                    var line = "      \(relation.kind.rawValue) with \(other) (\(relation.score.fixed(2)))"
                    if relation.kind.isDerived {
                        line += relation.source.map { "; source: \($0)" } ?? "; source undecided"
                    }
                    if relation.kind == .partialReuse {
                        line += "; \(count(relation.passages.count, "passage")), \((relation.shareA * 100).fixed(0))% and "
                            + "\((relation.shareB * 100).fixed(0))% of the two bodies" + (relation.samePublisher ? "; same publisher" : "")
                    }
                    out += line + "\n"
                    if relation.kind == .partialReuse {
                        for passage in relation.passages { out += "        " + Self.passageLine(passage, relation) + "\n" }
                    }
                }
            }
            let storyAltered = story.documents.flatMap { alteredIn[$0, default: []] }
            if !storyAltered.isEmpty {
                out += "  Altered quotations:\n"
                for finding in storyAltered {
                    guard let alteration = finding.alteration else { continue }
                    out += "    \(finding.quotation.document), \(finding.speaker ?? "unattributed"):\n"
                    out += "      copy:   “\(finding.quotation.text)”\n"
                    out += "      source: “\(alteration.text)” (\(alteration.document))\n"
                    out += "      diff:   \(alteration.diff)\n"
                }
            }
        }
        return printable(out, keepingLines: true)
    }

    /// A shared passage in one line: its opening words, its place in each document, its source.
    static func passageLine(_ p: Relation.Passage, _ r: Relation) -> String {
        let words = p.text.split(whereSeparator: \.isWhitespace)
        let opening = words.prefix(12).joined(separator: " ") + (words.count > 12 ? " …" : "")
        return "“\(opening)” (\(words.count) words; \(r.a) \(p.a.lowerBound)–\(p.a.upperBound), \(r.b) \(p.b.lowerBound)–\(p.b.upperBound))"
            + (p.source.map { "; first in \($0)" } ?? "")
    }

    /// "1 story", "3 stories".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    /// The readable `extract` report; `showRemoved` lists each removed block with its reason.
    public static func extraction(_ articles: [Article], showRemoved: Bool) -> String {
        var out = ""
        for article in articles {
            out += "== \(printable(article.id))\n"
            out += "title:     \(printable(article.title ?? "-"))\n"
            out += "date:      \(printable(article.date?.iso ?? "-"))\n"
            out += "url:       \(printable(article.url ?? "-"))\n"
            out += "publisher: \(printable(article.publisher ?? "-"))\n"
            if let author = article.author { out += "author:    \(printable(author))\n" }
            if let language = article.language { out += "language:  \(printable(language))\n" }
            out += "\n"
            out += printable(article.text, keepingLines: true) + "\n"
            if showRemoved && !article.removed.isEmpty {
                out += "\n-- removed (\(article.removed.count) blocks):\n"
                for block in article.removed { out += "[\(block.reason.rawValue)] \(printable(block.text))\n" }
            } else if !article.removed.isEmpty {
                out += "\n-- removed \(article.removed.count) blocks (show them with --removed)\n"
            }
            out += "\n"
        }
        return out
    }

    /// The readable `compare` report: relation, features, aligned sentences, quotations.
    public static func comparison(_ c: Comparison) -> String {
        var out = "\(printable(c.a.id))  ⟷  \(printable(c.b.id))\n"
        out += "kind: \(c.kind?.rawValue ?? "unrelated")"
        if let source = c.source { out += "; likely source: \(source)" }
        out += "\n"
        for reason in c.reasons { out += "  - \(reason)\n" }
        out += String(format: "score %.2f · 5-gram Jaccard %.3f · shared passages %d (%.0f%% and %.0f%%) · aligned sentences %d (%.0f%%) · event similarity %.2f\n",
                      c.score, c.features.jaccard, c.features.passages.count, c.features.shareA * 100, c.features.shareB * 100,
                      c.features.alignment.count, c.features.coverage * 100, c.features.event)
        if let semantic = c.semantic { out += String(format: "sentence-model similarity %.2f (averaged into the score)\n", semantic) }
        if let relation = c.relation, !relation.passages.isEmpty {
            out += "\nShared passages:\n"
            for passage in relation.passages { out += "  " + passageLine(passage, relation) + "\n" }
        }
        out += "\nAligned sentences:\n"
        for pair in c.features.alignment {
            out += String(format: "  [%.2f] A%d: %@\n", pair.similarity, pair.a + 1, c.a.sentences[pair.a].text)
            out += "         B\(pair.b + 1): \(c.b.sentences[pair.b].text)\n"
        }
        out += "\nQuotations:\n"
        if c.quotePairs.isEmpty { out += "  (no quotation appears in both)\n" }
        for (qa, qb) in c.quotePairs {
            let same = qa.comparisonForm == qb.comparisonForm
            out += "  \(same ? "same   " : "ALTERED") \(qa.speaker ?? "unattributed"): “\(qa.text)”\n"
            if !same { out += "          B: “\(qb.text)”\n          diff: \(WordDiff.diff(qa.text, qb.text))\n" }
        }
        return printable(out, keepingLines: true)
    }

    /// `text` without the control characters a terminal acts on (ESC, BEL, backspace, DEL, the
    /// C1 controls): tabs and line breaks become spaces (with `keepingLines`, a line feed stays),
    /// the others are dropped.
    static func printable(_ text: String, keepingLines: Bool = false) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            // In UTF-8 the C0 controls and DEL are single bytes, the C1 controls C2 80 … C2 9F.
            var out: [UInt8]?  // made at the first change; until then the text is kept as it is
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                let c1 = b == 0xC2 && i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1])
                guard b < 0x20 || b == 0x7F || c1, !(b == 0x0A && keepingLines) else {
                    out?.append(b)
                    i += 1
                    continue
                }
                if out == nil { out = Array(bytes[..<i]) }
                if b == 0x09 || b == 0x0A || b == 0x0D { out!.append(0x20) }
                i += c1 ? 2 : 1
            }
            return out.map { String(decoding: $0, as: UTF8.self) } ?? text
        }
    }
}
