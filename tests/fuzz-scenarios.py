#!/usr/bin/env python3
"""Process-level fuzz test of hybridsim (issue 15), run by `make test`.

Mutates every shipped scenario with the classes of hostile input (values beyond what the model
represents, heavy-tailed and degenerate distributions, overflowing sums of times, YAML anchors and
aliases, roots that are not mappings, huge sweeps and lists, duplicate and empty keys, keys that do
not apply, random byte edits) and runs `hybridsim validate` or a shortened `hybridsim run` on each
under `prlimit --as` (memory) and a wall-clock limit. Every case must end with exit 0 (a valid
mutation that ran) or exit 1/2 with a message on stderr; a trap, a signal, a timeout, a silent
failure or a raw Foundation error dump fails the test. The seed is fixed, so the cases are the same
on every machine.

Usage: fuzz-scenarios.py BIN [--cases N] [--jobs J] [--seed S]
"""
import argparse
import concurrent.futures
import os
import random
import re
import subprocess
import sys
import tempfile
import time

LIMIT_SECONDS = 20
LIMIT_BYTES = 1 << 30
SHORT = ["--set", "experiment.warmup=0s", "--set", "experiment.duration=20ms",
         "--set", "experiment.replications=2", "--jobs", "1"]

HOSTILE_VALUES = [
    "1e300", "-1", "0", "nan", "inf", "-0", "1e-300", "99999999999999999999", "0.4bps", "1e300B",
    "8e6s", "1e300s", "0s", "-5ms", "0B", "65536B", "2e9B", "100%", "200%", "99.99999999999999%",
    '"erlang(1e300, 10ms)"', '"erlang(0.5, 1ms)"', '"pareto(0.01, 1B)"', '"pareto(0.5, 1kB)"',
    '"lognormal(1e-300B, 1B)"', '"lognormal(1ms, 1e300s)"', '"weibull(0.05, 1ms)"', '"gamma(1e300, 1ms)"',
    '"uniform(5ms, 1ms)"', '"normal(-1e300, 1ms)"', '"exp(0s)"', '"const(1e300B)"', '"pareto(1, 1B, 1B)"',
    "[]", "{}", "~", '""', "[1, [2, [3]]]", "{a: {b: {c: d}}}", "10.0.0.0/33", "256.1.1.1", "x" * 5000,
]
KEYS = ["clients", "think", "request", "response", "server", "timeout", "warmup", "duration",
        "replications", "confidence", "seed", "at", "for", "worker", "rate", "delay", "mtu", "size",
        "hosts", "workers", "replicas", "wan", "wan-latency", "wan-loss", "event", "cluster", "link", ""]


