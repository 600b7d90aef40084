/// A block of a document as found in its source: a paragraph, a heading or a list item.
struct SourceBlock: Sendable, Hashable {
    var text: String
    /// Heading level 1–6, or 0 for body text.
    var heading: Int = 0
    /// Absolute URLs its links point to.
    var links: [String] = []
    /// Share of its text inside links (HTML only): lists of links are navigation, not prose.
    var linkDensity: Double = 0
    /// Whether it is a table cell (HTML only): short cells are data, not widgets.
    var inTable = false
}

/// Metadata a source states outside its text (HTML meta tags); text sources have none.
struct MetadataHints: Sendable {
    var title: String?
    var date: Day?
    var url: String?
    var publisher: String?
    var author: String?
    /// BCP 47 language tag ("en", "pt-BR").
    var language: String?
    /// The article body a page states in its JSON-LD (`articleBody`), for pages that render
    /// their text with scripts.
    var articleBody: String?

    /// These hints with what a record states put first.
    func stated(_ stated: StatedMetadata) -> MetadataHints {
        var hints = self
        hints.title = stated.title ?? title
        hints.date = stated.date ?? date
        hints.url = stated.url ?? url
        return hints
    }
}

/// Splits plain text or markdown into blocks.
enum TextBlocks {
    /// Blocks of `text`. With blank lines between paragraphs, the lines of one paragraph that were
    /// hard-wrapped are joined again; without any blank line, every line is its own block.
    static func blocks(of text: String) -> [SourceBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let usesBlankLines = lines.contains { $0.trimmingSpaces.isEmpty }
            && lines.filter({ !$0.trimmingSpaces.isEmpty }).count > 1
        var blocks: [SourceBlock] = []
        var previousWasBlank = true
        for line in lines {
            let (plain, heading) = Markdown.plain(line)
            let text = plain.trimmingSpaces
            if text.isEmpty {
                previousWasBlank = true
                continue
            }
            if usesBlankLines, !previousWasBlank, heading == 0, let last = blocks.last,
               last.heading == 0, isWrapped(last.text, next: text) {
                blocks[blocks.count - 1].text += " " + text
            } else {
                blocks.append(SourceBlock(text: String(text), heading: heading,
                                          links: line.contains("](") ? Markdown.linkTargets(line) : []))
            }
            previousWasBlank = false
        }
        return blocks
    }

    /// Whether `next` continues the hard-wrapped line `previous` rather than starting a block.
    static func isWrapped(_ previous: String, next: Substring) -> Bool {
        guard let end = previous.last, let start = next.first else { return false }
        if ".!?:\"”’)|".contains(end) { return false }
        // Wrapped prose: the next line starts in lowercase, or the previous one is a long line
        // (counted only up to 60 characters: the paragraph it continues may be long already).
        return start.isLowercase || previous.index(previous.startIndex, offsetBy: 60, limitedBy: previous.endIndex) != nil
    }
}
