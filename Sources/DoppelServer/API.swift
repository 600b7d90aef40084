import Doppel
import Foundation
import Hummingbird
import NIOCore

/// The JSON API under `/v1`, `/healthz`, `/metrics` (Prometheus) and `/openapi.json` (the OpenAPI 3 document in
/// `Resources/openapi.json` describes every route).
struct API: Sendable {
    let service: ArchiveService
    let settings: ServerSettings
    let metrics: ServerMetrics

    func add(to router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in
            json(.object([("status", .string("ok")), ("articles", .number(Double(service.snapshot.articles.count)))]))
        }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: metrics.exposition(service.snapshot)))
        }
        let document = ByteBuffer(bytes: Resources.file("openapi.json"))  // read once, served as it is
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
        let v1 = router.group("v1")
        v1.post("articles") { request, _ in try await postArticles(request) }
        v1.get("articles/:id") { _, context in
            let snapshot = service.snapshot
            return json(articleJSON(try snapshot.article(pathID(context)), snapshot))
        }
        v1.get("articles/:id/relations") { _, context in
            let snapshot = service.snapshot
            let id = try snapshot.article(pathID(context)).article.id
            return json(.object([("relations", .array((snapshot.relations[id] ?? []).map(JSONReport.relation)))]))
        }
        v1.delete("articles/:id") { request, context in
            try authorize(request)
            let id = try pathID(context)
            guard try await service.remove(id) else { throw APIError.noArticle(id) }
            return Response(status: .noContent)
        }
        v1.get("stories") { request, _ in try await stories(request.uri.queryParameters) }
        v1.get("stories/:id") { _, context in
            let snapshot = service.snapshot
            return json(storyJSON(try snapshot.story(pathID(context)), snapshot))
        }
        v1.get("compare") { request, _ in
            let snapshot = service.snapshot
            let query = request.uri.queryParameters
            let (a, b) = (try snapshot.article(try required("a", query)), try snapshot.article(try required("b", query)))
            return json(Comparison(a.article, b.article, embedder: service.embedder).json())
        }
        v1.get("quotes") { request, _ in try await quotes(request.uri.queryParameters) }
        for (path, allowed) in Self.methods { refuseOtherMethods(path, allowed, on: router) }
        v1.get("search") { request, _ in
            let query = request.uri.queryParameters
            let q = try required("q", query)
            let limit = try integer("limit", query, default: 20, in: 1...200)
            let snapshot = service.snapshot
            let ids = try await service.search(q, limit: limit)
            return json(.object([("articles", .array(ids.compactMap { snapshot.articles[$0] }.map { summaryJSON($0.article, snapshot) }))]))
        }
    }

    /// Each API path and its methods: any other method gets 405 with `Allow`.
    static let methods: [(String, [HTTPRequest.Method])] = [
        ("healthz", [.get]), ("metrics", [.get]), ("openapi.json", [.get]), ("v1/articles", [.post]), ("v1/articles/:id", [.get, .delete]),
        ("v1/articles/:id/relations", [.get]), ("v1/stories", [.get]), ("v1/stories/:id", [.get]), ("v1/compare", [.get]),
        ("v1/quotes", [.get]), ("v1/search", [.get]),
    ]

    func refuseOtherMethods(_ path: String, _ allowed: [HTTPRequest.Method], on router: Router<BasicRequestContext>) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .trace, .options, HTTPRequest.Method("QUERY")!] where !allowed.contains(method) {
            router.on(RouterPath(path), method: method) { _, _ in
                var response = json(APIError.methodNotAllowed(allow: allow).json, status: .methodNotAllowed)
                response.headers[.allow] = allow
                return response
            }
        }
    }

    // MARK: Writes

    /// Checks the bearer token, in time that does not depend on where it differs.
    func authorize(_ request: Request) throws(APIError) {
        guard let token = settings.token else { throw .writesDisabled }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), constantTimeEqual(Array(header.utf8.dropFirst(7)), Array(token.utf8)) else {
            throw .unauthorized
        }
    }

    /// `POST /v1/articles`: one JSON article or JSON Lines; the records that give no article are
    /// reported under `problems`, the rest are added as one batch.
    func postArticles(_ request: Request) async throws -> Response {
        try authorize(request)
        var bytes: [UInt8]
        do {
            var body = try await request.body.collect(upTo: settings.maxBodyBytes)
            bytes = body.readBytes(length: body.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: settings.maxBodyBytes)
        }
        // One JSON object may span lines: outside strings a line break is only white space.
        if request.headers[.contentType]?.hasPrefix("application/json") == true {
            bytes = bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        }
        let name = "upload-" + String(fnv1a(bytes), radix: 16)
        var problems: [String] = []
        let documents = Ingestor.documents(jsonLines: Self.typedLines(bytes, name: name) { problems.append($0) }, name: name) {
            problems.append($0.description)
        }
        guard !documents.isEmpty else {
            throw APIError.badBody(problems.isEmpty ? "the body holds no article: send a JSON object with text or html, or JSON Lines of them"
                                                    : problems.joined(separator: "; "))
        }
        let summary = try await service.add(documents)
        let snapshot = service.snapshot
        let ids = documents.map(\.id)
        let relations = Snapshot.unique(ids.flatMap { snapshot.relations[$0] ?? [] })
        let body = JSON.object([
            ("added", .number(Double(summary.added))), ("replaced", .number(Double(summary.replaced))),
            ("unchanged", .number(Double(summary.unchanged))), ("batch", summary.batch.map { .number(Double($0)) } ?? .null),
            ("articles", .array(ids.map { id in .object([("id", .string(id)), ("story", .optional(snapshot.storyOf[id]))]) })),
            ("relations", .array(relations.map(JSONReport.relation))),
            ("problems", .array(problems.map { .object([("code", .string("skipped-record")), ("message", .string($0))]) })),
        ])
        return json(body, status: summary.batch == nil ? .ok : .created)
    }

    /// Fields a record may give as null, read as absent (as `scan --json` writes an unknown one).
    static let nullableFields: Set<String> = ["title", "url", "date"]

    /// The lines of a JSON Lines body whose fields have the API's types: a line whose `id`,
    /// `text` or `html` is not a string, whose `title`, `url` or `date` is neither a string nor
    /// null, whose `id`, `text` or `html` is
    /// empty, that has neither `text` nor `html`, or whose `date` is not a day, is
    /// reported to `problem` (named as line N of `name`) and blanked, so the rest keep their line numbers.
    static func typedLines(_ bytes: [UInt8], name: String, problem: (String) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            defer { out.append(0x0A) }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                out += line  // not a JSON object: the decoder says why
                continue
            }
            let wrong = ["id", "text", "html", "title", "url", "date"].filter { field in
                object[field].map { !($0 is String) && !($0 is NSNull && Self.nullableFields.contains(field)) } ?? false
            }
            if let field = wrong.first {
                problem("\(name):\(number + 1): skipped: \"\(field)\" is not a string\(Self.nullableFields.contains(field) ? " or null" : "")")
            } else if let field = ["id", "text", "html"].first(where: { (object[$0] as? String)?.isEmpty == true }) {
                problem("\(name):\(number + 1): skipped: \"\(field)\" is empty")
            } else if object["text"] == nil && object["html"] == nil {
                problem("\(name):\(number + 1): skipped: no \"text\" or \"html\" string")
            } else if let date = object["date"] as? String, Day(iso: date) == nil {
                problem("\(name):\(number + 1): skipped: \"date\" is not a day (YYYY-MM-DD): \(date)")
            } else {
                out += line
            }
        }
        return out
    }

    // MARK: Lists

    /// `GET /v1/stories`: newest first, filtered by day and text, `limit` at a time; `cursor`
    /// (from the previous page's `next`) continues after the last story of that page.
    func stories(_ query: Parameters) async throws -> Response {
        let snapshot = service.snapshot
        let since = try day("since", query), until = try day("until", query)
        let limit = try integer("limit", query, default: 50, in: 1...500)
        let words = query.get("q").map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        var start = 0
        if let cursor = query.get("cursor") {
            guard let key = Cursor.decode(cursor) else {
                throw APIError.badParameter(name: "cursor", reason: "is not a cursor: give the next value of the previous page")
            }
            start = snapshot.firstStory(after: key)
        }
        var page: [Int] = []
        var index = start
        while index < snapshot.stories.count && page.count < limit {
            defer { index += 1 }
            let story = snapshot.stories[index]
            let days = snapshot.storyDays[index]
            if let since, (days?.last).map({ $0 < since }) ?? true { continue }
            if let until, (days?.first).map({ $0 > until }) ?? true { continue }
            if let words, !(story.title ?? "").lowercased().contains(words) { continue }
            page.append(index)
        }
        let next = index < snapshot.stories.count && page.count == limit ? page.last.map { Cursor.encode(snapshot.storyKeys[$0]) } : nil
        // The summaries were serialized with the snapshot: a page only joins them.
        let body = "{\"stories\": [" + page.map { snapshot.summaries[$0] }.joined(separator: ", ") + "], \"next\": "
            + JSON.optional(next).serializedLine() + "}"
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `GET /v1/quotes`: the quotations found, filtered by speaker (a part of the name, any
    /// case) and by whether they were altered.
    func quotes(_ query: Parameters) async throws -> Response {
        let snapshot = service.snapshot
        let speaker = query.get("speaker")?.lowercased()
        let altered = try boolean("altered", query)
        let limit = try integer("limit", query, default: 100, in: 1...1000)
        let found = snapshot.quotes.lazy.filter { q in
            (speaker.map { (q.speaker ?? "").lowercased().contains($0) } ?? true)
                && (altered.map { (q.alteration != nil) == $0 } ?? true)
        }.prefix(limit)
        return json(.object([("quotes", .array(found.map(JSONReport.quote)))]))
    }

    // MARK: Documents

    func articleJSON(_ archived: ArchivedArticle, _ snapshot: Snapshot) -> JSON {
        guard case .object(var fields) = JSONReport.document(archived.article) else { return JSONReport.document(archived.article) }
        let id = archived.article.id
        fields.append(("added", .string(archived.added.iso)))
        fields.append(("story", .optional(snapshot.storyOf[id])))
        fields.append(("quotes", .array((snapshot.quotesOf[id] ?? []).map(JSONReport.quote))))
        return .object(fields)
    }

    func summaryJSON(_ article: Article, _ snapshot: Snapshot) -> JSON {
        .object([("id", .string(article.id)), ("title", .optional(article.title)), ("date", .optional(article.date?.iso)),
                 ("publisher", .optional(article.publisher)), ("story", .optional(snapshot.storyOf[article.id]))])
    }

    /// A story whole: its members and dates with its articles, the relations among them and its altered quotations.
    func storyJSON(_ story: Story, _ snapshot: Snapshot) -> JSON {
        guard case .object(var fields) = snapshot.detailJSON(story) else { return snapshot.detailJSON(story) }
        fields.append(("articles", .array(story.documents.compactMap { snapshot.articles[$0] }.map { summaryJSON($0.article, snapshot) })))
        fields.append(("relations", .array(snapshot.relations(within: story).map(JSONReport.relation))))
        fields.append(("quotes", .array(snapshot.alteredQuotes(in: story).map(JSONReport.quote))))
        return .object(fields)
    }
}

// MARK: Helpers

func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.serializedLine())))
}

