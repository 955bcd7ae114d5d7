#!/usr/bin/env python3
"""hybridsim calibrate and the corrected device models, on the release binary.

1. Recovery: measurements made by hybridsim itself with changed costs are fitted from the
   defaults; the fit must give back the changed costs within 5 % (two parameters by
   Nelder-Mead, one by bisection), and the written overrides file must reproduce them in run.
2. A fit that cannot reach a measurement says so, names it, and exits 1.
3. NAT costs: static-nat loads the VCS ESG more than bgp-peering at the same load (paired
   by replication, the 95 % interval of the difference above zero).
4. One IPsec tunnel on an X-Large ESG runs at one core's rate, not six.
Usage: tests/calibration.py path/to/hybridsim
"""
import csv, io, math, os, subprocess, sys, tempfile

EXE = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ESTATE = os.path.join(ROOT, "scenarios/calibration/estate.yaml")
failures = []


def run(args, expect=0):
    p = subprocess.run([EXE] + args, capture_output=True, text=True, timeout=600)
    if p.returncode != expect:
        raise SystemExit(f"FAIL: hybridsim {' '.join(args)} exited {p.returncode} (expected {expect})\n{p.stderr[-2000:]}")
    return p


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


MEASUREMENTS = {
    "gcm": "kind: tcp-throughput, from: iks/web, to: icp/web, option: bgp-peering, set: {architecture.iks.vpn.cipher: aes-gcm}",
    "direct": "kind: tcp-throughput, from: iks/web, to: iks/near, option: bgp-peering, set: {devices.calico.cores: 1}",
    "vxlan": "kind: tcp-throughput, from: vcs/vm-a, to: vcs/vm-b, option: bgp-peering",
}


def plan(path, names, values=None, fit=None, devices=None):
    """A measurements file; values in Mbit/s (None: a placeholder for --check)."""
    text = f"scenario: {path}\nexperiment: {{warmup: 0.1s, duration: 0.3s, replications: 2}}\n"
    if fit:
        text += "fit:\n" + "".join(f"  {k}: {{from: {lo}, to: {hi}}}\n" for k, (lo, hi) in fit.items())
    text += "measurements:\n"
    for n in names:
        v = values[n] if values else 100.0
        text += f"  {n}: {{{MEASUREMENTS[n]}, value: {v:.6f}Mbps, uncertainty: 0.5%}}\n"
    return text


def simulated(tmp, names, devices):
    """What hybridsim gives for `names` with `devices` (an overrides file) laid over the estate."""
    scenario = os.path.join(tmp, "truth.yaml")
    with open(ESTATE) as f:
        base = f.read()
    with open(scenario, "w") as f:
        f.write(base + "devices:\n" + "".join(f"  {g}:\n" + "".join(f"    {k}: {v}\n" for k, v in kv.items()) for g, kv in devices.items()))
    p = os.path.join(tmp, "probe.yaml")
    with open(p, "w") as f:
        f.write(plan(scenario, names))
    out = run(["calibrate", p, "--check", "--format", "csv", "--quiet"], expect=1).stdout  # placeholders are far off
    rows = list(csv.DictReader(io.StringIO(out)))
    return {r["measurement"]: float(r["simulated"]) for r in rows}


def recover(tmp, names, truth, fit, label):
    """Measurements from `truth` (group → key → written value with its true SI value), fitted from the defaults."""
    devices = {g: {k: w for k, (w, _) in kv.items()} for g, kv in truth.items()}
    values = simulated(tmp, names, devices)
    p = os.path.join(tmp, f"fit-{label}.yaml")
    with open(p, "w") as f:
        f.write(plan(ESTATE, names, values, fit))
    fitted = os.path.join(tmp, f"fitted-{label}.yaml")
    out = run(["calibrate", p, "--write", fitted, "--format", "csv", "--quiet"]).stdout
    rows = [r for r in csv.DictReader(io.StringIO(out.split("\n\n")[0]))]
    got = {r["parameter"]: r["after"] for r in rows}
    for g, kv in truth.items():
        for k, (written, si) in kv.items():
            name = f"{g}.{k}"
            v = si_of(got[name])
            check(abs(v / si - 1) <= 0.05, f"{label}: {name} recovered {got[name]} against the true {written} (within 5 %)")
    # The overrides file reproduces the measurements in run.
    check(os.path.exists(fitted) and "devices:" in open(fitted).read(), f"{label}: --write wrote the devices: section")
    return fitted


