import Doppel
import DoppelSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import DoppelServer

/// Every route of `doppel serve`, in process, over an archive of `examples/`.
@Suite struct ServerTests {
    static let token = "test-token-1234"

    /// Runs `body` against a server over a fresh archive holding `examples/`.
    func withServer(token: String? = ServerTests.token, maxBodyBytes: Int = 1 << 20,
                    _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let archive = Archive(driver: try SQLiteArchive(path: dir.appendingPathComponent("news.db").path))
        var problems: [IngestProblem] = []
        _ = try archive.add(Ingestor().read([Fixtures.examples]) { problems.append($0) }, today: Day(iso: "2026-03-05")!)
        #expect(problems.isEmpty)
        let service = try ArchiveService(archive: archive)
        let router = try await Server.router(service: service, settings: ServerSettings(token: token, maxBodyBytes: maxBodyBytes))
        try await Application(router: router).test(.router, body)
    }

    /// The response's JSON object ([:] and a recorded issue when it is not one).
    func object(_ response: TestResponse) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] else {
            Issue.record("not a JSON object: \(String(buffer: response.body))")
            return [:]
        }
        return object
    }

    /// The code of the response's JSON error.
    func code(_ response: TestResponse) -> String? { (object(response)["error"] as? [String: Any])?["code"] as? String }

    func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    static let original = "harbor-bridge%2F01-original.txt"
    static let rewrite = "harbor-bridge%2F04-rewrite.txt"

    @Test func healthAndTheOpenAPIDocument() async throws {
        try await withServer { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(object(response)["articles"] as? Int == 9)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = object(response)
                #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = try #require(document["paths"] as? [String: Any])
                for path in ["/v1/articles", "/v1/articles/{id}", "/v1/articles/{id}/relations", "/v1/stories", "/v1/stories/{id}",
                             "/v1/compare", "/v1/quotes", "/v1/search", "/healthz"] {
                    #expect(paths[path] != nil, "\(path) is not in the OpenAPI document")
                }
            }
        }
    }

    @Test func metricsCountRequestsByRoutePatternAndStatus() async throws {
        try await withServer { client in
            for uri in ["/v1/articles/\(Self.original)", "/v1/articles/\(Self.rewrite)", "/v1/articles/nothing"] {
                try await client.execute(uri: uri, method: .get) { _ in }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let lines = text(response).split(separator: "\n").map(String.init)
                func value(_ prefix: String) -> String? {
                    lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                }
                // Two ids, one series: the route's pattern, not its path.
                #expect(value(#"doppel_http_requests_total{method="GET",route="/v1/articles/{id}",status="200"} "#) == "2")
                #expect(value(#"doppel_http_requests_total{method="GET",route="/v1/articles/{id}",status="404"} "#) == "1")
                #expect(value("doppel_archive_articles ").flatMap(Double.init) == 9)
                #expect(lines.contains { $0.hasPrefix("doppel_http_request_duration_seconds_bucket{") })
            }
        }
    }

    @Test func anArticleItsRelationsAndAMissingOne() async throws {
        try await withServer { client in
            try await client.execute(uri: "/v1/articles/\(Self.original)", method: .get) { response in
                let article = object(response)
                #expect(article["id"] as? String == "harbor-bridge/01-original.txt")
                #expect((article["removedReasons"] as? [String])?.contains("donation appeal") == true)
                #expect((article["quotes"] as? [Any])?.isEmpty == false)
                #expect((article["story"] as? String)?.hasPrefix("story-") == true)
            }
            try await client.execute(uri: "/v1/articles/\(Self.original)/relations", method: .get) { response in
                let relations = try #require(object(response)["relations"] as? [[String: Any]])
                #expect(relations.contains { $0["kind"] as? String == "rewrite" && $0["b"] as? String == "harbor-bridge/04-rewrite.txt" })
            }
            try await client.execute(uri: "/v1/articles/nothing.txt", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(object(response)["error"] as? [String: Any])
                #expect(error["code"] as? String == "no-such-article")
                #expect((error["message"] as? String)?.contains("nothing.txt") == true)
            }
        }
    }

    @Test func storiesArePagedWithCursorsAndFiltered() async throws {
        try await withServer { client in
            var ids: [String] = []
            var cursor: String?
            repeat {
                let uri = "/v1/stories?limit=1" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await client.execute(uri: uri, method: .get) { response in
                    let page = object(response)
                    let stories = try #require(page["stories"] as? [[String: Any]])
                    #expect(stories.count <= 1)
                    ids += stories.compactMap { $0["id"] as? String }
                    return page["next"] as? String
                }
            } while cursor != nil
            try await client.execute(uri: "/v1/stories", method: .get) { response in
                let all = try #require(object(response)["stories"] as? [[String: Any]])
                #expect(all.compactMap { $0["id"] as? String } == ids)
                #expect(ids.count == 4)
            }
            try await client.execute(uri: "/v1/stories?q=harbor%20bridge", method: .get) { response in
                let found = try #require(object(response)["stories"] as? [[String: Any]])
                #expect(!found.isEmpty && found.count < 4)
                #expect(found.allSatisfy { ($0["title"] as? String)?.lowercased().contains("harbor bridge") == true })
                #expect(found.allSatisfy { $0["documents"] == nil && $0["versions"] is Int && $0["sources"] is Int })
                let largest = found.max { $0["versions"] as? Int ?? 0 < $1["versions"] as? Int ?? 0 }
                let story = try #require(largest?["id"] as? String)
                try await client.execute(uri: "/v1/stories/\(story)", method: .get) { response in
                    let full = object(response)
                    #expect((full["articles"] as? [Any])?.count == 5)
                    #expect((full["documents"] as? [String])?.count == 5)
                    #expect((full["quotes"] as? [[String: Any]])?.allSatisfy { $0["altered"] is [String: Any] } == true)
                    #expect(full["alteredQuotes"] as? Int == 4)
                }
            }
            try await client.execute(uri: "/v1/stories?since=2030-01-01", method: .get) { response in
                #expect((object(response)["stories"] as? [Any])?.isEmpty == true)
            }
            // A cursor is a place in the list, even where no story stands any more.
            try await client.execute(uri: "/v1/stories?cursor=999999.gone", method: .get) { response in
                #expect((object(response)["stories"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ids)
            }
            try await client.execute(uri: "/v1/stories?cursor=.story-999", method: .get) { response in
                #expect((object(response)["stories"] as? [Any])?.isEmpty == true)
            }
            for bad in ["/v1/stories?since=yesterday", "/v1/stories?limit=0", "/v1/stories?cursor=zzz"] {
                try await client.execute(uri: bad, method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(code(response) == "bad-parameter")
                }
            }
            try await client.execute(uri: "/v1/stories/story-999", method: .get) { response in #expect(response.status == .notFound) }
        }
    }

    @Test func compareQuotesAndSearch() async throws {
        try await withServer { client in
            try await client.execute(uri: "/v1/compare?a=\(Self.original)&b=\(Self.rewrite)", method: .get) { response in
                let comparison = object(response)
                #expect(comparison["kind"] as? String == "rewrite")
                #expect((comparison["aligned"] as? [Any])?.isEmpty == false)
                #expect((comparison["quotes"] as? [[String: Any]])?.contains { $0["altered"] as? Bool == true } == true)
            }
            try await client.execute(uri: "/v1/compare?a=\(Self.original)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(code(response) == "missing-parameter")
            }
            try await client.execute(uri: "/v1/quotes?altered=true", method: .get) { response in
                let quotes = try #require(object(response)["quotes"] as? [[String: Any]])
                #expect(quotes.count == 4)
                #expect(quotes.allSatisfy { ($0["altered"] as? [String: Any])?["diff"] is String })
            }
            try await client.execute(uri: "/v1/quotes?altered=maybe", method: .get) { response in #expect(response.status == .badRequest) }
            try await client.execute(uri: "/v1/search?q=corroded", method: .get) { response in
                let found = try #require(object(response)["articles"] as? [[String: Any]])
                #expect(found.contains { $0["id"] as? String == "harbor-bridge/01-original.txt" })
            }
        }
    }

    @Test func writesNeedTheTokenAndAddWhatTheyCanReportingTheRest() async throws {
        try await withServer { client in
            let line = #"{"id":"posted.txt","title":"Old Harbor Bridge closed","text":"The port authority closed the Old Harbor Bridge on Wednesday after engineers found corroded cables."}"#
            let body = ByteBuffer(string: line + "\n{\"id\": \"bad.txt\"}\nnot json\n")
            try await client.execute(uri: "/v1/articles", method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/articles", method: .post, headers: [.authorization: "Bearer wrong-token-0000"], body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(code(response) == "unauthorized")
            }
            let auth: HTTPFields = [.authorization: "Bearer \(Self.token)"]
            try await client.execute(uri: "/v1/articles", method: .post, headers: auth, body: body) { response in
                #expect(response.status == .created)
                let result = object(response)
                #expect(result["added"] as? Int == 1)
                let problems = try #require(result["problems"] as? [[String: Any]])
                #expect(problems.count == 2)
                #expect(problems.allSatisfy { ($0["message"] as? String)?.contains("skipped") == true })
            }
            try await client.execute(uri: "/v1/articles/posted.txt", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/v1/articles", method: .post, headers: auth, body: ByteBuffer(string: "nothing here\n")) { response in
                #expect(response.status == .badRequest)
                #expect(code(response) == "bad-body")
            }
            try await client.execute(uri: "/v1/articles/posted.txt", method: .delete, headers: auth) { response in #expect(response.status == .noContent) }
            try await client.execute(uri: "/v1/articles/posted.txt", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/v1/articles/posted.txt", method: .delete, headers: auth) { response in #expect(response.status == .notFound) }
        }
    }

    @Test func recordsWithFieldsOfTheWrongTypeAreReportedByLineAndOtherMethodsAre405() async throws {
        try await withServer { client in
            let lines = [#"{"text": "A ferry left the harbour at noon.", "date": true}"#, #"{"html": "", "text": "x"}"#,
                         #"{"title": "no body"}"#, #"{"text": "A bakery opened.", "date": "soon"}"#,
                         #"{"id": "ok.txt", "text": "The ferry left the harbour at noon with forty passengers."}"#,
                         #"{"id": "nulls.txt", "title": null, "url": null, "date": null, "text": "A second ferry left the harbour at dusk."}"#,
                         #"{"id": null, "text": "A null id is not an id."}"#]
            let body = ByteBuffer(string: lines.joined(separator: "\n"))
            try await client.execute(uri: "/v1/articles", method: .post, headers: [.authorization: "Bearer \(Self.token)"], body: body) { response in
                let result = object(response)
                #expect(result["added"] as? Int == 2)  // null title, url and date are absent ones
                let messages = (result["problems"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
                #expect(messages.count == 5)
                #expect(messages.first?.hasSuffix(":1: skipped: \"date\" is not a string or null") == true)
                #expect(messages.contains { $0.hasSuffix(":7: skipped: \"id\" is not a string") })
                #expect(messages.contains { $0.hasSuffix(":2: skipped: \"html\" is empty") })
                #expect(messages.contains { $0.hasSuffix(":3: skipped: no \"text\" or \"html\" string") })
                #expect(messages.contains { $0.contains(":4: skipped: \"date\" is not a day") })
            }
            try await client.execute(uri: "/v1/stories", method: .put) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(code(response) == "method-not-allowed")
            }
        }
    }

    @Test func aSingleJSONArticleSpanningLinesIsOneArticle() async throws {
        try await withServer { client in
            let body = ByteBuffer(string: "{\n  \"title\": \"A ferry\",\n  \"text\": \"The ferry left the harbour at noon with forty passengers.\"\n}")
            try await client.execute(uri: "/v1/articles", method: .post,
                                     headers: [.authorization: "Bearer \(Self.token)", .contentType: "application/json"], body: body) { response in
                #expect(response.status == .created)
                let articles = try #require(object(response)["articles"] as? [[String: Any]])
                #expect(articles.count == 1)
            }
        }
    }

    @Test func anOversizedBodyIs413AndWritesWithoutATokenAreRefused() async throws {
        try await withServer(maxBodyBytes: 64) { client in
            let body = ByteBuffer(string: String(repeating: "x", count: 1000))
            try await client.execute(uri: "/v1/articles", method: .post, headers: [.authorization: "Bearer \(Self.token)"], body: body) { response in
                #expect(response.status == .contentTooLarge)
                #expect(code(response) == "body-too-large")
            }
        }
        try await withServer(token: nil) { client in
            try await client.execute(uri: "/v1/articles/x.txt", method: .delete, headers: [.authorization: "Bearer anything"]) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func thePagesShowStoriesArticlesAndTheSideBySideComparison() async throws {
        try await withServer { client in
            let home = try await client.execute(uri: "/", method: .get) { text($0) }
            #expect(home.contains("Port authority votes to close Old Harbor Bridge"))
            #expect(home.contains("altered quotation"))
            let story = try #require(home.firstMatch(of: #/href="/stories/(story-\d+)">Port authority/#)?.output.1)
            let storyPage = try await client.execute(uri: "/stories/\(story)", method: .get) { text($0) }
            #expect(storyPage.contains("class=\"badge\">original"))
            #expect(storyPage.contains("Copy family of"))
            #expect(storyPage.contains("<del>") && storyPage.contains("<ins>"))
            let article = try await client.execute(uri: "/articles/\(Self.original)", method: .get) { text($0) }
            #expect(article.contains("blocks removed as boilerplate"))
            #expect(article.contains("donation appeal"))
            #expect(article.contains("/compare?a=harbor-bridge%2F01-original.txt&amp;b="))
            let compare = try await client.execute(uri: "/compare?a=harbor-bridge%2F02-scraped.md&b=harbor-bridge%2F03-syndicated.html", method: .get) { text($0) }
            #expect(compare.contains("near-duplicate"))
            #expect(compare.contains("<mark data-passage=\"0\">"))
            let rewrite = try await client.execute(uri: "/compare?a=\(Self.original)&b=\(Self.rewrite)", method: .get) { text($0) }
            #expect(rewrite.contains("class=\"quote altered\""))
            let search = try await client.execute(uri: "/search?q=corroded", method: .get) { text($0) }
            #expect(search.contains("/articles/harbor-bridge%2F01-original.txt"))
            try await client.execute(uri: "/static/style.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css")
            }
            try await client.execute(uri: "/articles/none.txt", method: .get) { response in #expect(response.status == .notFound) }
        }
    }

    @Test func htmlIsEscapedAndPassagesMarked() {
        #expect(Markup.escape("<b>\"Tom & Jerry's\"</b>") == "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;")
        #expect(Markup.marked("One two.\n\nThree four.", [4..<7]) == "<p>One <mark data-passage=\"0\">two</mark>.</p><p>Three four.</p>")
        #expect(Markup.diff("said [-was-] {+is+} <fine>") == "said <del>was</del> <ins>is</ins> &lt;fine&gt;")
        #expect(constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        for key in [StoryKey(day: 20_517, id: "story-12"), StoryKey(day: nil, id: "story-3"), StoryKey(day: -4, id: "s")] {
            #expect(Cursor.decode(Cursor.encode(key)) == key)
        }
        for bad in ["", "zzz", "12", "1.", "x.story-1", "12345678.story-1", "-.story-1", "1.story 1"] { #expect(Cursor.decode(bad) == nil, "\(bad)") }
    }
}
