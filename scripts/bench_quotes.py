#!/usr/bin/env python3
"""Quotation and speaker benchmark on PolNeAR (US political news with attribution annotations).

    scripts/bench-quotes            (builds release, runs `doppel scan --json` over the articles)
    scripts/bench-quotes --errors N (prints N sample errors from the development part; 15 by default)
    scripts/bench-quotes --false-quotes N   (N quotations of the development part matching no annotation)
    scripts/bench-quotes --referent-errors  (the labelled pronoun referents it missed, development part)

Data: ../shared/data/polnear-train: text/*.txt (title line, blank line, paragraphs) and
attributions/*.ann (brat standoff: Source / Cue / Content spans joined by Attribution events).
An article annotated by several annotators is scored against the first annotation file by name.

Input. Each .txt is given to Doppel unchanged, so Doppel reads its first line as the title, as it
would any plain-text article. The title is not body text: gold spans and Doppel quotations that
lie in the first line are left out of the scores.

Direct quotations (gold). The quoted segments of the text (text between opening and closing
quotation marks, found below with the marks Doppel recognizes) that are annotated content: a
segment is a gold direct quote when it lies within an annotated Content fragment and covers at
least half of that fragment's letters, or when a Content fragment lies within it. A short
quoted phrase inside a longer paraphrase ("called the plan a “disaster”") is neither gold nor
counted against Doppel: such a Doppel quotation is ignored.

Direct quotations (Doppel). The `speech` quotations of `scan --json`, located in the text by
their words (searched forward from the previous one). A Doppel quotation matches a gold one when
their character ranges overlap by at least half of the shorter.

Speakers. For a matched quote, the gold source is the Source span of its Attribution event.
- name-bearing source (a capitalized word that is not a pronoun, a function word, a possessive
  or a modifier of the lowercase noun after it, as in "the Vermont senator"): Doppel is
  right when the last word of its speaker (the surname) occurs among the source's words, wrong
  when it gives another speaker, missing when it gives none;
- pronoun source ("he", "she", "they", "I", ...): scored separately against the nearest
  name-bearing gold source annotated before it in the article (a proxy for the pronoun's
  referent, which PolNeAR does not annotate); and, for the 400 such quotes labelled by reading in
  scripts/data/polnear-pronoun-referents.json, against the labelled referent (`--referents`);
- unnamed source ("the campaign", "officials"): only counted.

Split. Articles are split by the MD5 of their file name: a first hex digit below 8 is the
development part (the only part whose errors were read while developing the speaker rules), the
rest is held out. Scores are printed for all articles, the development part and the held-out part;
the error sample comes from the development part only.
"""
import argparse, hashlib, json, os, re, shutil, subprocess, sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared/data/polnear-train"
WORK = ROOT / ".build/bench-quotes"
DOPPEL = ROOT / ".build/release/doppel"

OPENING = {"\u201c": "curly", "\u201e": "curly", "\u00ab": "curly", '"': "straight"}
CLOSING = {"\u201d": "curly", "\u00bb": "curly", '"': "straight"}
PRONOUNS = {"he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "his", "its", "their", "one"}
FUNCTION_WORDS = {"the", "a", "an", "this", "that", "these", "those", "some", "many", "most", "both",
                  "according", "in", "on", "at", "of", "for", "and", "but", "as", "to", "by", "with"}
WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'\u2019.-]*")


def part(name):
    return "dev" if int(hashlib.md5(name.encode()).hexdigest()[0], 16) < 8 else "held-out"


def quoted_segments(text):
    """(start, end) of the inner text of each double-quoted segment; one left open runs to its line's end."""
    segments, open_at, style = [], None, None
    for i, c in enumerate(text):
        if c == "\n":
            if open_at is not None and i > open_at:
                segments.append((open_at, i))
            open_at = None
        elif open_at is None and c in OPENING:
            open_at, style = i + 1, OPENING[c]
        elif open_at is not None and c in CLOSING and CLOSING[c] == style:
            if i > open_at:
                segments.append((open_at, i))
            open_at = None
        elif open_at is not None and style == "curly" and c in OPENING and c != '"':
            open_at = i + 1
    if open_at is not None and len(text) > open_at:
        segments.append((open_at, len(text)))
    return segments


def letters(text, start, end):
    return sum(1 for c in text[start:end] if c.isalnum())


def annotations(path):
    """Spans by id ({id: (role, [(start, end)], text)}) and events ([{role: span id}])."""
    spans, events = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            role, _, ranges = fields[1].partition(" ")
            pieces = [tuple(map(int, r.split())) for r in ranges.split(";")]
            spans[fields[0]] = (role, pieces, fields[2])
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
    return spans, events


def source_kind(source):
    if source is None:
        return "none"
    words = WORD.findall(source)
    # A capitalized word names someone unless it modifies the lowercase noun after it
    # ("the Vermont senator", "Clinton's team").
    for i, w in enumerate(words):
        modifier = w.endswith(("'s", "\u2019s")) or (i + 1 < len(words) and words[i + 1][0].islower()
                                                      and words[i + 1].lower() not in FUNCTION_WORDS | {"who", "said"})
        if w[0].isupper() and w.lower() not in PRONOUNS | FUNCTION_WORDS and not modifier:
            return "name"
    if any(w.lower() in PRONOUNS for w in words) and len(words) <= 2:
        return "pronoun"
    return "unnamed"


def surname_in(speaker, source):
    surname = WORD.findall(speaker)[-1].lower().rstrip(".").replace("\u2019", "'")
    words = {w.lower().rstrip(".").replace("\u2019", "'") for w in WORD.findall(source)}
    words |= {w[:-2] for w in words if w.endswith("'s")}
    return surname in words


def gold_quotes(text, title_end, spans, events):
    """Gold direct quotes: [(start, end, source text or None, source position)]."""
    contents = {}
    for event in events:
        content = event.get("Content")
        if content in spans:
            source = spans.get(event.get("Source"))
            contents[content] = (source[2], source[1][0][0]) if source else (None, None)
    result = []
    for start, end in quoted_segments(text):
        if start < title_end:
            continue
        for content, (source, at) in contents.items():
            pieces = spans[content][1]
            if any((s <= start and end <= e and letters(text, start, end) * 2 >= letters(text, s, e))
                   or (start <= s and e <= end) for s, e in pieces):
                result.append((start, end, source, at))
                break
    return result


def inside_content(start, end, spans):
    return any(s <= start and end <= e for role, pieces, _ in spans.values() if role == "Content" for s, e in pieces)


def locate(text, quote, cursor):
    at = text.find(quote, cursor)
    if at < 0:
        at = text.find(quote)
    return at


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) * 2 >= min(a[1] - a[0], b[1] - b[0])


