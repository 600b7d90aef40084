/// The format a document's bytes are in, decided from its file name.
public enum DocumentFormat: String, Sendable, Codable {
    case text
    case markdown
    case html
}

/// One input document before extraction: who it is and what it holds.
public struct RawDocument: Sendable {
    /// The document's id: its path relative to the directory it was found under, or its file name.
    public let id: String
    /// Where it came from (the path as given), for messages.
    public let origin: String
    /// The document's text, decoded leniently from UTF-8, BOM removed, line ends made `\n`.
    public let text: String
    public let format: DocumentFormat
    /// What the record it came from states beside its content (JSON Lines fields, a WARC
    /// record's URI); extraction takes these before what it finds in the text.
    public var stated = StatedMetadata()

    public init(id: String, origin: String, text: String, format: DocumentFormat) {
        self.id = id
        self.origin = origin
        self.text = text
        self.format = format
    }

    /// The same document under another id.
    func renamed(_ id: String) -> RawDocument {
        guard id != self.id else { return self }
        var copy = RawDocument(id: id, origin: origin, text: text, format: format)
        copy.stated = stated
        return copy
    }

    /// Builds a document from raw bytes: lenient UTF-8, BOM stripped, CRLF and CR made LF.
    public init(id: String, origin: String, bytes: [UInt8], format: DocumentFormat) {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        guard slice.contains(0x0D) else {  // most files: nothing to rewrite
            self.init(id: id, origin: origin, text: String(decoding: slice, as: UTF8.self), format: format)
            return
        }
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(slice.count)
        var previous: UInt8 = 0
        for b in slice {
            if b == 0x0D {
                cleaned.append(0x0A)
            } else if b == 0x0A && previous == 0x0D {
                // The LF of a CRLF pair: already written.
            } else {
                cleaned.append(b)
            }
            previous = b
        }
        self.init(id: id, origin: origin, text: String(decoding: cleaned, as: UTF8.self), format: format)
    }
}

/// Metadata that a record states outside its content.
public struct StatedMetadata: Sendable, Hashable {
    public var title: String?
    public var url: String?
    public var date: Day?

    public init(title: String? = nil, url: String? = nil, date: Day? = nil) {
        (self.title, self.url, self.date) = (title, url, date)
    }
}
