import Foundation
import Testing
@testable import Doppel

@Suite struct ExtractTests {
    static let scraped = """
    Support The Valley Courier!

    Council Approves New Tram Line After Long Debate

    Councillor Ines Paredes. valleycourier.example

    The city council approved a new tram line on Tuesday after a debate that lasted nine hours, ending two years of planning.

    “This line will change how people get to work,” Mayor Oskar Lind said after the vote.

    Opponents said the 240 million euro budget was too optimistic and warned of delays.

    Reporting by Ana Costa.

    Sign up for our weekly newsletter

    Get the week's best stories in your inbox every Monday.

    Dear readers,

    We rely on you to keep our reporting free. Our newsroom is small and our work depends on your support.

    Please support us monthly from just $4. Every contribution counts.

    Once
    Monthly
    Continue

    Remind me later.

    Read more
    """

    @Test func removesBoilerplateAndKeepsItForAudit() {
        let article = Fixtures.article(Self.scraped)
        #expect(article.title == "Council Approves New Tram Line After Long Debate")
        #expect(article.paragraphs.count == 4)
        #expect(article.paragraphs.first?.hasPrefix("The city council approved") == true)
        #expect(article.paragraphs.last == "Reporting by Ana Costa.")
        #expect(!article.text.contains("newsletter") && !article.text.contains("Dear readers") && !article.text.contains("Monthly"))
        let removed = article.removed.map(\.text)
        #expect(removed.contains("Sign up for our weekly newsletter"))
        #expect(removed.contains("We rely on you to keep our reporting free. Our newsroom is small and our work depends on your support."))
        #expect(removed.contains("Councillor Ines Paredes. valleycourier.example"))
        #expect(article.removed.first { $0.text == "Councillor Ines Paredes. valleycourier.example" }?.reason == .photoCredit)
        #expect(article.publisher == "The Valley Courier")
    }

