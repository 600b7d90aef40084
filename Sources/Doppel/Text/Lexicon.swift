/// Small word lists and a light stemmer shared by the analysis stages.
///
/// All words here are in comparison form (lowercase, ASCII apostrophes).
public enum Lexicon {
    /// English function words and reporting filler that carry no topic.
    public static let stopwords: Set<String> = Set("""
    a about above after again against all almost also although am among an and another any are
    around as at be because been before being below between both but by can could did do does
    doing down during each either else even ever every few for from further had has have having
    he her here hers herself him himself his how however i if in into is it its itself just
    least less like made make many may me might more most much must my myself near neither no
    nor not now of off often on once one only or other others our ours ourselves out over own
    per perhaps rather same shall she should since so some still such than that the their theirs
    them themselves then there these they this those though through thus to too toward towards
    under until up upon us very via was we were what whatever when where whether which while who
    whom whose why will with within without would yet you your yours yourself yourselves
    s t d ll re ve m said says say saying told tell tells according added adding
    mr mrs ms dr week weeks day days year years time times last first new
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Verbs (and their forms) that introduce reported speech.
    public static let speechVerbs: Set<String> = Set("""
    said says say saying told tell tells telling added adds adding stated stating noted noting
    asserted asserts asserting claimed claiming declared declares declaring explained explains
    explaining expressed mentioned insisted insists insisting argued argues arguing warned warns
    warning wrote writes writing remarked indicated suggested suggests suggesting announced
    announces announcing accused accuses accusing described describes describing urged urges
    urging replied responded responds responding commented emphasized emphasised emphasizing
    stressed stresses stressing acknowledged acknowledges acknowledging admitted admits admitting
    conceded concedes conceding confirmed confirms denied denies maintained maintains predicted
    predicts promised recalled recalls recalling remembered remembers reiterated reiterates observed observes
    continued continues demanded demanding tweeted posted vowed vows pledged pledges cautioned
    cautions cautioning contended contends countered lamented laments complained complains
    complaining asked asks asking rated hinted agreed answered shouted tweeting quipped quipping
    swiped swipes advised advises advising joked jokes joking concluded concludes concluding
    charged blasted blasts slammed slams scoffed scoffs mused muses wondered wonders boasted
    boasts bragged brags chimed grumbled groused griped snapped fumed exclaimed yelled screamed
    cried whispered sang chanted recounted reflected elaborated clarified assured assures
    reminded reminds informed retorted retorts interjected interrupted testified
    texted emailed messaged pointed pointing proclaimed proclaims calling pledging vowing
    promising predicting maintaining reiterating recounting boasting bragging lamenting
    criticized criticizes criticizing blasting slamming opined opines
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    // Third-person forms that are mostly plural nouns in news ("demands", "claims", "calls",
    // "comments", "states") are left out: they would make "Russia's demands" a speaker. They
    // are speech verbs only between a quotation and its speaker (`postQuoteVerbs`).

    /// Speech verbs that are also common plural nouns ("notes", "claims"): read as verbs only
    /// right after a quotation and its subject (`“…,” Moreau notes`).
    public static let postQuoteVerbs: Set<String> = Set("""
    notes claims comments states answers charges points remarks reports posts tweets counters
    replies demands quips reported
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Titles that may precede or stand for a person ("Foreign Minister", "the mayor").
    public static let titles: Set<String> = Set("""
    president minister secretary chancellor senator governor mayor spokesman spokeswoman
    spokesperson prime premier king queen prince general gen admiral colonel col captain capt
    chief director chairman chairwoman chair ambassador envoy commissioner judge justice
    representative rep sen gov lt sgt officer official leader head ceo founder professor prof
    dr mr mrs ms sir lord lady pope bishop foreign defense defence interior finance deputy vice
    former acting first lawmaker congressman congresswoman councillor councilor councilwoman
    councilman inspector engineer analyst economist attorney prosecutor sheriff commander
    executive manager mediator negotiator superintendent administrator coordinator organizer
    organiser lawyer researcher scientist expert treasurer auditor regulator ombudsman steward
    candidate nominee frontrunner strategist pollster aide adviser advisor activist host anchor
    columnist commentator consultant operative correspondent reporter editor author historian
    sociologist physician doctor pastor rabbi imam delegate chairperson
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Light suffix stripping so that inflected forms share a key ("guarantees" ~ "guarantee",
    /// "agreed" ~ "agreeing"). Not a linguistic stemmer: only a cheap, consistent key. ASCII
    /// words (nearly all of them) are cut as bytes; others by characters, with the same rules.
    public static func stem(_ word: String) -> String {
        guard word.utf8.allSatisfy({ $0 < 0x80 }) else { return stemCharacters(word) }
        let bytes = word.utf8
        var n = bytes.count
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard n >= count else { return false }
            return bytes.dropFirst(n - count).prefix(count).elementsEqual(
                UnsafeBufferPointer(start: suffix.utf8Start, count: count))
        }
        if ends("'s") { n -= 2 }
        var addY = false
        if n > 5 && ends("ies") {
            n -= 3
            addY = true
        } else if n > 5 && ends("ing") {
            n -= 3
        } else if n > 4 && ends("ed") {
            n -= 2
        } else if n > 3 && ends("s") && !ends("ss") && !ends("us") && !ends("is") {
            n -= 1
        }
        if !addY && n > 4 && ends("e") { n -= 1 }
        let kept = String(decoding: bytes.prefix(n), as: UTF8.self)
        return addY ? kept + "y" : kept
    }

    /// `stem` over characters, for words outside ASCII.
    static func stemCharacters(_ word: String) -> String {
        var w = Substring(word)
        if w.hasSuffix("'s") { w = w.dropLast(2) }
        if w.count > 5 && w.hasSuffix("ies") {
            w = w.dropLast(3) + "y"
        } else if w.count > 5 && w.hasSuffix("ing") {
            w = w.dropLast(3)
        } else if w.count > 4 && w.hasSuffix("ed") {
            w = w.dropLast(2)
        } else if w.count > 3 && w.hasSuffix("s") && !w.hasSuffix("ss") && !w.hasSuffix("us")
                    && !w.hasSuffix("is") {
            w = w.dropLast()
        }
        if w.count > 4 && w.hasSuffix("e") { w = w.dropLast() }
        return String(w)
    }
}
