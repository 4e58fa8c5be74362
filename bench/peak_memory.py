"""Runs a command and prints its peak memory on stderr, in two parts:

- peak resident set size (getrusage, exact): everything the process has
  in RAM, including pages of the index files it has memory-mapped, which
  the kernel can drop at any time because they are on disk;
- peak private memory (RssAnon in /proc, sampled every 50 ms): what the
  process itself allocated.

    python3 bench/peak_memory.py COMMAND [ARG...]
"""
import resource
import subprocess
import sys
import time


def private_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


proc = subprocess.Popen(sys.argv[1:])
peak_private = 0
try:
    while proc.poll() is None:
        peak_private = max(peak_private, private_kb(proc.pid))
        time.sleep(0.05)
finally:
    if proc.poll() is None:
        proc.terminate()
        proc.wait()
peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"peak memory: {peak_rss / 1024:.0f} MB resident, {peak_private / 1024:.0f} MB private "
      f"(the rest is mapped index files)", file=sys.stderr)
sys.exit(proc.returncode)
