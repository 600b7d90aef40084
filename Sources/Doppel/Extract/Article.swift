/// A block that extraction removed from an article body, and why.
public struct RemovedBlock: Sendable, Hashable, Codable {
    /// The block as it stood in the source (markup removed).
    public let text: String
    /// Why it was removed.
    public let reason: RemovalReason
}

/// An article after extraction: metadata and a clean body, with what was removed kept for audit.
public struct Article: Sendable, Codable {
    /// The document's id (see `RawDocument.id`).
    public let id: String
    /// The format it was read from.
    public let format: DocumentFormat
    /// The headline, when one was found.
    public var title: String?
    /// Publication day as stated in the document.
    public var date: Day?
    /// Canonical URL as stated in the document.
    public var url: String?
    /// The publisher as stated (site name, copyright line), else the canonical URL's host.
    public var publisher: String?
    /// The author as stated (JSON-LD, meta tags; pages only).
    public var author: String?
    /// The language as stated, a BCP 47 tag ("en", "pt-BR"; pages only).
    public var language: String?
    /// Body paragraphs in order, markup removed, original typography kept.
    public var paragraphs: [String]
    /// Blocks removed from the body (boilerplate, metadata lines), in document order.
    public var removed: [RemovedBlock]

    public init(id: String, format: DocumentFormat, title: String? = nil, date: Day? = nil,
                url: String? = nil, publisher: String? = nil, author: String? = nil, language: String? = nil,
                paragraphs: [String],
                removed: [RemovedBlock] = []) {
        self.id = id
        self.format = format
        self.title = title
        self.date = date
        self.url = url
        self.publisher = publisher
        self.author = author
        self.language = language
        self.paragraphs = paragraphs
        self.removed = removed
    }

    /// The body as one string, paragraphs separated by a blank line.
    public var text: String { paragraphs.joined(separator: "\n\n") }
}

/// Turns a raw document into an article, choosing the extractor by format.
public enum Extractor {
    /// Extracts many documents on all cores, keeping their order.
    public static func extractAll(_ documents: [RawDocument]) -> [Article] {
        Scanner.concurrentMap(documents, extract)
    }

    /// Extracts one document: metadata, clean body, removed blocks.
    public static func extract(_ document: RawDocument) -> Article {
        switch document.format {
        case .text, .markdown:
            return BlockCleaner.clean(TextBlocks.blocks(of: Mojibake.repaired(document.text)),
                                      id: document.id, format: document.format, hints: MetadataHints().stated(document.stated))
        case .html:
            let page = HTMLBlocks.parse(document.text)
            return BlockCleaner.clean(page.blocks, id: document.id, format: .html, hints: page.hints.stated(document.stated))
        }
    }
}
