#!/usr/bin/env python3
"""`compare` on the graded text-reuse fixtures (Tests/Fixtures/graded-reuse, our own writing):
each answer compared alone with its source.

Expected kinds (the issue's rule): cut → duplicate or near-duplicate; light → near-duplicate or
rewrite; heavy → rewrite; non → none of the derived kinds. Prints the table, derived-vs-independent
accuracy and kind accuracy.

Usage: bench_reuse.py [--binary PATH] [--errors]
"""
import argparse, collections, json, pathlib, subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
DERIVED = {"duplicate", "near-duplicate", "rewrite", "partial-reuse"}
EXPECTED = {"cut": {"duplicate", "near-duplicate"}, "light": {"near-duplicate", "rewrite"},
            "heavy": {"rewrite"}, "heavy2": {"rewrite"}, "non": None}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", default=str(ROOT / ".build/release/doppel"))
    p.add_argument("--fixtures", default=str(ROOT / "Tests/Fixtures/graded-reuse"))
    p.add_argument("--errors", action="store_true")
    args = p.parse_args()
    table = collections.Counter()
    derived_right = kind_right = total = 0
    for topic in sorted(pathlib.Path(args.fixtures).iterdir()):
        if not topic.is_dir():
            continue
        for answer, expected in EXPECTED.items():
            out = subprocess.run([args.binary, "compare", str(topic / "source.txt"), str(topic / f"{answer}.txt"), "--json"],
                                 capture_output=True, text=True, check=True)
            result = json.loads(out.stdout)
            kind = result["kind"] or "unrelated"
            table[(answer, kind)] += 1
            total += 1
            derived_right += (kind in DERIVED) == (expected is not None)
            right = kind not in DERIVED if expected is None else kind in expected
            kind_right += right
            if args.errors and not right:
                print(f"{topic.name}/{answer}: {kind} (score {result['score']:.2f}, coverage {result['coverage']:.2f}, "
                      f"shares {result['shareA']:.2f}/{result['shareB']:.2f}) — {'; '.join(result['reasons'])}")
    kinds = ["duplicate", "near-duplicate", "rewrite", "partial-reuse", "same-story", "related", "unrelated"]
    print("answer \\ doppel " + "".join(f"{k[:9]:>10}" for k in kinds))
    for answer in EXPECTED:
        print(f"{answer:<16}" + "".join(f"{table[(answer, k)] or '.':>10}" for k in kinds))
    print(f"derived vs independent  {derived_right / total:.2f} ({derived_right}/{total})   goal >= 0.95")
    print(f"kind                    {kind_right / total:.2f} ({kind_right}/{total})   goal >= 0.80")


if __name__ == "__main__":
    main()