def si_of(text):
    for unit, f in (("ns", 1e-9), ("us", 1e-6), ("ms", 1e-3)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * f
    return float(text)


with tempfile.TemporaryDirectory() as tmp:
    # 1. Two parameters (Nelder-Mead) from two measurements; one (bisection) from one.
    recover(tmp, ["gcm", "direct"],
            {"strongswan": {"crypto-per-packet": ("2.2us", 2.2e-6)}, "calico": {"per-byte": ("0.15ns", 0.15e-9)}},
            {"strongswan.crypto-per-packet": ("0.2us", "20us"), "calico.per-byte": ("0.02ns", "2ns")}, "nelder-mead")
    fitted = recover(tmp, ["vxlan"], {"vtep": {"per-packet": ("0.5us", 0.5e-6)}},
                     {"vtep.per-packet": ("0.05us", "5us")}, "bisection")
    # The fitted file, laid over the estate with --overrides, gives what the truth gave.
    scenario = os.path.join(tmp, "vxlan-run.yaml")
    with open(scenario, "w") as f:
        f.write(open(ESTATE).read() + "options: [bgp-peering]\nflows:\n  s: {from: vcs/vm-a, to: vcs/vm-b, traffic: bulk}\n"
                "experiment: {warmup: 0.1s, duration: 0.3s, replications: 2}\n")
    truth_run = run(["run", scenario, "--quiet", "--format", "csv", "--set", "devices.vtep.per-packet=0.5us"]).stdout
    fitted_run = run(["run", scenario, "--quiet", "--format", "csv", "--overrides", fitted]).stdout
    def goodput(text):
        rows = list(csv.DictReader(io.StringIO(text.split("\n\n")[0])))
        return float(rows[0]["goodput_mbps"])
    g0, g1 = goodput(truth_run), goodput(fitted_run)
    check(abs(g1 / g0 - 1) <= 0.05, f"run --overrides the fitted file: {g1:.1f} Mbit/s against the truth's {g0:.1f}")

    # 2. Out of reach: a measurement above what the range allows is named, exit 1.
    p = os.path.join(tmp, "unreachable.yaml")
    with open(p, "w") as f:
        f.write(plan(ESTATE, ["vxlan"], {"vxlan": 90000.0}, {"vtep.per-packet": ("0.2us", "5us")}))
    r = run(["calibrate", p, "--quiet"], expect=1)
    check("cannot reach vxlan" in r.stderr, "an unreachable measurement is named, exit 1")

    # 3. static-nat translates at the ESG: more ESG work than bgp-peering at the same load.
    out = os.path.join(tmp, "nat")
    run(["run", "--quiet", "--set", "options=[static-nat, bgp-peering]", "--set", "experiment.replications=4",
         "--set", "experiment.duration=3s", "--set", "flows.iks-web-to-vcs-db.clients=200", "--out", out])
    util = {}
    for r in csv.DictReader(open(os.path.join(out, "components.csv"))):
        if r["component"] == "vcs-esg":
            util.setdefault(r["option"], {})[r["replication"]] = float(r["utilisation"])
    d = [util["static-nat"][k] - util["bgp-peering"][k] for k in sorted(util["static-nat"])]
    mean = sum(d) / len(d)
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (len(d) - 1))
    half = 3.182 * sd / math.sqrt(len(d))  # t(0.975, 3)
    check(mean - half > 0, f"ESG utilisation static-nat − bgp-peering = {mean:.5f} ± {half:.5f} (95 %), above zero")

    # 4. One tunnel on an X-Large ESG (6 vCPU): one core's rate. The VPN pod is made cheap so
    #    that the ESG binds; one core serves a 1,480 B ESP packet in
    #    esg.per-packet + esg.per-byte × B + esg.crypto-per-packet + esg.crypto-per-byte-cbc × B.
    s = os.path.join(tmp, "tunnel.yaml")
    with open(s, "w") as f:
        f.write(open(ESTATE).read() + "options: [strongswan-vpn]\nflows:\n  t: {from: iks/web, to: vcs/db-vm, traffic: bulk}\n"
                "experiment: {warmup: 0.1s, duration: 0.3s, replications: 2}\n"
                "devices: {strongswan: {per-packet: 0.05us, crypto-per-packet: 0.05us, crypto-per-byte-cbc: 0.05ns}}\n")
    rates = {}
    for size in ("x-large", "compact"):
        o = run(["run", s, "--quiet", "--format", "csv", "--set", f"architecture.vcs.esg.size={size}"]).stdout
        rates[size] = goodput(o)
    d = {r["name"]: si_of(r["default"]) for r in csv.DictReader(io.StringIO(run(["parameters", "--format", "csv"]).stdout))
         if r["unit"] in ("duration", "duration-per-byte")}
    core = 1448 * 8 / (d["esg.per-packet"] + d["esg.per-byte"] * 1500 + d["esg.crypto-per-packet"]
                       + d["esg.crypto-per-byte-cbc"] * 1480) / 1e6  # Mbit/s of goodput, data packets only
    check(rates["x-large"] <= core * 1.02, f"X-Large ESG, one tunnel: {rates['x-large']:.0f} Mbit/s ≤ one core's {core:.0f} Mbit/s")
    check(rates["x-large"] >= core * 0.6, f"X-Large ESG, one tunnel: {rates['x-large']:.0f} Mbit/s ≥ 60 % of one core's (the ESG binds)")
    check(rates["x-large"] <= rates["compact"] * 1.6, f"X-Large ({rates['x-large']:.0f}) is not 6 × Compact ({rates['compact']:.0f}) for one tunnel")

print(f"calibration: {len(failures)} failed")
sys.exit(1 if failures else 0)
