#!/usr/bin/env python3
"""HTML extraction benchmark: Doppel next to trafilatura and Resiliparse, in one session.

    scripts/bench-extract            (builds release, installs the peers in .build/bench-venv)
    DOPPEL_PEER=path/to/doppel scripts/bench-extract    (also times another Doppel build)

Runs each extractor single-threaded over ../shared/data/article-extraction-benchmark/html,
scores the bodies with the benchmark's published metric (../shared/tools/score-extraction) and
prints F1, precision, recall, median and mean milliseconds per page, pages per second and peak
memory (max RSS of the extractor's process). A peer runs in its own process (`--peer NAME`).

Then it checks the title and date Doppel and trafilatura extract against each page's own
metadata (og:title; JSON-LD datePublished, else article:published_time) and prints how often
they match, with examples of Doppel's mismatches.
"""
import codecs, datetime, gzip, json, os, re, resource, statistics, subprocess, sys, time, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "data/article-extraction-benchmark/html"
SCORER = SHARED / "tools/score-extraction"
WORK = ROOT / ".build/bench-extract"


def pages():
    for path in sorted(PAGES.glob("*.html.gz")):
        yield path.name[: -len(".html.gz")], gzip.decompress(path.read_bytes())


def run_peer(name, out):
    """Runs one Python extractor over every page; writes predictions and per-page times."""
    if name == "trafilatura":
        import trafilatura
        extract = lambda raw: trafilatura.extract(raw.decode("utf-8", "replace")) or ""
    elif name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
        extract = lambda raw: extract_plain_text(bytes_to_str(raw, detect_encoding(raw)), main_content=True)
    else:
        raise SystemExit(f"unknown peer {name}")
    predictions, times = {}, []
    for page_id, raw in pages():
        start = time.perf_counter()
        predictions[page_id] = {"articleBody": extract(raw)}
        times.append((time.perf_counter() - start) * 1000)
    Path(out).write_text(json.dumps(predictions))
    Path(out + ".times").write_text(json.dumps(times))


def score(predictions):
    lines = subprocess.run([sys.executable, str(SCORER), predictions], capture_output=True, text=True, check=True).stdout
    precision = float(lines.split("precision")[1].split()[0])
    recall = float(lines.split("recall")[1].split()[0])
    f1 = float(lines.strip().splitlines()[-1].split()[-1])
    return f1, precision, recall


def measured(command):
    """Runs a command under GNU time; returns its peak memory in MB."""
    report = WORK / "time.txt"
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report)] + command, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return int(report.read_text().split()[-1]) / 1024


# Title and date against the page's own metadata. lxml, dateutil and trafilatura are imported
# where used, not at the top: the --peer processes' peak memory must not include them.

META_CHARSET = re.compile(rb"<meta[^>]*charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Curly quotes and typographic dashes, as their ASCII counterparts.
ASCII_PUNCTUATION = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                                   "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                                   "\u2010": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
                                   "\u2212": "-"})


def decoded(raw):
    """A page as text, in the charset its <meta> declares, else UTF-8 (as Doppel reads it).

    Decoded here rather than by lxml: libxml2 reads a page that declares no charset, or declares
    it after its og:title, as Latin-1, which garbles every non-ASCII title.
    """
    declared = META_CHARSET.search(raw)
    try:
        charset = codecs.lookup(declared.group(1).decode("ascii")).name if declared else "utf-8"
    except LookupError:
        charset = "utf-8"
    if charset in ("iso8859-1", "ascii"):
        charset = "cp1252"  # browsers read Latin-1 and ASCII as windows-1252
    return raw.decode(charset, "replace")


