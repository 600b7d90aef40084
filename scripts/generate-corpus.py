#!/usr/bin/env python3
"""Generate a synthetic news corpus for Doppel scaling benchmarks.

    python3 scripts/generate-corpus.py --out DIR --count N --seed S [--manifest FILE]

Each story is a lead plus 6-11 body paragraphs drawn from examples/harbor-bridge/*.txt|*.md
(read at run time), with some sentences dropped and people, places, topic words, numbers,
weekdays and vocabulary re-skinned. ~30% of stories get 2-11 derived copies (boilerplate,
light word edits, dropped paragraphs): ~N files in ~N/3 stories, deterministic per seed,
written in shuffled order to DIR/0000/, DIR/0001/, ... (1000 files per folder).
"""
import argparse, random, re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "harbor-bridge"

# The first 10 first names and 11 surnames are the ones used in the examples.
FIRST = """Ana Samir Teresa Rui Paulo Helena Jorge Marta Joel Inês Lena Omar Grace Tomás Priya Viktor Aisha
    Daniel Sofia Kwame Mei Hugo Nadia Pavel Leila Ewan Carmen Idris Freya Malik""".split()
LAST = """Ribeiro Al-Hassan Alhassan Doyle Castanheira Menezes Vasconcelos Amaral Quintal Brandt Farrow Okafor
    Lindqvist Moreau Haddad Novak Brennan Sato Kowalczyk Achebe Duarte Whitlock Pereira Rahman Fischer
    Delgado Osei Marchetti Nyberg Kaur Tanaka Varga Costa Mbeki Halloran""".split()
TOWNS = """Brinmouth Selvara Oskarsvik Marrowgate Tidewell Ferrano Lochmere Vallecruz Ashcombe Northreach
    Dunmarrow Saltcoast Riverend Calderby""".split()
DISTRICTS = ["Gull Point", "East Docks", "Marsh End", "Lantern Quay", "Redcliff", "Stonehaven", "Ironside", "Westmoor"]
STREETS = ["Mill Road", "Harbour Row", "Chandler Lane", "Dock Avenue", "Tanner Street", "Ropewalk", "Bell Street"]
LANDMARKS = ["North Quay", "Riverside", "Kingsway", "Saltmarsh", "Victoria", "Lighthouse", "Eastgate", "Jubilee"]
FIRMS = ["Corrigan Lowe", "Bratt & Cole", "Stenhouse Partners", "Keel & Arden", "Vortan Consult"]
STRUCTURES = ["bridge", "viaduct", "tunnel", "causeway", "flyover", "overpass", "pier"]
PARTS = [("cables", "cable"), ("girders", "girder"), ("bearings", "bearing"), ("tendons", "tendon"), ("beams", "beam")]
DEFECTS = ["corrosion", "cracking", "metal fatigue", "water damage", "subsidence"]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# Vocabulary variants: the first word occurs in the examples; each story picks one per line.
VARIANTS = [v.split() for v in """said stated noted added|told informed|officials authorities|vehicles cars
    report study review assessment|repairs works|closure shutdown|board council committee|warned cautioned
    workers employees staff|city town|people residents locals|demanded insisted|found discovered identified
    engineers inspectors surveyors|expected due|extra additional|drivers motorists|roughly approximately around
    meeting session hearing|crossing link route|terminal port yard|government administration executive
    inspection survey examination|main primary principal|limit restriction cap|during throughout
    public community|ferry boat launch|reporters journalists|about around|full complete""".split("|")]
HEADERS = ["Share this article", "Follow us on X", "Support independent local journalism!",
           "Listen to this article", "Advertisement", "Getting your audio player ready..."]
FOOTERS = ["Sign up for our weekly newsletter", "Subscribers agree to the Privacy Policy.", "Read more",
           "Not ready to support today?\n\nRemind me later.", "Related stories", "© 2026 All rights reserved."]
END = re.compile(r"^\W*(Reporting by|Reported by|Original url|Sign up|\S+ \S+ contributed reporting)")
NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|(?<=[.!?]”)\s+(?=[A-Z“\"])")


def load_templates():
    """Return (lead paragraphs, body paragraphs, titles) from the example articles, deduplicated."""
    leads, bodies, titles, seen = [], [], [], set()
    for path in sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".txt", ".md")):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", path.read_text(encoding="utf-8"))  # md links
        title, first = None, True
        for block in re.split(r"\n\s*\n|\n(?=\S)", text):
            block = re.sub(r"^[#*\s]+|[*\s]+$", "", block)
            if END.match(block):
                break  # attribution line; boilerplate follows
            if title is None and len(block.split()) >= 6 and not block.endswith((".", "!")):
                title = block  # first line of 6+ words without final punctuation, e.g. "# Title"
            elif len(block.split()) >= 12:  # skips chrome, credits, subheadings, datelines
                key = re.sub(r"\W", "", block.lower())[:60]  # 01 and 02 differ only in quotes/links
                if key not in seen:
                    seen.add(key)
                    (leads if first else bodies).append(block)
                first = False
        titles += [title] if title and title not in titles else []
    return leads, bodies, titles


