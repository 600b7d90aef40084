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
    warning wrote writes writing remarked indicated suggested suggests announced accused accuses
    accusing described describes describing urged urging replied responded commented
    emphasized emphasised emphasizing stressed stressing acknowledged admitted admits conceded
    confirmed confirms denied denies maintained predicted promised recalled recalls reiterated
    observed continued demanded demanding tweeted posted vowed pledged cautioned contended
    countered lamented complained asked rated hinted agreed answered shouted
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    // Third-person forms that are mostly plural nouns in news ("demands", "claims", "calls",
    // "comments", "states") are left out: they would make "Russia's demands" a speaker.

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
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Light suffix stripping so that inflected forms share a key ("guarantees" ~ "guarantee",
    /// "agreed" ~ "agreeing"). Not a linguistic stemmer: only a cheap, consistent key.
    public static func stem(_ word: String) -> String {
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
