#!/usr/bin/env python3
"""`compare` alone on short news texts: the labelled real-news pairs cut to a title and the first
~1,000 characters of the body (no date, no URL), each pair compared on its own.

Prints the Pearson correlation of `score` with the labels put in order of closeness (unrelated 1,
related 2, same-story 3, partial-reuse 3, rewrite 4, near-duplicate 4.5, duplicate 5) and, against
the labels' `same_event`, how many same-event pairs are called same-story or closer and how
precise that call is. A proxy for human-rated short-news similarity, built from our own labels.

Usage: bench_compare.py --corpus DIR [--labels FILE]... [--chars N] [--errors] [--lexical]
"""
import argparse, json, math, pathlib, statistics, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
ORDER = {"unrelated": 1, "related": 2, "same-story": 3, "partial-reuse": 3, "rewrite": 4,
         "near-duplicate": 4.5, "duplicate": 5}
CLOSE = {"same-story", "partial-reuse", "rewrite", "near-duplicate", "duplicate"}


def short_text(path, chars):
    """Title and the start of the body, cut at a word end near `chars` characters."""
    lines = [l.strip() for l in open(path, encoding="utf-8")]
    lines = [l for l in lines if l and not l.startswith("Source:")]
    title, body = lines[0], [l for l in lines[2:]]  # line 2 is the date
    text = " ".join(body)
    if len(text) > chars:
        text = text[:chars].rsplit(" ", 1)[0]
    return f"{title}\n\n{text}\n"


def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sx = math.sqrt(sum((a - mx) ** 2 for a in x))
    sy = math.sqrt(sum((b - my) ** 2 for b in y))
    return sxy / (sx * sy)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", required=True)
    p.add_argument("--labels", action="append")
    p.add_argument("--chars", type=int, default=1000)
    p.add_argument("--binary", default=str(ROOT / ".build/release/doppel"))
    p.add_argument("--errors", action="store_true")
    p.add_argument("--lexical", action="store_true", help="compare without the sentence model")
    args = p.parse_args()
    pairs = []
    for path in args.labels or [str(ROOT.parent / "shared/data/realnews-pairs/labels.json"),
                                str(ROOT / "scripts/data/realnews-pairs-2.json")]:
        pairs += json.load(open(path))
    scores, orders, called, events, rows, seconds = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for pair in pairs:
            files = []
            for side in ("a", "b"):
                f = pathlib.Path(tmp) / f"{pair[side]}.txt"
                f.write_text(short_text(pathlib.Path(args.corpus) / f"{pair[side]}.txt", args.chars))
                files.append(str(f))
            began = time.perf_counter()
            out = subprocess.run([args.binary, "compare", *files, "--json", *(["--lexical"] if args.lexical else [])],
                                 capture_output=True, text=True, check=True)
            seconds.append(time.perf_counter() - began)
            result = json.loads(out.stdout)
            scores.append(result["score"])
            orders.append(ORDER[pair["label"]])
            called.append(result["kind"] in CLOSE)
            events.append(pair["same_event"])
            rows.append((pair, result))
    tp = sum(c and e for c, e in zip(called, events))
    print(f"{len(pairs)} pairs cut to {args.chars} characters, each compared alone"
          f"{' without the sentence model' if args.lexical else ''}; median {statistics.median(seconds) * 1000:.0f} ms a process")
    print(f"Pearson of score with ordered labels   {pearson(scores, orders):.3f}   goal >= 0.80")
    print(f"same-event pairs called same-story or closer: recall {tp / max(1, sum(events)):.2f} ({tp}/{sum(events)}) "
          f"  precision {tp / max(1, sum(called)):.2f} ({tp}/{sum(called)})   goals >= 0.80, >= 0.85")
    if args.errors:
        for (pair, result), c, e in zip(rows, called, events):
            if c != e:
                print(f"{pair['a']:>5} {pair['b']:>5}  same event {e}  doppel {result['kind']}  score {result['score']:.2f}"
                      f"  event {result['event']:.2f}\n             {pair['reason']}")


if __name__ == "__main__":
    main()
