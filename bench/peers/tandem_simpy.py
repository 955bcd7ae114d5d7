"""tandem-5 in SimPy (written for the comparison with hybridsim): 6 nodes, 5 links of 1 Gbit/s
with 10 us propagation, 1,500-byte packets, Poisson arrivals at rho = 0.8; each link is a
FIFO resource held for the serialization time, then the packet propagates.
Usage: tandem_simpy.py PACKETS -> "tandem PACKETS wall_s mean_us peak_kib p50_us p99_us"."""
import random
import resource
import sys
import time

import simpy

PACKETS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
TX, PROP, LINKS = 12e-6, 10e-6, 5
MEAN_GAP = 1500 * 8 / (0.8 * 1e9)


def packet(env, links, delays):
    created = env.now
    for link in links:
        with link.request() as req:
            yield req
            yield env.timeout(TX)
        yield env.timeout(PROP)
    delays.append((env.now - created) * 1e6)


def source(env, links, delays, rng):
    for _ in range(PACKETS):
        env.process(packet(env, links, delays))
        yield env.timeout(rng.expovariate(1 / MEAN_GAP))


env = simpy.Environment()
links = [simpy.Resource(env, capacity=1) for _ in range(LINKS)]
delays = []
env.process(source(env, links, delays, random.Random(12345)))
t0 = time.perf_counter()
env.run()
wall = time.perf_counter() - t0
delays.sort()
n = len(delays)
print(f"tandem {n} {wall:.6f} {sum(delays) / n:.4f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} "
      f"{delays[n // 2]:.4f} {delays[min(n - 1, int(0.99 * n))]:.4f}")
