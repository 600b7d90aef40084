import Foundation
import Testing
@testable import Doppel

/// Scans the example corpus and checks everything Doppel is meant to find in it
/// (`docs/examples.md` describes what each file is).
@Suite struct EndToEndTests {
    static let analysis: Analysis = {
        let documents = Ingestor().read([Fixtures.examples]) { problem in Issue.record("unexpected: \(problem)") }
        return Scanner().scan(documents)
    }()

    func relation(_ a: String, _ b: String) -> Relation? {
        Self.analysis.relations.first { Set([$0.a, $0.b]) == Set(["harbor-bridge/" + a, "harbor-bridge/" + b]) }
    }

    @Test func everyRelationKindIsFoundWithItsSource() {
        #expect(relation("01-original.txt", "03-syndicated.html")?.kind == .duplicate)
        let scraped = relation("01-original.txt", "02-scraped.md")
        #expect(scraped?.kind == .nearDuplicate)
        #expect(scraped?.source == "harbor-bridge/02-scraped.md")  // it states its date and URL
        for copy in ["01-original.txt", "02-scraped.md", "03-syndicated.html"] {
            let rewrite = relation(copy, "04-rewrite.txt")
            #expect(rewrite?.kind == .rewrite)
            #expect(rewrite?.source == "harbor-bridge/" + copy)
            #expect((rewrite?.evidence.count ?? 0) >= 8)
            #expect(relation(copy, "05-independent.txt")?.kind == .sameStory)
            #expect(relation(copy, "06-earlier.txt")?.kind == .related)
        }
        let library = Self.analysis.relations.first { $0.a == "other/08-followup.txt.gz" && $0.b == "other/09-library-copy.txt" }
        #expect(library?.kind == .nearDuplicate)
        #expect(!Self.analysis.relations.contains { $0.a.contains("07-") || $0.b.contains("07-") })
    }

    @Test func storiesGroupOneEventEach() {
        let groups = Set(Self.analysis.stories.map { Set($0.documents) })
        #expect(groups == [
            Set(["01-original.txt", "02-scraped.md", "03-syndicated.html", "04-rewrite.txt", "05-independent.txt"].map { "harbor-bridge/" + $0 }),
            ["harbor-bridge/06-earlier.txt"],
            ["other/07-unrelated.md"],
            ["other/08-followup.txt.gz", "other/09-library-copy.txt"],
        ])
        let bridge = Self.analysis.stories.first { $0.documents.count == 5 }
        #expect(bridge?.independentSources.contains("harbor-bridge/05-independent.txt") == true)
        #expect(bridge?.independentSources.count == 2)
        #expect(bridge?.original.map { ["harbor-bridge/02-scraped.md", "harbor-bridge/03-syndicated.html"].contains($0) } == true)
    }

    @Test func exactlyTheFourChangedQuotationsAreFlaggedWithTheirSpeakers() {
        let altered = Self.analysis.quotes.filter { $0.alteration != nil }
        #expect(altered.allSatisfy { $0.quotation.document == "harbor-bridge/04-rewrite.txt" })
        #expect(altered.map { $0.speaker ?? "-" } == ["Ana Ribeiro", "Ana Ribeiro", "Teresa Doyle", "Paulo Menezes"])
        #expect(altered.map(\.quotation.text).contains("utterly reckless"))
        #expect(altered.first { $0.quotation.text == "utterly reckless" }?.alteration?.diff == "[-completely irresponsible-] {+utterly reckless+}")
        let scare = Self.analysis.quotes.filter { !$0.quotation.isSpeech }.map(\.quotation.text)
        #expect(Set(scare) == ["temporary"])
    }

    @Test func boilerplateIsRemovedAndMetadataFound() {
        let byID = Dictionary(uniqueKeysWithValues: Self.analysis.documents.map { ($0.id, $0.article) })
        let original = byID["harbor-bridge/01-original.txt"]!
        #expect(!original.text.contains("newsletter") && !original.text.contains("Dear readers") && !original.text.contains("Remind me"))
        #expect(original.removed.count >= 10)
        let independent = byID["harbor-bridge/05-independent.txt"]!
        #expect(!independent.text.contains("audio player"))
        let scraped = byID["harbor-bridge/02-scraped.md"]!
        #expect(scraped.date?.iso == "2026-03-04")
        #expect(scraped.url == "https://www.portavejaherald.example/2026/03/04/harbor-bridge-closure")
        #expect(scraped.title == original.title)
        #expect(byID["harbor-bridge/03-syndicated.html"]?.publisher == "Coastline Wire")
    }

    @Test func textReportSaysWhatEachArticleStates() {
        let report = TextReport.scan(Self.analysis).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let original = report.firstIndex(of: "- harbor-bridge/01-original.txt")
        #expect(original.map { report[$0 + 1] } == "no date, URL or publisher stated")
        let scraped = report.firstIndex(of: "- harbor-bridge/02-scraped.md  [original]")
        #expect(scraped.map { report[$0 + 1] }?.hasPrefix("2026-03-04 · https://www.portavejaherald.example/") == true)
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let json = JSONReport.scan(Self.analysis).serialized()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(parsed.keys) == ["documents", "relations", "stories", "quotes"])
        let document = try #require((parsed["documents"] as? [[String: Any]])?.first)
        #expect(Set(["id", "title", "date", "url", "publisher", "text", "removed"]).isSubset(of: document.keys))
        let relation = try #require((parsed["relations"] as? [[String: Any]])?.first)
        #expect(Set(["a", "b", "kind", "score", "source", "reasons", "evidence"]).isSubset(of: relation.keys))
    }
}