/// The `id` of the route's path, percent-decoded (an article id holds slashes as %2F).
func pathID(_ context: BasicRequestContext) throws -> String {
    let raw = try context.parameters.require("id")
    return raw.removingPercentEncoding ?? raw
}

func required(_ name: String, _ query: Parameters) throws(APIError) -> String {
    guard let value = query.get(name), !value.isEmpty else { throw .missingParameter(name) }
    return value
}

func integer(_ name: String, _ query: Parameters, default value: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
    guard let text = query.get(name) else { return value }
    guard let number = Int(text), range.contains(number) else {
        throw .badParameter(name: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound) (not \(text))")
    }
    return number
}

func day(_ name: String, _ query: Parameters) throws(APIError) -> Day? {
    guard let text = query.get(name) else { return nil }
    guard let day = Day(iso: text) else { throw .badParameter(name: name, reason: "must be a day, YYYY-MM-DD (not \(text))") }
    return day
}

func boolean(_ name: String, _ query: Parameters) throws(APIError) -> Bool? {
    switch query.get(name) {
    case nil: return nil
    case "true"?: return true
    case "false"?: return false
    case let text?: throw .badParameter(name: name, reason: "must be true or false (not \(text))")
    }
}

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var difference = UInt8(a.count == b.count ? 0 : 1)
    for i in 0..<max(a.count, b.count) { difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0) }
    return difference == 0
}

/// List positions: the key of a page's last story, written `DAY.ID` (DAY: days since
/// 1970-01-01, empty for an undated story), so that every value of that form is a place in the list.
enum Cursor {
    static func encode(_ key: StoryKey) -> String { (key.day.map(String.init) ?? "") + "." + key.id }

    /// The key written in `cursor`, or nil when it is not of the form (`^(-?[0-9]{1,7})?\.[A-Za-z0-9_-]{1,64}$`).
    static func decode(_ cursor: String) -> StoryKey? {
        guard let dot = cursor.firstIndex(of: ".") else { return nil }
        let (dayText, id) = (cursor[..<dot], cursor[cursor.index(after: dot)...])
        let digits = dayText.hasPrefix("-") ? dayText.dropFirst() : dayText[...]
        guard digits.count <= 7, digits.allSatisfy(\.isASCIIDigit), dayText.isEmpty || !digits.isEmpty,
              (1...64).contains(id.count), id.allSatisfy({ $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" || $0 == "_" }) else { return nil }
        return StoryKey(day: dayText.isEmpty ? nil : Int32(dayText), id: String(id))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