def mutate(text, rng):
    """One hostile variant of a scenario's text."""
    lines = text.split("\n")
    kind = rng.randrange(12)
    if kind == 0:  # a value replaced by a hostile one
        candidates = [i for i, l in enumerate(lines) if re.search(r":\s*\S", l) and not l.lstrip().startswith("#")]
        if candidates:
            i = rng.choice(candidates)
            head = lines[i].split(":", 1)[0]
            lines[i] = f"{head}: {rng.choice(HOSTILE_VALUES)}"
        return "\n".join(lines), kind
    if kind == 1:  # an inline value inside {..} replaced
        return re.sub(r"(\w+): ([^,{}\n]+)", lambda m: f"{m.group(1)}: {rng.choice(HOSTILE_VALUES)}" if rng.random() < 0.2 else m.group(0), text), kind
    if kind == 2:  # YAML anchors and aliases, up to a billion laughs
        depth = rng.randrange(1, 10)
        bomb = ['lol0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
        for d in range(1, depth):
            bomb.append(f"lol{d}: &l{d} [" + ", ".join([f"*l{d - 1}"] * 9) + "]")
        return "\n".join(bomb) + "\n" + text, kind
    if kind == 3:  # the root is a list or a scalar
        return rng.choice(["- " + text.replace("\n", "\n  "), "just text", "42", "[1, 2, 3]"]), kind
    if kind == 4:  # a huge sweep
        dims = "\n".join(f"  flows.x{i}.clients: {{from: 1, to: {rng.choice([10, 1000, 100000, 10**9])}, step: 1}}"
                         for i in range(rng.randrange(1, 6)))
        return re.sub(r"(?m)^sweep:.*(\n  .*)*", "", text) + f"\nsweep:\n{dims}\n", kind
    if kind == 5:  # a long list
        n = rng.choice([10, 1000, 250000])
        return text + "\noptions: [" + ",".join(["common-vlan"] * n) + "]\n", kind
    if kind == 6:  # a key given twice, or an empty key
        candidates = [i for i, l in enumerate(lines) if ":" in l]
        if candidates:
            i = rng.choice(candidates)
            lines.insert(i, lines[i] if rng.random() < 0.5 else re.sub(r"^(\s*)[\w.-]+:", r'\1"":', lines[i]))
        return "\n".join(lines), kind
    if kind == 7:  # a key that does not apply
        candidates = [i for i, l in enumerate(lines) if re.match(r"^\s+[\w-]+:", l)]
        if candidates:
            i = rng.choice(candidates)
            indent = re.match(r"^(\s*)", lines[i]).group(1)
            lines.insert(i, f"{indent}{rng.choice(KEYS)}: {rng.choice(HOSTILE_VALUES)}")
        return "\n".join(lines), kind
    if kind == 8:  # a failure whose times overflow, or one that does not apply
        at, length = rng.choice(["8e6s", "1e6s", "5s", "0s"]), rng.choice(["8e6s", "1e6s", "1s"])
        event = rng.choice(["esg-failover", "worker-loss", "link-down", "strongswan-restart", "nothing"])
        extra = rng.choice(["", ", worker: 99", ", cluster: nope", ", link: [a, b]", ", endpoint-removal: 8e6s"])
        return re.sub(r"(?m)^failures:.*(\n  .*)*", "", text) + f"\nfailures:\n  - {{event: {event}, at: {at}, for: {length}{extra}}}\n", kind
    if kind == 9:  # lines deleted or duplicated
        for _ in range(rng.randrange(1, 4)):
            if lines:
                i = rng.randrange(len(lines))
                if rng.random() < 0.5:
                    del lines[i]
                else:
                    lines.insert(i, lines[i])
        return "\n".join(lines), kind
    if kind == 10:  # random characters edited
        chars = list(text)
        alphabet = "abcz019:-_[]{}(),. \n%#\"'&*!|>@`\t\\"
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(max(len(chars), 1))
            op = rng.randrange(3)
            if op == 0 and chars:
                del chars[min(at, len(chars) - 1)]
            elif op == 1:
                chars.insert(at, rng.choice(alphabet))
            elif chars:
                chars[min(at, len(chars) - 1)] = rng.choice(alphabet)
        return "".join(chars), kind
    # 11: invalid UTF-8 or NUL bytes
    return text[: rng.randrange(len(text) + 1)] + rng.choice(["\udcff", "\x00", "\x1b[0m", "\ufeff"]), kind


def run_case(args):
    binary, path, command, workdir = args
    out = os.path.join(workdir, "out-" + os.path.basename(path))
    argv = {"validate": [binary, "validate", path],
            "run": [binary, "run", path] + SHORT + ["--out", out],
            "sweep": [binary, "sweep", path] + SHORT + ["--out", out]}[command]
    start = time.monotonic()
    try:
        p = subprocess.run(["prlimit", f"--as={LIMIT_BYTES}", "--"] + argv, capture_output=True,
                           timeout=LIMIT_SECONDS, errors="replace")
        rc, err = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        rc, err = "timeout", ""
    took = time.monotonic() - start
    message = next((l for l in err.splitlines() if l.strip()), "")
    if rc == 0:
        verdict = "ran"
    elif rc in (1, 2) and message and "Fatal error" not in err and "NSCocoaErrorDomain" not in err:
        verdict = "refused"
    else:
        verdict = "FAIL"
    return path, command, rc, took, message, verdict


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=20261203)
    a = ap.parse_args()
    binary = os.path.realpath(a.binary)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios")
    # Scenarios only: a measurements file (hybridsim calibrate) is not one.
    shipped = sorted(os.path.join(root, f) for f in os.listdir(root)
                     if f.endswith(".yaml") and "\nmeasurements:" not in "\n" + open(os.path.join(root, f), encoding="utf-8").read())
    texts = [open(f, encoding="utf-8").read() for f in shipped]
    rng = random.Random(a.seed)
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir:
        cases = []
        for i in range(a.cases):
            text, kind = mutate(texts[i % len(texts)], rng)
            path = os.path.join(workdir, f"case{i:05d}-k{kind}-{os.path.basename(shipped[i % len(texts)])}")
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
            # Every fourth case runs (shortened), every 40th sweeps; the others validate.
            command = "sweep" if i % 40 == 0 else "run" if i % 4 == 0 else "validate"
            cases.append((binary, path, command, workdir))
        tally = {"ran": 0, "refused": 0, "FAIL": 0}
        slowest = 0.0
        failures = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            for path, command, rc, took, message, verdict in pool.map(run_case, cases):
                tally[verdict] += 1
                slowest = max(slowest, took)
                if verdict == "FAIL":
                    failures.append(f"fuzz: FAIL {os.path.basename(path)} ({command}): exit {rc} after {took:.1f}s: {message[:200]}")
                    keep = os.path.join(tempfile.gettempdir(), "hybridsim-fuzz-failures")
                    os.makedirs(keep, exist_ok=True)
                    subprocess.run(["cp", path, keep])
    for f in failures:
        print(f)
    print(f"fuzz: {a.cases} mutations of {len(shipped)} shipped scenarios (seed {a.seed}), "
          f"{tally['ran']} ran cleanly, {tally['refused']} refused with a message, {tally['FAIL']} failed; "
          f"slowest {slowest:.1f} s (limit {LIMIT_SECONDS} s, {LIMIT_BYTES >> 20} MiB); {time.monotonic() - start:.0f} s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
