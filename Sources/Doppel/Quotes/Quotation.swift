import Foundation

/// A direct quotation in an article.
public struct Quotation: Sendable, Hashable, Codable {
    /// The id of the document it appears in.
    public let document: String
    /// Index of its paragraph in the article body.
    public let paragraph: Int
    /// Index (in the article's sentence list) of the sentence it starts in.
    public let sentence: Int
    /// The words inside the quotation marks, as written (a trailing comma removed).
    public let text: String
    /// Who said it, resolved to a name where the text allows.
    public var speaker: String?
    /// Speech (a quoted statement) or a scare quote (a word or two set off, no one speaking).
    public let isSpeech: Bool

    /// The comparison form of the quoted words (typography, case and edge punctuation folded).
    public let comparisonForm: String

    public init(document: String, paragraph: Int, sentence: Int, text: String, speaker: String?, isSpeech: Bool) {
        self.document = document
        self.paragraph = paragraph
        self.sentence = sentence
        self.text = text
        self.speaker = speaker
        self.isSpeech = isSpeech
        comparisonForm = Normalizer.comparisonForm(text).trimmingCharacters(in: .init(charactersIn: ".,;:!? "))
    }
}
