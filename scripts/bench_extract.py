#!/usr/bin/env python3
"""HTML extraction benchmark: Doppel next to trafilatura and Resiliparse, in one session.

    scripts/bench-extract            (builds release, installs the peers in .build/bench-venv)

Runs each extractor single-threaded over ../shared/data/article-extraction-benchmark/html,
scores the bodies with the benchmark's published metric (../shared/tools/score-extraction) and
prints F1, precision, recall, median and mean milliseconds per page, pages per second and peak
memory (max RSS of the extractor's process). A peer runs in its own process (`--peer NAME`).
"""
import gzip, json, os, resource, statistics, subprocess, sys, time
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


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--peer":
        return run_peer(sys.argv[2], sys.argv[3])
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    doppel_json, doppel_times = WORK / "doppel.json", WORK / "doppel-times.jsonl"
    peak = measured([str(ROOT / ".build/release/doppel"), "extract", str(PAGES), "--json", "--timings", str(doppel_times)]
                    + ["--max-mib", "128"])
    subprocess.run([str(ROOT / ".build/release/doppel"), "extract", str(PAGES), "--json"], check=True,
                   stdout=open(doppel_json, "w"), stderr=subprocess.DEVNULL)
    documents = json.loads(doppel_json.read_text())["documents"]
    predictions = {d["id"][: -len(".html.gz")]: {"articleBody": d["text"]} for d in documents}
    (WORK / "doppel-predictions.json").write_text(json.dumps(predictions))
    times = [json.loads(line)["ms"] for line in doppel_times.read_text().splitlines()]
    rows.append(("doppel", score(str(WORK / "doppel-predictions.json")), times, peak))
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


if __name__ == "__main__":
    main()
