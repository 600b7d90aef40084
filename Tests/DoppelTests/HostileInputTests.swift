import Foundation
import Testing
@testable import Doppel

/// Inputs shaped to make a parser super-linear (found by fuzzing, or the shapes each parser
/// invites): built here at test time, large enough that a quadratic step would take many seconds
/// even in a release build, and checked for the right output, not only for finishing.
@Suite struct HostileInputTests {
    static func repeated(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

    // MARK: Markdown and text

    @Test func deeplyNestedLinksKeepTheirText() {
        let n = 16_000
        let line = Self.repeated("[", n) + "link](x)" + Self.repeated("](x)", n - 1)
        #expect(Markdown.inline(line) == "link")
        #expect(TextBlocks.blocks(of: "Intro line.\n\n" + line).map(\.text) == ["Intro line.", "link"])
        #expect(Markdown.inline("a [b [c](x) d](y) e") == "a b c d e")
    }

    @Test func unclosedLinkTargetsStayAsWritten() {
        let opened = Self.repeated("[a](", 20_000)
        #expect(Markdown.inline(opened) == opened)
        let brackets = Self.repeated("word [ ", 20_000)
        #expect(Markdown.inline(brackets) == brackets)
        let images = Self.repeated("![", 20_000) + "x"
        #expect(Markdown.inline(images) == images)
        // The last of many links' targets closes: each earlier one finds it too, and is one link.
        #expect(Markdown.inline(Self.repeated("[a](", 3) + "x)") == "a")
    }

    @Test func longRunsOfMarkersAndAngleBracketsStay() {
        let stars = "a " + Self.repeated("*", 100_000) + " b"
        #expect(Markdown.inline(stars) == stars)
        let underscores = "x" + Self.repeated("_", 100_000) + "y"
        #expect(Markdown.inline(underscores) == underscores)
        #expect(Markdown.inline("**bold** and _it_ and snake_case, 2 * 3") == "bold and it and snake_case, 2 * 3")
        let angles = Self.repeated("<", 100_000)
        #expect(Markdown.inline(angles) == angles)
        // Each "<" before the one ">" starts an autolink candidate: one is read, the rest stay.
        let autolinks = Self.repeated("<", 50_000) + "http://x.example>"
        #expect(Markdown.inline(autolinks) == Self.repeated("<", 49_999) + "http://x.example")
    }

    @Test func aLongHardWrappedParagraphIsJoinedInLinearTime() {
        let first = Self.repeated("É", 60) + " b"
        let lines = Self.repeated("É b\n", 20_000)
        let blocks = TextBlocks.blocks(of: "Intro.\n\n" + first + "\n" + lines)
        #expect(blocks.count == 2)
        #expect(blocks[1].text == first + Self.repeated(" É b", 20_000))
    }
}
