import Doppel
import Foundation
import Hummingbird
import Mustache

/// The web pages, rendered on the server from the templates in `Resources/templates`: latest
/// stories, a story's timeline, an article, two articles side by side, search and upload.
struct Pages: Sendable {
    let service: ArchiveService
    let library: MustacheLibrary

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try await home(request.uri.queryParameters) }
        router.get("stories/:id") { _, context in
            let snapshot = service.snapshot
            return try page("story", story(try snapshot.story(pathID(context)), snapshot))
        }
        router.get("articles/:id") { _, context in
            let snapshot = service.snapshot
            return try page("article", article(try snapshot.article(pathID(context)), snapshot))
        }
        router.get("compare") { request, _ in
            let snapshot = service.snapshot
            let query = request.uri.queryParameters
            let (a, b) = (try snapshot.article(try required("a", query)), try snapshot.article(try required("b", query)))
            return try page("compare", comparison(Comparison(a.article, b.article, embedder: service.embedder)))
        }
        router.get("search") { request, _ in
            let q = request.uri.queryParameters.get("q") ?? ""
            let snapshot = service.snapshot
            let ids = q.isEmpty ? [] : try await service.search(q, limit: 50)
            let results = ids.compactMap { snapshot.articles[$0]?.article }.map { a -> [String: Any] in
                ["id": a.id, "link": Markup.link(a.id), "name": a.title ?? a.id, "date": a.date?.iso ?? "", "publisher": a.publisher ?? "", "story": snapshot.storyOf[a.id] ?? false]
            }
            return try page("search", ["title": "Search", "query": q, "results": results])
        }
        router.get("upload") { _, _ in try page("upload", ["title": "Add an article"]) }
        for (name, type) in [("style.css", "text/css"), ("page.js", "text/javascript")] {
            let bytes = ByteBuffer(bytes: Resources.file(name))
            router.get("static/\(name)") { _, _ in
                Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"], body: .init(byteBuffer: bytes))
            }
        }
    }

    func page(_ template: String, _ values: [String: Any]) throws -> Response {
        guard let html = library.render(values, withTemplate: template) else { throw HTTPError(.internalServerError) }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func home(_ query: Parameters) async throws -> Response {
        let snapshot = service.snapshot
        var start = 0
        if let key = query.get("cursor").flatMap(Cursor.decode) { start = snapshot.firstStory(after: key) }
        let page = snapshot.stories.dropFirst(start).prefix(50)
        let stories = page.map { story -> [String: Any] in
            let altered = snapshot.alteredQuotes(in: story).count
            let derived = Set(story.documents.flatMap { snapshot.relations[$0] ?? [] }.filter { $0.kind.isDerived }.flatMap { [$0.a, $0.b] })
            return ["id": story.id, "name": story.title ?? story.id, "dates": dates(snapshot.days(of: story)),
                    "versions": story.documents.count, "plural": story.documents.count != 1, "original": story.original ?? false, "originalLink": story.original.map(Markup.link) ?? "",
                    "copies": derived.subtracting([story.original ?? ""]).count, "altered": altered, "alteredPlural": altered != 1]
        }
        let next = start + page.count < snapshot.stories.count ? page.last.map { Cursor.encode(snapshot.key(of: $0)) } : nil
        return try self.page("stories", ["title": "Latest stories", "stories": stories, "next": next ?? false])
    }

    /// A story: its articles by date, grouped into copy families (articles joined by derived
    /// relations), the original marked; its relations and altered quotations.
    func story(_ story: Story, _ snapshot: Snapshot) -> [String: Any] {
        let relations = snapshot.relations(within: story)
        let altered = snapshot.alteredQuotes(in: story)
        var families = UnionFind(story.documents)
        for relation in relations where relation.kind.isDerived { families.union(relation.a, relation.b) }
        let never = Day(number: .max)  // undated articles come last
        let groups = families.groups().map { ids in
            ids.compactMap { snapshot.articles[$0]?.article }.sorted { ($0.date ?? never, $0.id) < ($1.date ?? never, $1.id) }
        }.sorted { ($0.first?.date ?? never, $0.first?.id ?? "") < ($1.first?.date ?? never, $1.first?.id ?? "") }
        return [
            "title": story.title ?? story.id, "name": story.title ?? story.id, "dates": dates(snapshot.days(of: story)),
            "versions": story.documents.count, "original": story.original ?? false,
            "originalLink": story.original.map(Markup.link) ?? "",
            "families": groups.map { group -> [String: Any] in
                ["label": group.count > 1 ? "Copy family of \(group.count)" : "Independent version",
                 "articles": group.map { a -> [String: Any] in
                     ["id": a.id, "link": Markup.link(a.id), "title": a.title ?? a.id, "date": a.date?.iso ?? "undated", "publisher": a.publisher ?? "", "isOriginal": a.id == story.original]
                 }]
            },
            "relations": relations.map { r -> [String: Any] in
                ["a": r.a, "b": r.b, "aLink": Markup.link(r.a), "bLink": Markup.link(r.b), "kind": r.kind.rawValue, "score": String(format: "%.2f", r.score), "source": r.source ?? ""]
            },
            "hasQuotes": !altered.isEmpty,
            "quotes": altered.map { q -> [String: Any] in
                ["speaker": q.speaker ?? "unattributed", "document": q.quotation.document, "source": q.alteration?.document ?? "",
                 "documentLink": Markup.link(q.quotation.document), "sourceLink": Markup.link(q.alteration?.document ?? ""),
                 "diff": Markup.diff(q.alteration?.diff ?? "")]
            },
        ]
    }

    func article(_ archived: ArchivedArticle, _ snapshot: Snapshot) -> [String: Any] {
        let a = archived.article
        let quotes = snapshot.quotesOf[a.id] ?? []
        return [
            "title": a.title ?? a.id, "name": a.title ?? a.id, "id": a.id, "date": a.date?.iso ?? false,
            "publisher": a.publisher ?? false, "author": a.author ?? false, "url": a.url ?? false, "story": snapshot.storyOf[a.id] ?? false,
            "paragraphs": a.paragraphs, "hasRemoved": !a.removed.isEmpty, "removedCount": a.removed.count,
            "removed": a.removed.map { ["reason": $0.reason.rawValue, "text": $0.text] },
            "relations": (snapshot.relations[a.id] ?? []).map { r -> [String: Any] in
                ["kind": r.kind.rawValue, "other": r.a == a.id ? r.b : r.a, "otherLink": Markup.link(r.a == a.id ? r.b : r.a), "selfLink": Markup.link(a.id), "score": String(format: "%.2f", r.score)]
            },
            "hasQuotes": !quotes.isEmpty,
            "quotes": quotes.map { q -> [String: Any] in
                ["text": q.quotation.text, "speaker": q.speaker ?? "unattributed", "diff": q.alteration.map { Markup.diff($0.diff) } ?? false]
            },
        ]
    }

    func comparison(_ c: Comparison) -> [String: Any] {
        let passages = c.relation?.passages ?? []
        return [
            "title": "\(c.a.id) and \(c.b.id)", "a": c.a.id, "b": c.b.id, "kind": c.kind?.rawValue ?? "unrelated",
            "score": String(format: "%.2f", c.score), "source": c.source ?? false, "sourceLink": Markup.link(c.source ?? ""),
            "aLink": Markup.link(c.a.id), "bLink": Markup.link(c.b.id), "reasons": c.reasons,
            "titleA": c.a.article.title ?? c.a.id, "titleB": c.b.article.title ?? c.b.id,
            "textA": Markup.marked(c.a.article.text, passages.map(\.a)), "textB": Markup.marked(c.b.article.text, passages.map(\.b)),
            "hasQuotes": !c.quotePairs.isEmpty,
            "quotes": c.quotePairs.map { qa, qb -> [String: Any] in
                ["speaker": qa.speaker ?? "unattributed", "altered": qa.comparisonForm != qb.comparisonForm,
                 "diff": Markup.diff(WordDiff.diff(qa.text, qb.text))]
            },
            "aligned": c.features.alignment.map { s -> [String: Any] in
                ["a": c.a.sentences[s.a].text, "b": c.b.sentences[s.b].text, "similarity": String(format: "%.2f", s.similarity)]
            },
        ]
    }

    func dates(_ days: (first: Day, last: Day)?) -> String {
        guard let days else { return "undated" }
        return days.first == days.last ? days.first.iso : "\(days.first.iso) – \(days.last.iso)"
    }
}

