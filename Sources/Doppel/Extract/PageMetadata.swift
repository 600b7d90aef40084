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
        var linkedDataDate: Day?, publishedDate: Day?, otherDate: Day?, timeDate: Day?
        var linkedDataAuthor: String?, metaAuthor: String?, locale: String?
        var furnitureEnd = 0  // the end of the outermost furniture around the current element
        for i in 1..<tree.count where tree[i].isElement {
            if i >= furnitureEnd, page.isFurniture[i] { furnitureEnd = Int(tree[i].end) }
            switch tree[i].tag {
            case Tag.html.rawValue:
                hints.language = hints.language ?? tree.attribute("lang", of: i).flatMap(languageTag)
            case Tag.title.rawValue:
                titleTag = titleTag ?? tree.text(of: i).trimmingSpaces.description
            case Tag.meta.rawValue:
                guard let content = tree.attribute("content", of: i)?.trimmingSpaces, !content.isEmpty else { break }
                let value = String(content)
                if tree.keyword("http-equiv", of: i) == "content-language" {
                    hints.language = hints.language ?? languageTag(value)
                }
                for key in ["property", "name", "itemprop"].compactMap({ tree.keyword($0, of: i) }) {
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
                if tree.keyword("rel", of: i) == "canonical", let href = tree.attribute("href", of: i) {
                    hints.url = href
                }
            case Tag.time.rawValue:
                if timeDate == nil, i >= furnitureEnd, let stamp = tree.attribute("datetime", of: i) {
                    timeDate = DateParser.firstDate(in: stamp)
                }
            case Tag.script.rawValue:
                guard tree.keyword("type", of: i) == "application/ld+json" else { break }
                let json = tree.textBytes(of: i)
                linkedDataDate = linkedDataDate ?? string(after: "\"datePublished\"", in: json, where: { DateParser.firstDate(in: $0) })
                linkedDataAuthor = linkedDataAuthor ?? linkedDataAuthorName(json)
                if hints.articleBody == nil, json.containsBytes(of: "\"articleBody\""),
                   let value = try? JSONSerialization.jsonObject(with: Data(json)) {
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
            ?? hints.url.flatMap { url in DateParser.isoDates(in: url).first { $0 <= Day.today } }
        hints.author = linkedDataAuthor ?? metaAuthor
        hints.language = hints.language ?? locale
        return hints
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
    static func linkedDataAuthorName(_ json: [UInt8]) -> String? {
        guard let key = json.firstIndex(ofBytes: "\"author\"") else { return nil }
        let start = valueStart(json, after: key + 8)
        guard start < json.count else { return nil }
        if json[start] == 0x22 { return quoted(json, at: start).flatMap { $0.isEmpty ? nil : $0 } }
        // An object or a list of them: the first "name" before the author value closes.
        guard json[start] == 0x7B || json[start] == 0x5B else { return nil }  // { [
        let close: UInt8 = json[start] == 0x7B ? 0x7D : 0x5D
        let end = json[start...].firstIndex(of: close) ?? json.count
        return string(after: "\"name\"", in: Array(json[start..<end]), where: { $0.isEmpty ? nil : $0 })
    }

    /// The first string value after `key` in `json` that `accept` turns into a result, read from
    /// the bytes so that scripts that are not strict JSON still count.
    static func string<T>(after key: String, in json: [UInt8], where accept: (String) -> T?) -> T? {
        var from = 0
        while let found = json.firstIndex(ofBytes: key, from: from) {
            from = found + key.utf8.count
            let start = valueStart(json, after: from)
            if start < json.count, json[start] == 0x22, let text = quoted(json, at: start), let result = accept(text) { return result }
        }
        return nil
    }

    /// Where a value starts after a key: past spaces and the colon.
    static func valueStart(_ json: [UInt8], after index: Int) -> Int {
        var i = index
        while i < json.count, json[i] == 0x20 || json[i] == 0x3A || json[i] == 0x0A || json[i] == 0x09 || json[i] == 0x0D { i += 1 }
        return i
    }

    /// The JSON string whose opening quote is at `start`, escapes kept as written.
    static func quoted(_ json: [UInt8], at start: Int) -> String? {
        var escaped = false
        for i in start + 1..<json.count {
            if escaped { escaped = false } else if json[i] == 0x5C { escaped = true } else if json[i] == 0x22 {
                return String(decoding: json[start + 1..<i], as: UTF8.self)
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