def make_skin(rng):
    """Return a function that re-skins text for one story (consistently across its paragraphs)."""
    table = {f: rng.choice(FIRST) for f in FIRST[:10]}
    new = rng.sample(LAST[11:], 10)
    table.update(zip(LAST[:11], new[:2] + new[1:]))  # Al-Hassan and Alhassan stay one person
    table.update({"Portaveja": rng.choice(TOWNS), "Punta Sal": rng.choice(DISTRICTS),
                  "Quay Street": rng.choice(STREETS), "Halden & Marsh": rng.choice(FIRMS)})
    table.update(zip(["Old Harbor", "Salgado", "Bayline"], rng.sample(LANDMARKS, 3)))
    s, shift = rng.choice(STRUCTURES), rng.randrange(7)
    table.update({"bridge": s, "Bridge": s.title(), "bridges": s + "s", "corrosion": rng.choice(DEFECTS)})
    table.update(zip(["cables", "cable"], rng.choice(PARTS)))
    table.update({d: DAYS[(i + shift) % 7] for i, d in enumerate(DAYS)})
    table.update({v[0]: rng.choice(v) for v in VARIANTS})
    words = re.compile(r"\b(" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")\b", re.I)
    lower, year, scale, seen = {k.lower(): v for k, v in table.items()}, rng.randint(-12, 6), rng.uniform(0.4, 2.5), {}
    def word(m):  # whole-word replacement, preserving UPPER / Capitalised case
        src = m.group(0)
        dst = table.get(src) or lower.get(src.lower(), src)
        return dst.upper() if src.isupper() else dst[0].upper() + dst[1:] if src[0].isupper() else dst
    def number(m):  # years shift, numbers > 12 are rescaled, small ones (times, votes) kept
        if m.group(0) not in seen:
            n = int(m.group(0).replace(",", ""))
            n = n + year if 1900 <= n <= 2099 else max(13, round(n * scale)) if n > 12 else n
            seen[m.group(0)] = f"{n:,}" if "," in m.group(0) or n >= 10000 else str(n)
        return seen[m.group(0)]
    return lambda text: NUMBER.sub(number, words.sub(word, text))


def make_story(rng, leads, bodies, titles):
    """One distinct story: a lead plus 6-11 body paragraphs, some sentences dropped, re-skinned."""
    paras = [rng.choice(leads)] + rng.sample(bodies, min(len(bodies), rng.randint(6, 11)))
    for i, p in enumerate(paras[1:], 1):
        sents = SENTENCE.split(p)
        if len(sents) > 1 and rng.random() < 0.4:
            del sents[rng.randrange(len(sents))]
            paras[i] = " ".join(sents)
    skin = make_skin(rng)
    return [skin(rng.choice(titles))] + [skin(p) for p in paras]


def derive(rng, story):
    """A derived copy: boilerplate plus, optionally, a few word swaps and/or dropped paragraphs."""
    title, paras = story[0], list(story[1:])
    kind = rng.choice(["verbatim", "edited", "trimmed", "edited+trimmed"])
    for _ in range(rng.randint(1, 3) if "edited" in kind else 0):
        i = rng.randrange(len(paras))
        group = rng.choice(VARIANTS)
        for w in (w for w in group if re.search(rf"\b{w}\b", paras[i])):  # swap one word for a variant
            paras[i] = re.sub(rf"\b{w}\b", rng.choice([v for v in group if v != w]), paras[i], count=1)
            break
    for _ in range(rng.randint(1, 3) if "trimmed" in kind and len(paras) > 4 else 0):
        paras.pop(rng.randrange(1, len(paras)))
    head = rng.sample(HEADERS, rng.randint(0, 2))
    foot = rng.sample(FOOTERS, rng.randint(1 if kind == "verbatim" else 0, 3))
    return kind, head + [title] + paras + foot


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path, help="output folder")
    ap.add_argument("--count", required=True, type=int, help="number of files")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--manifest", type=Path, help="optional TSV of path, story id, kind")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    slots = list(range(args.count))
    rng.shuffle(slots)  # file k goes to slot slots[k], so a story's copies scatter across folders
    leads, bodies, titles = load_templates()
    rows, stories = [], 0  # rows: (slot, story id, kind)
    for folder in range((args.count + 999) // 1000):
        (args.out / f"{folder:04d}").mkdir(parents=True, exist_ok=True)
    def write(sid, kind, blocks):
        if len(rows) < args.count:
            slot = slots[len(rows)]
            path = args.out / f"{slot // 1000:04d}" / f"{slot:07d}.txt"
            path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
            rows.append((slot, sid, kind))
    while len(rows) < args.count:
        story = make_story(rng, leads, bodies, titles)
        write(stories, "original", story)
        if rng.random() < 0.3:  # 30% of stories get 2-11 copies: ~3 files per story on average
            for _ in range(rng.randint(2, 11)):
                write(stories, *derive(rng, story))
        stories += 1
    if args.manifest:
        args.manifest.write_text("path\tstory\tkind\n" + "".join(
            f"{s // 1000:04d}/{s:07d}.txt\t{sid}\t{kind}\n" for s, sid, kind in sorted(rows)), encoding="utf-8")
    copies = sum(kind != "original" for _, _, kind in rows)
    print(f"wrote {len(rows)} files ({copies} derived copies) in {stories} stories to {args.out} "
          f"(seed {args.seed}, {len(leads) + len(bodies)} template paragraphs)")

if __name__ == "__main__":
    main()
