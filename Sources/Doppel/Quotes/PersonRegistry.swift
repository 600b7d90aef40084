/// The people an article names, in the order it names them, so that later references — a
/// surname, "the minister", "he" — can be resolved to a full name.
struct PersonRegistry {
    struct Person {
        /// The longest form of the name seen ("Sergei Lavrov").
        var name: [String]
        /// Title words seen before the name ("foreign", "minister"), lowercased.
        var titles: Set<String>
        /// Position of the latest mention, to find the most recent person.
        var lastSeen: Int
        /// Whether this speaker is an organization or a publication ("White House", "Daily Ledger").
        var isOrganization = false
    }

    private(set) var people: [Person] = []
    /// The person who last spoke (was the subject of a speech verb or a quotation).
    var lastSpeaker: Int? {
        didSet { speakerPosition = sentence }
    }
    /// The sentence being read (its position), and the one where the last speaker spoke.
    var sentence = 0
    private var speakerPosition = 0
    /// The person the latest sentence opening with a person was about, and where.
    private var latestSubject: Int?
    private var subjectPosition = 0
    /// People by surname in comparison form, and by its first three letters (where spelling
    /// variants of a surname meet), so a look-up does not read everyone named.
    private var bySurname: [String: [Int]] = [:]
    private var bySurnameStart: [String: [Int]] = [:]
    /// For each title, the person last seen with it.
    private var byTitle: [String: Int] = [:]
    /// Organizations by their name in comparison form.
    private var organizations: [[String]: Int] = [:]
    /// The person (not an organization) last seen.
    private var latestPerson: Int?
    /// How many of the latest people of one surname, and of one surname start, a look-up
    /// compares: an article naming 20,000 people stays linear, and no real article comes near.
    static let lookUpWindow = 16

