import Foundation

/// Reads what a page states about its article: title, date, author, publisher, canonical URL,
/// language, and a JSON-LD `articleBody`.
///
/// The title is `og:title`, else `twitter:title`, else `<title>` without its site part. The date
/// is JSON-LD `datePublished`, else a published-time meta tag, else another date meta tag (some
/// of which, like `sailthru.date`, are local times a day off), else the first `<time datetime>`
/// outside page furniture (comments have dates too), else a `/YYYY/MM/DD/` in the canonical URL;
/// a date in the future is never taken.
enum PageMetadata {
    static func read(_ page: HTMLPage) -> MetadataHints {
        let tree = page.tree
        var hints = MetadataHints()
        var titleTag: String?, openGraphTitle: String?, twitterTitle: String?
        var linkedDataDate: String?, publishedDate: String?, otherDate: String?, timeDate: String?
        var linkedDataAuthor: String?, metaAuthor: String?, locale: String?
        for i in 0..<tree.count where tree[i].isElement {
            switch tree[i].tag {
            case Tag.html.rawValue:
                hints.language = hints.language ?? tree.attribute("lang", of: i).flatMap(languageTag)
            case Tag.title.rawValue:
                titleTag = titleTag ?? tree.text(of: i).trimmingSpaces.description
            case Tag.meta.rawValue:
                guard let content = tree.attribute("content", of: i)?.trimmingSpaces, !content.isEmpty else { break }
                let value = String(content)
                if tree.attribute("http-equiv", of: i)?.lowercased() == "content-language" {
                    hints.language = hints.language ?? languageTag(value)
                }
                for key in ["property", "name", "itemprop"].compactMap({ tree.attribute($0, of: i)?.lowercased() }) {
                    switch key {
                    case "og:title": openGraphTitle = openGraphTitle ?? value
                    case "twitter:title": twitterTitle = twitterTitle ?? value
                    case "og:site_name", "application-name": hints.publisher = hints.publisher ?? value
                    case "og:url": hints.url = hints.url ?? value
                    case "og:locale": locale = locale ?? languageTag(value)
                    case "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator":
                        if !value.hasPrefix("http") { metaAuthor = metaAuthor ?? byline(value) }
                    case "article:published_time", "article:published", "datepublished":
                        publishedDate = publishedDate ?? DateParser.firstDate(in: value)
                    case "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date":
                        otherDate = otherDate ?? DateParser.firstDate(in: value)
                    default: break
                    }
                }
            case Tag.link.rawValue:
                if tree.attribute("rel", of: i)?.lowercased() == "canonical", let href = tree.attribute("href", of: i) {
                    hints.url = href
                }
            case Tag.time.rawValue:
                if timeDate == nil, !insideFurniture(page, i), let stamp = tree.attribute("datetime", of: i) {
                    timeDate = DateParser.firstDate(in: stamp)
                }
            case Tag.script.rawValue:
                guard tree.attribute("type", of: i)?.lowercased() == "application/ld+json" else { break }
                let json = tree.text(of: i)
                linkedDataDate = linkedDataDate ?? string(after: "\"datePublished\"", in: json, where: { DateParser.firstDate(in: $0) })
                linkedDataAuthor = linkedDataAuthor ?? linkedDataAuthorName(json)
                if hints.articleBody == nil, json.contains("\"articleBody\""),
                   let value = try? JSONSerialization.jsonObject(with: Data(json.utf8)) {
                    hints.articleBody = find("articleBody", in: value)
                }
            default: break
            }
        }
        hints.title = openGraphTitle ?? twitterTitle
        if hints.title == nil, let titleTag, !titleTag.isEmpty {
            // "Headline | Site" or "Headline - Site": keep the longest part.
            let parts = titleTag.components(separatedBy: " | ").flatMap { $0.components(separatedBy: " - ") }
            hints.title = parts.max(by: { $0.count < $1.count })
        }
        hints.date = linkedDataDate ?? publishedDate ?? otherDate ?? timeDate
            ?? hints.url.flatMap { url in DateParser.isoDates(in: url).first { $0 <= DateParser.today } }
        hints.author = linkedDataAuthor ?? metaAuthor
        hints.language = hints.language ?? locale
        return hints
    }

    /// Whether an element lies inside page furniture (a comment section, a sidebar).
    static func insideFurniture(_ page: HTMLPage, _ index: Int) -> Bool {
        var i = index
        while i > 0 {
            if page.isFurniture[i] { return true }
            i = Int(page.tree[i].parent)
        }
        return false
    }

    /// A language tag as BCP 47 writes it ("en-US" for "en_us"); nil for an empty one.
    static func languageTag(_ value: String) -> String? {
        let parts = value.trimmingSpaces.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let first = parts.first, first.count >= 2, first.count <= 3, first.allSatisfy(\.isLetter) else { return nil }
        return ([first.lowercased()] + parts.dropFirst().map { $0.count == 2 ? $0.uppercased() : String($0) }).joined(separator: "-")
    }

    /// A byline without its "By ".
    static func byline(_ value: String) -> String {
        value.lowercased().hasPrefix("by ") ? String(value.dropFirst(3).trimmingSpaces) : value
    }

    /// The first author name of a JSON-LD script: `"author": "Name"`, or the `name` of the
    /// (first) author object.
    static func linkedDataAuthorName(_ json: String) -> String? {
        guard let key = json.range(of: "\"author\"") else { return nil }
        let rest = json[key.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        if rest.first == "\"" { return quoted(rest).flatMap { $0.isEmpty ? nil : $0 } }
        // An object or a list of them: the first "name" before the author value closes.
        guard rest.first == "{" || rest.first == "[" else { return nil }
        let end = rest.firstIndex(of: rest.first == "{" ? "}" : "]") ?? rest.endIndex
        return string(after: "\"name\"", in: String(rest[..<end]), where: { $0.isEmpty ? nil : $0 })
    }

    /// The first string value after `key` in `json` that `accept` turns into a result, read from
    /// the text so that scripts that are not strict JSON still count.
    static func string(after key: String, in json: String, where accept: (String) -> String?) -> String? {
        var rest = json[...]
        while let found = rest.range(of: key) {
            rest = rest[found.upperBound...]
            let value = rest.drop { $0 == " " || $0 == ":" || $0 == "\n" || $0 == "\t" || $0 == "\r" }
            if value.first == "\"", let text = quoted(value), let result = accept(text) { return result }
        }
        return nil
    }

    /// The JSON string that starts at the quote opening `text`, escapes kept as written.
    static func quoted(_ text: Substring) -> String? {
        var escaped = false
        for index in text.indices.dropFirst() {
            let c = text[index]
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" {
                return String(text[text.index(after: text.startIndex)..<index])
            }
        }
        return nil
    }

    /// The first string value under `key` anywhere in parsed JSON.
    static func find(_ key: String, in value: Any) -> String? {
        if let object = value as? [String: Any] {
            if let string = object[key] as? String { return string }
            for name in object.keys.sorted() { if let found = find(key, in: object[name]!) { return found } }
        } else if let array = value as? [Any] {
            for child in array { if let found = find(key, in: child) { return found } }
        }
        return nil
    }
}
