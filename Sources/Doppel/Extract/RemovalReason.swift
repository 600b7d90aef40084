/// Why extraction removed a block from an article body. The raw value is how reports name it.
public enum RemovalReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A block with no words.
    case punctuationOnly = "punctuation only"
    /// A newsletter box or sign-up line.
    case newsletter
    /// An appeal for donations or membership.
    case donationAppeal = "donation appeal"
    /// An audio player's label.
    case audioPlayer = "audio player"
    /// A prompt to share or follow.
    case sharePrompt = "share prompt"
    /// An advertisement's label.
    case advertisement
    /// Site navigation (a menu line, "skip to content").
    case navigation
    /// A copyright, terms or cookie notice.
    case legalNotice = "legal notice"
    /// A photo credit or caption.
    case photoCredit = "photo credit"
    /// A link to related content.
    case relatedLink = "related link"
    /// A "read more" link.
    case readMore = "read more"
    /// A bar of share buttons or a permalink line.
    case shareWidget = "share widget"
    /// A line stating the URL (read into the metadata).
    case urlLine = "url line"
    /// A line stating the date (read into the metadata).
    case dateLine = "date line"
    /// A byline (read into the metadata).
    case byline
    /// The headline (read into the metadata; not listed as removed).
    case title
    /// Page header fragments before the body.
    case header
    /// A list of linked headlines or menu entries.
    case linkList = "link list"
    /// A block the page repeats (a gallery caption).
    case repeated
    /// A widget's label ("Close", "Replay").
    case widget
    /// What follows the article (comments, tags, related).
    case endMatter = "end matter"
    /// A trailer of appeals and sign-ups at the end.
    case trailer
}
