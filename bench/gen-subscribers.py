#!/usr/bin/env python3
"""Reproducible synthetic subscribers for benchmarking paper-digest.

    gen-subscribers.py N [--seed S] [--stats] > subscribers.yml

Interests come from a vocabulary picked from the sample day (samples/hf-daily-papers-jul-29.txt),
so that ~95 % of subscribers get a digest, most of 3 to 10 papers. --stats (to stderr) checks that
with a plain case-insensitive phrase search over the sample's titles and abstracts: an approximation
of paper-digest's Lucene matching (same word boundaries, plurals folded), good enough to tune with.
Standard library only.
"""
import argparse
import functools
import json
import os
import random
import re
import statistics
import sys

# Phrases that match 2 to 11 of the sample day's 104 papers (count in the comment).
VOCABULARY = [
    "speculative decoding",     # 9
    "KV cache",                 # 11
    "mixture-of-experts",       # 10
    "MoE",                      # 10
    "quantization",             # 4
    "reinforcement learning",   # 6
    "code generation",          # 2
    "code completion",          # 2
    "object detection",         # 7
    "semantic segmentation",    # 5
    "vision transformer",       # 5
    "long-context",             # 7
    "sparse attention",         # 6
    "pruning",                  # 4
    "distillation",             # 5
    "multimodal",               # 11
    "vision-language",          # 8
    "chain-of-thought",         # 3
    "diffusion",                # 4
    "image generation",         # 3
    "embedding",                # 9
    "pretraining",              # 6
    "multi-head attention",     # 3
    "latent attention",         # 4
    "convolutional",            # 8
    "GPU memory",               # 4
    "throughput",               # 9
    "hardware",                 # 8
    "parallelism",              # 5
    "communication overhead",   # 4
    "long sequence",            # 7
    "LLM inference",            # 5
    "draft model",              # 6
    "visual tokens",            # 3
    "zero-shot",                # 5
    "self-supervised",          # 3
    "reward",                   # 6
    "mathematical reasoning",   # 2
    "sparsity",                 # 9
    "real-time",                # 5
    "low-rank",                 # 3
    "CLIP",                     # 5
    "YOLO",                     # 3
    "ResNet",                   # 4
    "retrieval",                # 9
    "language understanding",   # 4
    "autoregressive",           # 3
    "foundation model",         # 6
    "key-value",                # 7
    "context window",           # 3
    "inference efficiency",     # 4
    "memory footprint",         # 3
    "DeepSpeed",                # 6
    "Qwen",                     # 8
    "supervised fine-tuning",   # 3
    "serving",                  # 7
    "attention mechanism",      # 6
    "3D",                       # 6
    "sequence length",          # 5
    "KV cache compression",     # 2
    "structured pruning",       # 2
    "in-context learning",      # 2
    "autonomous driving",       # 2
    "depth estimation",         # 2
]
# Real interests that the sample day has nothing (or almost nothing) on: the ~5 % without a digest.
NICHE = [
    "protein folding", "graph neural network", "federated learning", "recommender systems",
    "quantum computing", "hallucination", "state space model", "time series", "weather forecasting",
    "music generation",
]
# A few boolean interests, to exercise the query parser as well (words anywhere, all required).
BOOLEAN = [
    "reinforcement learning AND reasoning", "quantization AND inference", "MoE AND training",
    "speculative AND decoding AND draft", "vision AND transformer AND efficient",
]
FIRST = ["Ada", "Grace", "Alan", "Emmy", "Claude", "Barbara", "Edsger", "Donald", "Frances", "John",
         "Katherine", "Linus", "Margaret", "Niklaus", "Radia", "Tim", "Yann", "Fei-Fei", "Geoffrey",
         "Hedy", "Ken", "Dennis", "Sophie", "Joan", "Ivan", "Léa", "Zoë", "Chen", "Amina", "Kofi"]
LAST = ["Lovelace", "Hopper", "Turing", "Noether", "Shannon", "Liskov", "Dijkstra", "Knuth", "Allen",
        "McCarthy", "Johnson", "Torvalds", "Hamilton", "Wirth", "Perlman", "Berners-Lee", "LeCun", "Li",
        "Hinton", "Lamarr", "Thompson", "Ritchie", "Wilson", "Clarke", "Sutherland", "Martin", "Müller",
        "Wang", "Okafor", "Mensah"]