def run_doppel(names):
    if WORK.exists():
        shutil.rmtree(WORK)
    (WORK / "articles").mkdir(parents=True)
    for name in names:
        shutil.copy(DATA / "text" / (name + ".txt"), WORK / "articles" / (name + ".txt"))
    out = subprocess.run([str(DOPPEL), "scan", "--json", str(WORK / "articles")], capture_output=True, check=True).stdout
    quotes = {}
    for q in json.loads(out)["quotes"]:
        name = Path(q["document"]).name[: -len(".txt")]
        quotes.setdefault(name, []).append(q)
    return quotes


def nearest_named_source(at, named_sources):
    earlier = [(position, source) for position, source in named_sources if position < at]
    return max(earlier)[1] if earlier else None


def score(names, texts, golds, doppel, referents=None):
    """`referents`: {(article, quote start): (kind, name)}, labelled pronoun referents; quotes
    found among them are also scored against the name (counts "referent:right|wrong|missing")."""
    counts = Counter()
    errors, false_quotes, referent_errors = [], [], []
    for name in names:
        text, (title_end, spans, events, named_sources) = texts[name], golds[name]
        gold = gold_quotes(text, title_end, spans, events)
        found, cursor = [], 0
        for q in doppel.get(name, []):
            if q["kind"] != "speech":
                continue
            at = locate(text, q["text"], cursor)
            if at < 0:
                counts["unlocated"] += 1
                continue
            cursor = at + len(q["text"])
            if at >= title_end:
                found.append((at, at + len(q["text"]), q["speaker"]))
        matched_gold = set()
        for start, end, speaker in found:
            hit = next((g for g in range(len(gold)) if g not in matched_gold and overlap((start, end), gold[g][:2])), None)
            if hit is None:
                kind = "ignored" if inside_content(start, end, spans) else "fp"
                counts[kind] += 1
                if kind == "fp":
                    false_quotes.append(text[max(0, start - 80):end + 40].replace("\n", " / "))
                continue
            matched_gold.add(hit)
            counts["tp"] += 1
            source, at = gold[hit][2], gold[hit][3]
            labelled = (referents or {}).get((name, gold[hit][0]))
            if labelled and labelled[0] in ("person", "group"):
                outcome = "missing" if not speaker else ("right" if surname_in(speaker, labelled[1]) else "wrong")
                counts[f"referent:{outcome}"] += 1
                if outcome != "right":
                    context = text[max(0, text.rfind("\n", 0, gold[hit][3]) - 300):end + 20]
                    referent_errors.append((outcome, labelled[1], speaker, context))
            kind = source_kind(source)
            if kind == "pronoun":
                resolved = nearest_named_source(at, named_sources)
                if resolved is None:
                    counts["pronoun:unresolved"] += 1
                    continue
                source = resolved
            elif kind != "name":
                counts[f"source:{kind}"] += 1
                continue
            group = "pronoun" if kind == "pronoun" else "name"
            outcome = "missing" if not speaker else ("right" if surname_in(speaker, source) else "wrong")
            counts[f"{group}:{outcome}"] += 1
            if outcome != "right":
                line_start = text.rfind("\n", 0, start) + 1
                line_end = text.find("\n", end)
                errors.append((outcome, group, speaker, source, text[line_start:line_end if line_end >= 0 else None]))
        counts["fn"] += len(gold) - len(matched_gold)
    return counts, errors, false_quotes, referent_errors


