#!/usr/bin/env python3
"""Digest of JFR recordings of a server moving a known number of bytes (used by scripts/bench-io.sh --jfr).

For each recording: the bytes the JVM's threads allocated during it, from jdk.ThreadAllocationStatistics (each
thread's allocation counter, emitted at the start and end of each recording chunk: last value minus first value;
a thread first seen after the start counts from zero), and the estimate from the sum of the jdk.ObjectAllocationSample
weights (too high over short recordings: a thread's first sample weighs its allocation since its previous sample,
taken before the recording). Over all recordings given: bytes allocated per GiB moved, the methods most often on top of the stack in
jdk.ExecutionSample (CPU in Java code; time in the kernel or in native code does not appear), and the allocation
weight by allocated class and by the first io.signet frame that led to it.

    jfr-digest.py --bytes-per-recording BYTES REC.jfr...
"""
import argparse
import collections
import datetime
import json
import subprocess

GIB = 1 << 30


def events(path, types, depth):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", ",".join(types), path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def seconds(timestamp):
    """Seconds since the epoch of a JFR timestamp such as 2026-12-07T11:24:01.033839404Z."""
    whole, _, fraction = timestamp.rstrip("Z").partition(".")
    return datetime.datetime.fromisoformat(whole).timestamp() + float("0." + (fraction or "0"))


def frame_name(frame):
    return frame["method"]["type"]["name"].replace("/", ".") + "." + frame["method"]["name"]


def first_signet(frames):
    for frame in frames:
        if frame["method"]["type"]["name"].startswith("io/signet/"):
            return frame_name(frame)
    return "(no io.signet frame in the top 64)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bytes-per-recording", type=int, required=True)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("recordings", nargs="+")
    args = parser.parse_args()

    exact_total = 0
    sampled_total = 0
    cpu = collections.Counter()
    by_class = collections.Counter()
    by_site = collections.Counter()
    for path in args.recordings:
        # Each thread's counter at the recording's start and at its end. A thread first seen later was started
        # during the recording and counts from zero; one that ended during it is not seen at the end, and its
        # allocation is lost (the server's event-loop and blocking-pool threads outlive a transfer).
        stats = [(seconds(e["values"]["startTime"]), e["values"]["thread"], e["values"]["allocated"])
                 for e in events(path, ["jdk.ThreadAllocationStatistics"], 1) if e["values"]["thread"]]
        begin = min(time for time, _, _ in stats) if stats else 0
        first = {}
        last = {}
        for time, thread, allocated in sorted(stats, key=lambda s: s[0]):
            key = thread["javaThreadId"]
            # The start chunk's events come within a fraction of a second; a thread first seen later starts from 0.
            first.setdefault(key, allocated if time - begin < 0.5 else 0)
            last[key] = allocated
        exact_total += sum(last[t] - first[t] for t in last)
        for event in events(path, ["jdk.ObjectAllocationSample", "jdk.ExecutionSample"], 64):
            values = event["values"]
            frames = (values.get("stackTrace") or {}).get("frames") or []
            if event["type"] == "jdk.ExecutionSample":
                if frames:
                    cpu[frame_name(frames[0])] += 1
            else:
                weight = values["weight"]
                sampled_total += weight
                by_class[values["objectClass"]["name"].replace("/", ".")] += weight
                by_site[first_signet(frames)] += weight

    moved = args.bytes_per_recording * len(args.recordings)
    print(f"  moved {moved / GIB:.2f} GiB; allocated {exact_total / GIB:.3f} GiB by the thread counters "
          f"= {exact_total / (moved / GIB) / 2**20:.1f} MiB per GiB moved "
          f"(sampled estimate {sampled_total / (moved / GIB) / 2**20:.1f} MiB per GiB)")
    samples = sum(cpu.values())
    print(f"  CPU samples in Java code: {samples}; top methods (self):")
    for name, count in cpu.most_common(args.top):
        print(f"    {100 * count / samples:5.1f}%  {name}")
    print("  allocation by class (sampled weight):")
    for name, weight in by_class.most_common(args.top):
        print(f"    {100 * weight / max(sampled_total, 1):5.1f}%  {weight / (moved / GIB) / 2**20:9.1f} MiB/GiB  {name}")
    print("  allocation by first io.signet frame (sampled weight):")
    for name, weight in by_site.most_common(args.top):
        print(f"    {100 * weight / max(sampled_total, 1):5.1f}%  {weight / (moved / GIB) / 2**20:9.1f} MiB/GiB  {name}")


if __name__ == "__main__":
    main()
