#!/usr/bin/env python3
"""Load on `doppel serve` (release build) from wrk on loopback, over an archive of N articles.

The archive holds articles generated from real text (labelled as such, as in
scripts/bench_archive.py: the real-news corpus's articles, then variants of them), added by one
`doppel add` and kept in .build/bench-serve/ for the next run. Then, each for --seconds at
--connections connections: GET /v1/articles/{id} (ids drawn at random from the archive) and
GET /v1/stories (the first page); wrk's errors (socket errors and non-2xx answers), p50/p99
latency and requests/s are printed. Last, --posts POST /v1/articles batches of --post-size new
articles (JSON Lines, verdicts computed as `doppel add` computes them) are timed one after the
other and their articles/s printed, with the server's peak memory.

Usage: bench_serve.py [--articles N] [--seconds S] [--connections C] [--posts K] [--post-size M]
"""
import argparse, json, os, random, re, socket, subprocess, sys, time, urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench_archive import generated  # noqa: E402

TOKEN = "bench-serve-token"


def archive(args, work):
    """The archive of `args.articles` generated articles, built when missing."""
    db = work / f"news-{args.articles}.db"
    records = list(generated(args.corpus, args.articles))
    if not db.exists():
        source = work / f"articles-{args.articles}.jsonl"
        with source.open("w") as out:
            for record in records:
                out.write(json.dumps(record) + "\n")
        print(f"building the archive: {args.articles} articles generated from the real-news corpus's text, one doppel add")
        t0 = time.monotonic()
        subprocess.run([args.binary, "add", str(source), "--archive", str(db) + ".partial", "--batch", str(args.articles)],
                       check=True, stdout=subprocess.DEVNULL)
        for suffix in ["", "-wal", "-shm"]:
            if Path(str(db) + ".partial" + suffix).exists():
                os.rename(str(db) + ".partial" + suffix, str(db) + suffix)
        print(f"  built in {time.monotonic() - t0:.0f} s, {db.stat().st_size / 2**20:.0f} MB")
    return db, [r["id"] for r in records]


def serve(args, db, work):
    (work / "token").write_text(TOKEN + "\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.monotonic()
    server = subprocess.Popen([args.binary, "serve", "--archive", str(db), "--port", str(port), "--token-file", str(work / "token")],
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() - t0 > 900:
                sys.exit("the server did not start")
            time.sleep(0.2)
    print(f"server up in {time.monotonic() - t0:.1f} s ({peak_mb(server.pid):.0f} MB)")
    return server, base


def peak_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def wrk(args, base, path, work, ids=None):
    """wrk's figures for GET `path` (or random articles when `ids` is given)."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "--timeout", "5s"]
    if ids:
        script = work / "articles.lua"
        sample = random.Random(1).sample(ids, min(len(ids), 20_000))
        script.write_text("local ids = {" + ",".join(f'"{quote(i, safe="")}"' for i in sample) + "}\n"
                          "request = function() return wrk.format('GET', '/v1/articles/' .. ids[math.random(#ids)]) end\n")
        command += ["-s", str(script)]
    output = subprocess.run(command + [base + path], check=True, capture_output=True, text=True).stdout
    def latency(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", output) or [0, 0])[1])
    return {"requests/s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50 ms": latency("50"), "p99 ms": latency("99"), "errors": errors,
            "requests": int(re.search(r"(\d+) requests in", output).group(1))}


def posts(args, base, known):
    """Articles/s of each POST batch of new articles."""
    rates = []
    fresh = generated(args.corpus, len(known) + args.posts * args.post_size, seed=2)
    records = [r for r in fresh][len(known):]
    for k in range(args.posts):
        batch = records[k * args.post_size:(k + 1) * args.post_size]
        for r in batch:
            r["id"] = "posted/" + r["id"]
        body = "".join(json.dumps(r) + "\n" for r in batch).encode()
        request = urllib.request.Request(base + "/v1/articles", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"})
        t0 = time.monotonic()
        with urllib.request.urlopen(request, timeout=3600) as response:
            answer = json.load(response)
        seconds = time.monotonic() - t0
        rates.append(answer["added"] / seconds)
        print(f"  POST {k + 1}: {answer['added']} added, {len(answer['relations'])} relations, {seconds:.1f} s, {rates[-1]:.0f} articles/s")
    return rates


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--seconds", type=int, default=30)
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--threads", type=int, default=1, help="wrk threads (the server has the 2 cores too)")
    p.add_argument("--posts", type=int, default=1)
    p.add_argument("--post-size", type=int, default=1_000)
    p.add_argument("--binary", default=str(ROOT / ".build/release/doppel"))
    p.add_argument("--corpus", default=str(ROOT / ".build/realnews"))
    p.add_argument("--work", default=str(ROOT / ".build/bench-serve"))
    args = p.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    db, ids = archive(args, work)
    server, base = serve(args, db, work)
    try:
        print(f"wrk: {args.threads} thread(s), {args.connections} connections, {args.seconds} s each, loopback")
        print(f"{'route':<24} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
        for route, figures in [("GET /v1/articles/{id}", wrk(args, base, "/", work, ids)),
                               ("GET /v1/stories", wrk(args, base, "/v1/stories", work))]:
            print(f"{route:<24} {figures['requests']:>9} {figures['requests/s']:>8.0f} {figures['p50 ms']:>7.2f} "
                  f"{figures['p99 ms']:>7.2f} {figures['errors']:>6}")
        if args.posts:
            print(f"POST /v1/articles: {args.posts} batch(es) of {args.post_size} new articles, one after the other")
            rates = posts(args, base, ids)
            print(f"  median {sorted(rates)[len(rates) // 2]:.0f} articles/s")
        print(f"server peak memory {peak_mb(server.pid):.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