    /// Words that end names of places and organizations, not people.
    static let nonPersonEndings: Set<String> = Set("""
    house times office ministry department union party council committee court parliament
    congress senate agency bank group post news press center centre kremlin guardian street city
    states kingdom nations europe forces army police university institute association company
    corporation inc ltd organization organisation foundation fund airport station bridge
    authority port republic federation government administration reuters afp bloomberg
    county province region island islands ocean sea river valley coalition alliance nato
    monday tuesday wednesday thursday friday saturday sunday
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Records a mention of a name (title words already split off) at `position`; returns the
    /// person's index, or nil when the name looks like a place or an organization.
    @discardableResult
    mutating func observe(name: [String], titles: [String], at position: Int) -> Int? {
        guard let last = name.last?.lowercased(), !Self.nonPersonEndings.contains(last) else { return nil }
        if let i = find(name) {
            if name.count > people[i].name.count { people[i].name = name }
            people[i].titles.formUnion(titles.map { $0.lowercased() })
            seen(i, at: position)
            return i
        }
        // A lone capitalized word is a person only if used as one (a subject of speech).
        people.append(Person(name: name, titles: [], lastSeen: position))
        people[people.count - 1].titles = Set(titles.map { $0.lowercased() })
        let key = Normalizer.comparisonForm(name.last ?? "")
        bySurname[key, default: []].append(people.count - 1)
        bySurnameStart[String(key.prefix(3)), default: []].append(people.count - 1)
        seen(people.count - 1, at: position)
        return people.count - 1
    }

    /// Records that person `i` was seen at `position`.
    private mutating func seen(_ i: Int, at position: Int) {
        people[i].lastSeen = position
        // Of two seen at one position the one named first stays the latest.
        func later(_ current: Int?) -> Bool { current.map { people[$0].lastSeen < position || i < $0 } ?? true }
        for title in people[i].titles where later(byTitle[title]) { byTitle[title] = i }
        if !people[i].isOrganization, later(latestPerson) { latestPerson = i }
    }

    /// Records an organization that speaks ("the Harbor Authority said"); returns its index.
    mutating func observeOrganization(name: [String], at position: Int) -> Int {
        let key = name.map { Normalizer.comparisonForm($0) }
        if let i = organizations[key] {
            people[i].lastSeen = position
            return i
        }
        people.append(Person(name: name, titles: [], lastSeen: position, isOrganization: true))
        organizations[key] = people.count - 1
        return people.count - 1
    }

    /// Whether a name ends as the names of places and organizations do ("Harbor Authority").
    static func isOrganizationName(_ name: [String]) -> Bool {
        name.last.map { nonPersonEndings.contains($0.lowercased()) } ?? false
    }

    /// The person last seen whose surname matches the last word of `name`, allowing spelling
    /// variants, and whose given names agree with it (Melania Trump is not Donald Trump).
    func find(_ name: [String]) -> Int? {
        guard let surname = name.last else { return nil }
        let key = Normalizer.comparisonForm(surname)
        let candidates = Set((bySurname[key] ?? []).suffix(Self.lookUpWindow))
            .union((bySurnameStart[String(key.prefix(3))] ?? []).suffix(Self.lookUpWindow))
        return candidates.sorted().filter {
            !people[$0].isOrganization && SpeakerNames.sameSurname(people[$0].name.last ?? "", surname) && Self.givenNamesAgree(people[$0].name, name)
        }.max { people[$0].lastSeen < people[$1].lastSeen }
    }

    /// Whether two names of one surname can be one person: one gives no given name, or a given
    /// name of one is among the other's ("Donald Trump", "Republican Donald J. Trump").
    static func givenNamesAgree(_ a: [String], _ b: [String]) -> Bool {
        let given = { (name: [String]) in Set(name.dropLast().map { Normalizer.comparisonForm($0).filter(\.isLetter) }.filter { $0.count > 1 }) }
        let x = given(a), y = given(b)
        return x.isEmpty || y.isEmpty || !x.isDisjoint(with: y)
    }

    /// The most recent person with `title` among their titles ("minister" → the minister).
    func person(withTitle title: String) -> Int? { byTitle[title] }

    /// Who a pronoun most likely stands for: the subject of the latest sentence that opened with a
    /// person when that came after the last speaker (`Quist lost. He vowed “…”`), else the last
    /// speaker, else the last person named (never an organization). Preferring the newer subject
    /// raised the pronoun proxy of `scripts/bench-quotes` from 0.668 to 0.706 on the development
    /// part of PolNeAR and from 0.711 to 0.739 on the held-out part.
    func pronounReferent() -> Int? {
        if let latestSubject, subjectPosition > speakerPosition || lastSpeaker == nil { return latestSubject }
        if let lastSpeaker, !people[lastSpeaker].isOrganization { return lastSpeaker }
        return latestPerson
    }

    /// Records that `person` is the subject of the sentence being read.
    mutating func noteSubject(_ person: Int) {
        guard !people[person].isOrganization else { return }
        (latestSubject, subjectPosition) = (person, sentence)
    }

    func displayName(_ index: Int) -> String { people[index].name.joined(separator: " ") }
}

/// Comparison of speaker names across spellings (Zelensky / Zelenskyy).
public enum SpeakerNames {
    /// Whether two surnames are the same person's name in different spellings: equal ignoring
    /// case, one a prefix of the other but for at most two letters, or one edit apart when long.
    public static func sameSurname(_ a: String, _ b: String) -> Bool {
        sameSurname(Array(Normalizer.comparisonForm(a)), Array(Normalizer.comparisonForm(b)))
    }

    static func sameSurname(_ x: [Character], _ y: [Character]) -> Bool {
        if x == y { return true }
        guard min(x.count, y.count) >= 4 else { return false }
        let (short, long) = x.count <= y.count ? (x, y) : (y, x)
        if long.count - short.count <= 2 && Array(long.prefix(short.count)) == short { return true }
        return short.count >= 6 && editDistanceIsOne(short, long)
    }

    /// Whether two full names can be the same person: same surname and, when both give a first
    /// name, first names that agree on their first letter.
    public static func samePerson(_ a: String, _ b: String) -> Bool {
        Key(a).isSamePerson(as: Key(b))
    }

    /// A name prepared once for many comparisons.
    struct Key {
        /// The name's letters in comparison form ("Samir Al Hassan" → "samiralhassan").
        let letters: String
        /// The last word in comparison form, the first letter of the first word, and whether the
        /// name has more than one word.
        let surname: [Character]
        let initial: Character?
        let hasGivenName: Bool

        init(_ name: String) {
            letters = Normalizer.comparisonForm(name).filter(\.isLetter)
            let parts = name.split(separator: " ")
            surname = Array(Normalizer.comparisonForm(String(parts.last ?? "")))
            initial = parts.first?.first
            hasGivenName = parts.count > 1
        }

        func isSamePerson(as other: Key) -> Bool {
            if letters == other.letters { return true }  // "Samir Al Hassan" / "Samir Alhassan"
            guard !surname.isEmpty, !other.surname.isEmpty, SpeakerNames.sameSurname(surname, other.surname) else { return false }
            return !(hasGivenName && other.hasGivenName) || initial == other.initial
        }
    }

    static func editDistanceIsOne(_ a: [Character], _ b: [Character]) -> Bool {
        if a.count == b.count { return zip(a, b).filter { $0 != $1 }.count <= 1 }
        guard b.count == a.count + 1 else { return false }
        var i = 0
        while i < a.count && a[i] == b[i] { i += 1 }
        return a[i...] == b[(i + 1)...]
    }
}