    @Test func readsMarkdownMetadataAndStripsMarkup() {
        let markdown = """
        # Tram Line Approved

        March 3, 2026

        The council **approved** the [new line](https://example.org/line) on Tuesday, officials said in a statement.

        **Related article: [Budget row deepens](#)**

        Work starts in May and is *expected* to last three years, the transport office said.

        Original url:

        <https://www.valleycourier.example/2026/03/03/tram>
        """
        let article = Fixtures.article(markdown, id: "t.md", format: .markdown)
        #expect(article.title == "Tram Line Approved")
        #expect(article.date?.iso == "2026-03-03")
        #expect(article.url == "https://www.valleycourier.example/2026/03/03/tram")
        #expect(article.paragraphs == [
            "The council approved the new line on Tuesday, officials said in a statement.",
            "Work starts in May and is expected to last three years, the transport office said.",
        ])
        #expect(article.removed.map(\.reason) == [.dateLine, .relatedLink, .urlLine, .urlLine])
    }

    @Test func joinsHardWrappedLinesAndKeepsOneLinePerParagraphText() {
        let wrapped = "A Title For The Piece\n\nThe first paragraph was wrapped by an old\nmail client at a fixed width and continues here.\n\nSecond paragraph."
        #expect(Fixtures.article(wrapped).paragraphs.first == "The first paragraph was wrapped by an old mail client at a fixed width and continues here.")
        let unwrapped = "Getting your audio player ready...\n|\nFirst paragraph of running text that is long enough to be prose for sure.\nSecond paragraph, also a full sentence of prose in this test."
        let article = Fixtures.article(unwrapped)
        #expect(article.paragraphs.count == 2)
        #expect(article.removed.map(\.reason) == [.audioPlayer, .punctuationOnly])
    }

    @Test func readsScraperHeaderLabels() {
        let scraped = "Title: Council backs tram plan\n\nURL Source: https://news.example/tram\n\n"
            + "Published Time: 2026-03-03T21:10:00Z\n\nMarkdown Content:\n"
            + "The council approved the new tram line late on Tuesday after a nine-hour debate, officials said."
        let article = Fixtures.article(scraped, id: "j.md", format: .markdown)
        #expect(article.title == "Council backs tram plan")
        #expect(article.url == "https://news.example/tram")
        #expect(article.date?.iso == "2026-03-03")
        #expect(article.paragraphs.count == 1)
    }

    @Test func daysReadBackAsWrittenAcrossCenturiesAndLeapYears() {
        for number in stride(from: Int32(-719_162), through: 2_900_000, by: 997) {  // years 1 to 9909
            let day = Day(number: number)
            let (year, month, dayOfMonth) = day.components
            #expect(Day(year: year, month: month, day: dayOfMonth) == day)
            if year >= 1000 { #expect(Day(iso: day.iso) == day) }
        }
        #expect(Day(iso: "2000-02-29") != nil && Day(iso: "1900-02-29") == nil && Day(iso: "2024-02-29")!.days(to: Day(iso: "2024-03-01")!) == 1)
        #expect(Day(isoPrefix: "2026-03-14T08:30:00Z".utf8)?.iso == "2026-03-14" && Day(iso: "2026-03-14T08") == nil)
    }

    @Test func findsDatesInCommonFormatsAndNeverInTheFuture() {
        #expect(DateParser.firstDate(in: "Published 21 Aug 2025, 10:04")?.iso == "2025-08-21")
        #expect(DateParser.firstDate(in: "Aug. 21, 2025")?.iso == "2025-08-21")
        #expect(DateParser.firstDate(in: "2025-08-21T09:00:00Z")?.iso == "2025-08-21")
        #expect(DateParser.firstDate(in: "https://x.example/2024/02/29/story")?.iso == "2024-02-29")
        #expect(DateParser.firstDate(in: "February 30, 2024")?.iso == nil)
        #expect(DateParser.firstDate(in: "July 4, 2099")?.iso == nil)
    }

    @Test func readsDayFirstNumericAndWrittenDates() {
        let latest = Date(timeIntervalSince1970: 1_900_000_000)  // 2030-03-17
        func date(_ text: String) -> String? { DateParser.firstDate(in: text, latest: Day(latest))?.iso }
        #expect(date("20.03.2017") == "2017-03-20")
        #expect(date("Date 20.03.2017 Author Jane Doe") == "2017-03-20")
        #expect(date("20.03.2017 | Permalink https://news.example/p/x1") == "2017-03-20")
        #expect(date("20-03-2017") == "2017-03-20")
        #expect(date("5.3.2017") == "2017-03-05")
        #expect(date("Filed 20/03/2017") == "2017-03-20")  // a > 12: day first
        #expect(date("Filed 03/20/2017") == "2017-03-20")  // b > 12: month first
        #expect(date("Monday, 20 March 2017") == "2017-03-20")
        #expect(date("March 20, 2017") == "2017-03-20")
        #expect(date("20 March 2017") == "2017-03-20")
        #expect(date("Mon 20 Mar 2017") == "2017-03-20")
        #expect(date("Updated 20 March 2017 10:31 GMT") == "2017-03-20")
        #expect(date("Monday 20th March 2017") == "2017-03-20")
        #expect(date("HARBOURTOWN, March 20, 2017 (Wire) - The ferry resumed service.") == "2017-03-20")
        // The earliest date in the text wins between the numeric and the written forms.
        #expect(date("20.03.2017, updated 21 March 2017") == "2017-03-20")
    }

    @Test func skipsAmbiguousImpossibleAndFutureNumericDates() {
        let latest = Date(timeIntervalSince1970: 1_900_000_000)  // 2030-03-17
        func date(_ text: String) -> String? { DateParser.firstDate(in: text, latest: Day(latest))?.iso }
        #expect(date("31.02.2017") == nil)
        #expect(date("29.02.2017") == nil)
        #expect(date("29.02.2016") == "2016-02-29")
        #expect(date("20.03.2099") == nil)
        #expect(date("20.03.2099 and 19.03.2017") == "2017-03-19")
        // Slashed with both numbers at most 12: read only when the text settles the order.
        #expect(date("Filed 04/03/2017") == nil)
        #expect(date("Filed 04/03/2017, revised 21.03.2017") == "2017-03-04")
        #expect(date("Filed 04/03/2017, revised 03/21/2017") == "2017-04-03")
        #expect(date("Filed 03/03/2017") == "2017-03-03")
        // Not dates: versions, addresses and longer runs of numbers.
        #expect(date("version 1.20.03.2017") == nil)
        #expect(date("host 10.10.2010.5") == nil)
        #expect(date("ref 120.03.2017") == nil)
    }

    @Test func readsADatelineWithANumericDateAsTheArticleDate() {
        let text = """
        Ferry Service Resumes After Storm Repairs

        Date 20.03.2017 Author Jane Doe

        The harbour ferry resumed its crossings on Monday after a week of repairs to the storm-damaged pier.
        """
        let article = Fixtures.article(text)
        #expect(article.date?.iso == "2017-03-20")
        #expect(article.removed.map(\.reason) == [.dateLine])
    }

    @Test func removesShareBarsAndKeepsSentencesAboutNetworks() {
        let text = """
        Ferry Service Resumes After Storm Repairs

        The harbour ferry resumed its crossings on Monday after a week of repairs to the pier. Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit Newsvine Permalink https://news.example/p/4xYz

        Share this article: Facebook Twitter Email

        Facebook Twitter WhatsApp

        Permalink https://news.example/p/9qRs

        The operator said on Facebook that Twitter users had reported delays, and Google, Facebook and Twitter carried the notice.

        Commuters shared photos of the first crossing on Facebook and Twitter within minutes.
        """
        let article = Fixtures.article(text)
        #expect(article.paragraphs == [
            "The harbour ferry resumed its crossings on Monday after a week of repairs to the pier.",
            "The operator said on Facebook that Twitter users had reported delays, and Google, Facebook and Twitter carried the notice.",
            "Commuters shared photos of the first crossing on Facebook and Twitter within minutes.",
        ])
        let bars = article.removed.filter { $0.reason == .shareWidget }.map(\.text)
        #expect(bars == [
            "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit Newsvine Permalink https://news.example/p/4xYz",
            "Share this article: Facebook Twitter Email",
            "Facebook Twitter WhatsApp",
            "Permalink https://news.example/p/9qRs",
        ])
    }

    @Test func cutsAShareBarOutOfTheMiddleOfAParagraph() {
        let glued = "The pier reopened on Monday. Send Facebook Twitter Permalink https://news.example/p/1 "
            + "Earlier, the council voted to fund the repairs after a long debate about the harbour budget."
        let article = Fixtures.article("Pier Reopens After Repairs\n\n" + glued)
        #expect(article.paragraphs == [
            "The pier reopened on Monday.",
            "Earlier, the council voted to fund the repairs after a long debate about the harbour budget.",
        ])
        #expect(article.removed.map(\.text) == ["Send Facebook Twitter Permalink https://news.example/p/1"])
        // Two network names in a sentence, without a share button, are reporting.
        #expect(ShareWidget.spans(in: "Organisers planned the march in a Telegram WhatsApp group, police said.").isEmpty)
        // A lowercase "permalink" inside a sentence is a word, not a label.
        #expect(ShareWidget.spans(in: "The old permalink https://news.example/p/2 still works, the editor said.").isEmpty)
    }

    @Test func extractsAnHTMLPageThroughTheSameCleaner() {
        let html = """
        <html><head><title>Tram line approved | Valley Courier</title>
        <meta property="og:site_name" content="Valley Courier">
        <meta property="article:published_time" content="2026-03-03T08:00:00Z">
        <link rel="canonical" href="https://valleycourier.example/tram"></head>
        <body><nav><a href="/">Home</a><a href="/news">News</a></nav>
        <article><h1>Tram line approved</h1>
        <p>The council approved the new line on Tuesday after a long debate.</p>
        <p>“It will change the city,” the mayor said.<p>Unclosed paragraph still counts as text here.
        <div class="share-bar">Share on Facebook</div></article>
        <footer>© 2026 Valley Courier. All rights reserved.</footer></body></html>
        """
        let article = Fixtures.article(html, id: "p.html", format: .html)
        #expect(article.title == "Tram line approved")
        #expect(article.date?.iso == "2026-03-03")
        #expect(article.url == "https://valleycourier.example/tram")
        #expect(article.publisher == "Valley Courier")
        #expect(article.paragraphs == [
            "The council approved the new line on Tuesday after a long debate.",
            "“It will change the city,” the mayor said.",
            "Unclosed paragraph still counts as text here.",
        ])
    }

    @Test func survivesMalformedAndDeeplyNestedHTML() {
        let nested = String(repeating: "<div>", count: 10_000) + "<p>Deep text survives here.</p>"
        #expect(Fixtures.article(nested, format: .html).paragraphs == ["Deep text survives here."])
        let garbage = String(decoding: (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        let article = Fixtures.article(garbage, format: .html)  // must not crash or hang
        #expect(article.paragraphs.allSatisfy { !$0.isEmpty })
    }

    @Test func recoversTextFromUnclosedTags() {
        let page = "<html><head><title>Storm closes the harbor</title><body><article><h1>Storm closes the harbor"
            + "<p>The harbor closed on Monday after the storm broke two moorings and flooded the quay road."
            + "<p>Crews worked through the night to <b>secure the <i>ferries</article><div class=footer>About us"
        let article = Fixtures.article(page, format: .html)
        #expect(article.title == "Storm closes the harbor")
        #expect(article.paragraphs.first?.hasPrefix("The harbor closed on Monday") == true)
        #expect(article.paragraphs.contains { $0.hasPrefix("Crews worked through the night to secure the ferries") })
    }

    @Test func handlesAHundredMegabytePageAndBinaryNamedHTML() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        // 100 MB: an article followed by a flood of comment boxes.
        let story = "<article><h1>Bridge opens</h1><p>The new bridge opened to traffic on Tuesday after four years of work on the river crossing.</p></article>"
        let comment = "<div class=\"comment\"><p>First! Great bridge, see my site for deals.</p></div>\n"
        var page = "<html><body>" + story
        page.reserveCapacity(100 << 20 + 1000)
        while page.utf8.count < 100 << 20 { page += comment }
        page += "</body></html>"
        try page.write(to: dir.appendingPathComponent("huge.html"), atomically: false, encoding: .utf8)
        var garbage = [UInt8](repeating: 0, count: 1 << 16)
        for i in garbage.indices { garbage[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
        try Data(garbage).write(to: dir.appendingPathComponent("garbage.html"))

        // By default a page over 16 MiB is skipped with its reason; allowed, it is parsed whole.
        var problems: [IngestProblem] = []
        #expect(Ingestor().read([dir.path]) { problems.append($0) }.isEmpty)
        #expect(problems.map(\.reason).sorted() == ["binary content, not text", "larger than the 16 MiB article limit"])
        let huge = try #require(Ingestor(maxBytes: 128 << 20).read(file: dir.appendingPathComponent("huge.html").path, id: "huge.html") { _ in })
        let article = Extractor.extract(huge)
        #expect(article.title == "Bridge opens")
        #expect(article.paragraphs.first?.hasPrefix("The new bridge opened") == true)
    }

    @Test func reEncodingDamageToQuotesApostrophesAndDashesIsRepaired() {
        let damaged = "The pilots\"?union said the plan \"was fine,\"?he added. Fares rose \"? and fell. They don\"t know; we\"ve seen it."
        #expect(Mojibake.repaired(damaged)
                == "The pilots' union said the plan \"was fine,\" he added. Fares rose — and fell. They don't know; we've seen it.")
        let sound = "She asked \"why?\" and left. \"Is it \"safe\"?\" he said."
        #expect(Mojibake.repaired(sound) == sound)
    }
}