def report(label, counts):
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f = 2 * p * r / (p + r) if p + r else 0
    print(f"{label}: direct quotes P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tp}, fp {fp}, fn {fn}, "
          f"ignored partial {counts['ignored']}, unlocated {counts['unlocated']})")
    for group, title in (("name", "named source"), ("pronoun", "pronoun source")):
        right, wrong, missing = (counts[f"{group}:{o}"] for o in ("right", "wrong", "missing"))
        total = right + wrong + missing
        accuracy = right / total if total else 0
        print(f"    speaker, {title}: accuracy {accuracy:.3f} (right {right}, wrong {wrong}, missing {missing})")
    right, wrong, missing = (counts[f"referent:{o}"] for o in ("right", "wrong", "missing"))
    if right + wrong + missing:
        print(f"    speaker, labelled pronoun referent: accuracy {right / (right + wrong + missing):.3f} "
              f"(right {right}, wrong {wrong}, missing {missing})")
    print(f"    unnamed sources {counts['source:unnamed']}, no source {counts['source:none']}, "
          f"unresolved pronouns {counts['pronoun:unresolved']}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", type=int, default=15)
    parser.add_argument("--false-quotes", type=int, default=0,
                        help="also print this many quotations of the development part that match no annotated one")
    parser.add_argument("--referent-errors", action="store_true",
                        help="print every labelled pronoun referent of the development part that Doppel missed")
    parser.add_argument("--referents", type=Path, default=ROOT / "scripts/data/polnear-pronoun-referents.json",
                        help="labelled referents of pronoun-attributed quotes (see that file's note)")
    args = parser.parse_args()
    referents = {}
    if args.referents.exists():
        for item in json.loads(args.referents.read_text())["items"]:
            referents[(item["article"], item["quote_start"])] = (item["kind"], item["referent"])
    annotation_files = {}
    for path in sorted((DATA / "attributions").glob("*.ann")):
        annotation_files.setdefault(re.sub(r"_[^_]+$", "", path.stem), path)
    names = sorted(p.stem for p in (DATA / "text").glob("*.txt") if p.stem in annotation_files)
    texts, golds = {}, {}
    for name in names:
        text = (DATA / "text" / (name + ".txt")).read_text(encoding="utf-8")
        spans, events = annotations(annotation_files[name])
        named = [(spans[e["Source"]][1][0][0], spans[e["Source"]][2]) for e in events
                 if e.get("Source") in spans and source_kind(spans[e["Source"]][2]) == "name"]
        texts[name] = text
        golds[name] = (text.find("\n") if "\n" in text else len(text), spans, events, named)
    doppel = run_doppel(names)
    print(f"PolNeAR: {len(names)} articles")
    dev_errors, dev_false, dev_referent_errors = [], [], []
    for label, subset in (("all", names), ("dev", [n for n in names if part(n) == "dev"]),
                          ("held-out", [n for n in names if part(n) == "held-out"])):
        counts, errors, false_quotes, referent_errors = score(subset, texts, golds, doppel, referents)
        report(f"{label} ({len(subset)} articles)", counts)
        if label == "dev":
            dev_errors, dev_false, dev_referent_errors = errors, false_quotes, referent_errors
    if args.errors and dev_errors:
        print(f"\nSample of speaker errors (development part, {len(dev_errors)} in all):")
        step = max(1, len(dev_errors) // args.errors)
        for outcome, group, speaker, source, sentence in dev_errors[::step][: args.errors]:
            print(f"- {outcome} ({group} source {source!r}; Doppel {speaker!r}):\n    {sentence[:400]}")
    if args.referent_errors and dev_referent_errors:
        print(f"\nPronoun-attributed quotes whose labelled referent Doppel missed (development part, {len(dev_referent_errors)}):")
        for outcome, referent, speaker, context in dev_referent_errors:
            print(f"- {outcome}: labelled {referent!r}, Doppel {speaker!r}:\n    …{context[-700:]}".replace("\n\n", " / "))
    if args.false_quotes and dev_false:
        print(f"\nSample of quotations matching no annotated quotation (development part, {len(dev_false)} in all):")
        step = max(1, len(dev_false) // args.false_quotes)
        for context in dev_false[::step][: args.false_quotes]:
            print(f"- …{context}…")


if __name__ == "__main__":
    main()
