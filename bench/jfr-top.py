#!/usr/bin/env python3
"""Where a paper-digest run spends its time, from a JFR recording.

    jfr-top.py recording.jfr [TOP [THREAD]]   (TOP: rows per table, default 15; THREAD: only
                                               threads whose name starts so, e.g. send- for the
                                               sending workers without start-up and sync)

Reads `jfr print --events jdk.ExecutionSample` (threads running Java code: CPU) and
jdk.NativeMethodSample (threads inside native code: mostly socket and file waits), and prints
  - the hottest leaf methods and leaf packages (self time),
  - the share of samples under each stage of the job (inclusive time), told by the frames below,
  - and the paper-digest method nearest the leaf, which says which of its own calls the time is under.
Standard library only; needs the JDK's `jfr` on the PATH.
"""
import collections
import re
import subprocess
import sys

# The first rule whose pattern is found in a sample's stack (searched leaf-first) names its stage.
STAGES = [
    ("SMTP socket I/O", r"^java\.net\.Socket|^sun\.nio\.ch\.NioSocketImpl|^java\.net\.SocketInputStream|^java\.net\.SocketOutputStream"),
    ("MIME build/encode (jakarta.mail, angus)", r"^jakarta\.mail|^org\.eclipse\.angus|^com\.sun\.mail"),
    ("Lucene matching", r"^org\.apache\.lucene"),
    ("Mustache rendering", r"^com\.github\.mustachejava"),
    ("H2 database", r"^org\.h2\."),
    ("YAML / subscriber sync", r"^org\.yaml\.snakeyaml|^org\.paperdigest\.subscribers"),
    ("paper-digest rendering", r"^org\.paperdigest\.rendering"),
    ("paper-digest matching", r"^org\.paperdigest\.matching"),
    ("paper-digest delivery", r"^org\.paperdigest\.delivery"),
    ("Spring Batch", r"^org\.springframework\.batch"),
    ("Spring Boot start-up, class loading", r"^org\.springframework|^java\.lang\.ClassLoader|^jdk\.internal\.loader"),
]
STAGES = [(name, re.compile(rx)) for name, rx in STAGES]


def samples(jfr, event):
    out = subprocess.run(["jfr", "print", "--stack-depth", "200", "--events", event, jfr],
                         check=True, capture_output=True, text=True).stdout
    for block in out.split(f"{event} {{")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s{4}(\S+)\(.*?\)(?: line: \d+)?\s*$", block, re.M)
        yield (thread.group(1) if thread else "?"), frames


def package(frame):
    parts = frame.split(".")
    cls = next((i for i, p in enumerate(parts) if p[:1].isupper()), len(parts) - 1)
    return ".".join(parts[:min(cls, 3)])


def stage(frames):
    for frame in frames:
        for name, rx in STAGES:
            if rx.search(frame):
                return name
    return "other (JDK, regex, GC barriers...)"


def table(title, counter, total, top):
    print(f"\n{title}")
    for key, n in counter.most_common(top):
        print(f"  {100 * n / total:5.1f} %  {n:6d}  {key}")


def main():
    jfr = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    for event, what in [("jdk.ExecutionSample", "CPU: threads running Java code"),
                        ("jdk.NativeMethodSample", "waiting: threads in native methods")]:
        leaf, pkg, stages, threads, ours = (collections.Counter() for _ in range(5))
        total = 0
        for thread, frames in samples(jfr, event):
            if not frames or not thread.startswith(only):
                continue
            total += 1
            threads[thread] += 1
            leaf[frames[0]] += 1
            pkg[package(frames[0])] += 1
            stages[stage(frames)] += 1
            ours[next((f for f in frames if f.startswith("org.paperdigest.")), "(no paper-digest frame)")] += 1
        print(f"\n=== {event} ({what}): {total} samples ===")
        if not total:
            continue
        table("threads", threads, total, 5)
        table("stage (inclusive, first match from the leaf)", stages, total, top)
        table("paper-digest method nearest the leaf (inclusive)", ours, total, top)
        table("hottest methods (self)", leaf, total, top)
        table("hottest packages (self)", pkg, total, top)


if __name__ == "__main__":
    main()