/// HTML built in code: text escaped, copied passages marked, word diffs shown as insertions
/// and deletions.
enum Markup {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `text` (paragraphs split by blank lines) as HTML paragraphs with the scalar ranges
    /// `marked` in `<mark data-passage=N>`, N the passage's index (so both sides' marks pair up).
    static func marked(_ text: String, _ marked: [Range<Int>]) -> String {
        let scalars = Array(text.unicodeScalars)
        var owner = [Int?](repeating: nil, count: scalars.count)
        for (n, range) in marked.enumerated() {
            for i in range.clamped(to: 0..<scalars.count) where owner[i] == nil { owner[i] = n }
        }
        var html = "<p>"
        var i = 0
        while i < scalars.count {
            var j = i
            while j < scalars.count && owner[j] == owner[i] && !(scalars[j] == "\n" && j + 1 < scalars.count && scalars[j + 1] == "\n") { j += 1 }
            if j == i {  // a paragraph break
                html += "</p><p>"
                i += 2
                continue
            }
            let piece = escape(String(String.UnicodeScalarView(scalars[i..<j])))
            html += owner[i].map { "<mark data-passage=\"\($0)\">\(piece)</mark>" } ?? piece
            i = j
        }
        return html + "</p>"
    }

    /// An id as one path segment or query value: everything but unreserved characters
    /// percent-encoded (ids are relative paths, so they hold slashes).
    static func link(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
    }

    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// A word diff (`[-removed-] {+inserted+}`, as ``WordDiff`` writes it) as HTML.
    static func diff(_ diff: String) -> String {
        var html = escape(diff)
        for (open, close, tag) in [("[-", "-]", "del"), ("{+", "+}", "ins")] {
            html = html.replacingOccurrences(of: open, with: "<\(tag)>").replacingOccurrences(of: close, with: "</\(tag)>")
        }
        return html
    }
}