def subscriber(rng, i):
    if rng.random() < 0.05:
        interests = rng.sample(NICHE, rng.randint(1, 2))
    else:
        n = rng.choices([1, 2, 3, 4], weights=[55, 30, 10, 5])[0]
        interests = rng.sample(VOCABULARY, n)
        if rng.random() < 0.05:
            interests[0] = rng.choice(BOOLEAN)
    s = {
        "email": f"user{i:06d}@example.org",
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "interests": interests,
        "max-papers": 10,
    }
    if rng.random() < 0.10:
        s["exclude"] = [rng.choice([v for v in VOCABULARY if v not in interests])]
    if rng.random() < 0.10:
        s["format"] = "text"
    return s


def to_yaml(s):
    # json.dumps gives valid YAML scalars and flow sequences, quoting and escaping included.
    lines = [f"  - email: {s['email']}", f"    name: {json.dumps(s['name'], ensure_ascii=False)}",
             f"    interests: {json.dumps(s['interests'], ensure_ascii=False)}"]
    if "exclude" in s:
        lines.append(f"    exclude: {json.dumps(s['exclude'], ensure_ascii=False)}")
    lines.append(f"    max-papers: {s['max-papers']}")
    if "format" in s:
        lines.append(f"    format: {s['format']}")
    return "\n".join(lines)


# --- the --stats check -------------------------------------------------------------------------

def sample_papers(path):
    """Title + abstract of each paper: blank-line separated paragraphs after the 'Jul 29' line."""
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", open(path, encoding="utf-8").read())]
    paras = [p for p in paras if p]
    start = next(k for k, p in enumerate(paras) if re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", p)) + 1
    return [norm(t + " " + a) for t, a in zip(paras[start::2], paras[start + 1::2])]


def norm(s):
    return re.sub(r"[^a-z0-9]+", " ", s.lower())  # hyphens and punctuation separate words, like Lucene


@functools.lru_cache(maxsize=None)
def matcher(interest):
    if " AND " in interest:  # every word somewhere
        parts = [matcher(w) for w in interest.replace(" AND ", " ").split()]
        return lambda d: all(p(d) for p in parts)
    rx = re.compile(r"\b" + " ".join(re.escape(w) + r"(?:e?s)?" for w in norm(interest).split()) + r"\b")
    return lambda d: rx.search(d) is not None


def stats(subs, docs):
    papers_of = functools.lru_cache(maxsize=None)(lambda i: frozenset(k for k, d in enumerate(docs) if matcher(i)(d)))
    counts = []
    for s in subs:
        hits = set().union(*(papers_of(i) for i in s["interests"]))
        hits -= set().union(*(papers_of(x) for x in s.get("exclude", [])))
        counts.append(min(len(hits), s["max-papers"]))
    matched = [c for c in counts if c > 0]
    hist = {c: counts.count(c) for c in range(11)}
    print(f"subscribers {len(subs)}, with a digest {len(matched)} ({100 * len(matched) / len(subs):.1f} %), "
          f"papers per digest: median {statistics.median(matched)}, mean {statistics.mean(matched):.1f}, "
          f"3-10: {100 * sum(1 for c in matched if c >= 3) / len(matched):.1f} %", file=sys.stderr)
    print("histogram (papers: subscribers): " + ", ".join(f"{k}: {v}" for k, v in hist.items()), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", action="store_true", help="print the expected digest sizes to stderr")
    ap.add_argument("--sample", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                     "samples", "hf-daily-papers-jul-29.txt"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    subs = [subscriber(rng, i) for i in range(1, args.n + 1)]
    out = sys.stdout
    out.write(f"# {args.n} synthetic subscribers: bench/gen-subscribers.py {args.n} --seed {args.seed}\n")
    out.write("subscribers:\n")
    for s in subs:
        out.write(to_yaml(s) + "\n")
    if args.stats:
        stats(subs, sample_papers(args.sample))


if __name__ == "__main__":
    main()