def day(value):
    """The calendar day a date string states, in its own time zone; None for no usable date.

    Year 1 means no date: it is the "0001-01-01" placeholder some CMSs emit, or the default
    that fills in a value stating no year.
    """
    from dateutil import parser  # a dependency of trafilatura (through htmldate)
    try:
        parsed = parser.parse(value or "", fuzzy=True, ignoretz=True, default=datetime.datetime(1, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.year > 1 else None


def first_value(value, key):
    """The first string under `key` in parsed JSON, depth-first through nested objects and
    lists (`@graph` included)."""
    if isinstance(value, dict):
        if isinstance(value.get(key), str):
            return value[key]
        value = list(value.values())
    if isinstance(value, list):
        for child in value:
            found = first_value(child, key)
            if found is not None:
                return found
    return None


def page_metadata(html):
    """The page's og:title, its first JSON-LD datePublished that states a day, and its
    article:published_time; None where absent."""
    import lxml.html
    tree = lxml.html.fromstring(html)
    titles = tree.xpath('//meta[@property="og:title" or @name="og:title"]/@content')
    published = None
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            value = first_value(json.loads(script, strict=False), "datePublished")  # raw newlines in strings
        except ValueError:
            # Broken JSON (trailing commas, // comments, stray quotes) still states the date.
            found = re.search(r'"datePublished"\s*:\s*"([^"]*)"', script)
            value = found.group(1) if found else None
        if day(value):
            published = value
            break
    times = tree.xpath('//meta[@property="article:published_time" or @name="article:published_time"]/@content')
    return (titles[0] if titles else None), published, (times[0] if times else None)


def normalized(title):
    """A title for comparison: NFKC, case-folded, ASCII quotes and dashes, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().translate(ASCII_PUNCTUATION).split())


def without_site(title):
    """A normalized title without its last " | Site" or " - Site" part."""
    cut = max(title.rfind(" | "), title.rfind(" - "))
    return title[:cut] if cut > 0 else title


def title_match(page, extracted):
    """'exact', 'normalized' (equal once normalized, or one a prefix of the other once their
    site suffixes are stripped too) or None."""
    if page == extracted:
        return "exact"
    a, b = normalized(page), normalized(extracted)
    if a == b:
        return "normalized"
    a, b = without_site(a), without_site(b)
    return "normalized" if a and b and (a.startswith(b) or b.startswith(a)) else None


def date_match(page, extracted):
    """'same day', 'off by one day' (a time zone apart) or None, for a page's day and an
    extracted YYYY-MM-DD."""
    difference = abs((datetime.date.fromisoformat(extracted) - page).days)
    return {0: "same day", 1: "off by one day"}.get(difference)


# Rows of the metadata table: label, page value compared (an index into page_values below),
# the match kinds that count, and the extracted field.
METADATA_CHECKS = [
    ("title vs og:title, exact", 0, {"exact"}, "title"),
    ("title vs og:title, normalized or prefix", 0, {"exact", "normalized"}, "title"),
    ("date vs JSON-LD datePublished", 1, {"same day"}, "date"),
    ("date vs JSON-LD datePublished, off by one day (time zone)", 1, {"off by one day"}, "date"),
    ("date vs datePublished, else article:published_time", 2, {"same day"}, "date"),
]


def metadata_report(documents):
    """Prints how often Doppel's and trafilatura's titles and dates match the pages' own
    metadata, and Doppel's first mismatches."""
    from trafilatura import extract_metadata
    doppel = {d["id"][: -len(".html.gz")]: d for d in documents}
    extractors = ("doppel", "trafilatura")
    # Per row and extractor: pages with the page value, pages the extractor gave a value, matches.
    counts = {(label, name): [0, 0, 0] for label, *_ in METADATA_CHECKS for name in extractors}
    mismatches = {"title": [], "date": []}  # Doppel's: (page id, page value, Doppel's value)
    for page_id, raw in pages():
        html = decoded(raw)
        og_title, published, published_time = page_metadata(html)
        page_values = (og_title, day(published), day(published) or day(published_time))
        peer = extract_metadata(html)
        extracted = {"doppel": doppel[page_id], "trafilatura": {"title": peer.title, "date": peer.date}}
        for label, which, kinds, field in METADATA_CHECKS:
            if page_values[which] is None:
                continue
            for name in extractors:
                value = extracted[name][field]
                count = counts[(label, name)]
                count[0] += 1
                if value:
                    count[1] += 1
                    count[2] += (title_match if field == "title" else date_match)(page_values[which], value) in kinds
        title, date = doppel[page_id]["title"], doppel[page_id]["date"]
        if og_title is not None and not (title and title_match(og_title, title)):
            mismatches["title"].append((page_id, og_title, title))
        if published and not (date and date_match(day(published), date)):
            mismatches["date"].append((page_id, published, date))

    print("\n| field | pages with it | Doppel extracted | matches | match rate "
          "| trafilatura extracted | trafilatura matches | trafilatura match rate |")
    print("|---|---|---|---|---|---|---|---|")
    for label, *_ in METADATA_CHECKS:
        row = [label, counts[(label, "doppel")][0]]
        for name in extractors:
            total, given, matches = counts[(label, name)]
            row += [given, matches, f"{100 * matches / total:.1f}%" if total else "-"]
        print("| " + " | ".join(map(str, row)) + " |")
    for field, reference in (("title", "og:title"), ("date", "JSON-LD datePublished, not even off by one day")):
        print(f"\nDoppel {field} mismatches vs {reference}: {len(mismatches[field])}; "
              f"first 10 (page id, page, Doppel):")
        for page_id, page, value in mismatches[field][:10]:
            print(f"  {page_id[:12]}  {page!r}  {value!r}")


def doppel_row(name, binary):
    """Runs a Doppel binary over every page: its table row and its extracted documents."""
    doppel_json, doppel_times = WORK / f"{name}.json", WORK / f"{name}-times.jsonl"
    peak = measured([binary, "extract", str(PAGES), "--json", "--timings", str(doppel_times), "--max-mib", "128"])
    subprocess.run([binary, "extract", str(PAGES), "--json"], check=True,
                   stdout=open(doppel_json, "w"), stderr=subprocess.DEVNULL)
    # `extract --json` maps page names to articles with `articleBody`: the scorer reads it as it is.
    documents = list(json.loads(doppel_json.read_text()).values())
    times = [json.loads(line)["ms"] for line in doppel_times.read_text().splitlines()]
    return (name, score(str(doppel_json)), times, peak), documents


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--peer":
        return run_peer(sys.argv[2], sys.argv[3])
    WORK.mkdir(parents=True, exist_ok=True)
    row, documents = doppel_row("doppel", str(ROOT / ".build/release/doppel"))
    rows = [row]
    if os.environ.get("DOPPEL_PEER"):
        rows.append(doppel_row("doppel-peer", os.environ["DOPPEL_PEER"])[0])
    for peer in ("trafilatura", "resiliparse"):
        out = str(WORK / f"{peer}.json")
        peak = measured([sys.executable, __file__, "--peer", peer, out])
        rows.append((peer, score(out), json.loads(Path(out + ".times").read_text()), peak))
    print(f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'median ms':>10} {'mean ms':>8} {'pages/s':>8} {'peak MB':>8}")
    for name, (f1, p, r), times, peak in rows:
        print(f"{name:<12} {f1:6.3f} {p:6.3f} {r:6.3f} {statistics.median(times):10.2f} {statistics.mean(times):8.2f} "
              f"{1000 / statistics.mean(times):8.0f} {peak:8.0f}")
    base = statistics.median(rows[0][2])
    for name, _, times, _ in rows[1:]:
        print(f"{name} median time per page / doppel's: {statistics.median(times) / base:.2f}")
    metadata_report(documents)


if __name__ == "__main__":
    main()
