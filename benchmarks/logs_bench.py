"""Benchmark: GB per minute of ``kuajing audit logs`` against plain polars and DuckDB ingestion.

Generates a session log of the requested size (CSV sessions, or OpenVPN ``--log`` lines), then
times, on the same file:

* kuajing — the whole audit (parse, coverage and gaps, attribution and shared accounts, clock
  anomalies, findings), streaming in one Python process;
* polars — read the file, parse the time column, and compute min, max, row count and distinct
  accounts (no gaps, no attribution: the floor of what ingestion costs);
* duckdb — the same query through ``read_csv``.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/logs_bench.py --size-gb 1 --format csv

Engines that are not installed are reported as skipped. The generated file is deleted unless
``--keep`` is given. Throughput is printed in GiB (2^30 bytes) and GB (10^9 bytes) per minute,
with the peak memory of the process so far (engines run in the order given, kuajing first by
default, so its figure is its own) and the machine it ran on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

GB = 1024 ** 3
DECIMAL_GB = 1000 ** 3


def machine() -> str:
    """CPU model, cores, Python and engine versions: what the figures depend on."""
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    except OSError:
        pass
    versions = [f"Python {platform.python_version()}"]
    for mod in ("polars", "duckdb"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}; " + ", ".join(versions)


def peak_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def generate(path: Path, size_gb: float, fmt: str, seed: int = 7) -> tuple[int, dt.date]:
    """Write a log of about ``size_gb`` GiB; return the number of records and the last day."""
    rng = random.Random(seed)
    target = int(size_gb * GB)
    users = [f"user{i:05d}" for i in range(5000)]
    t = dt.datetime(2025, 6, 1)
    step = dt.timedelta(seconds=1)
    gap_at = target // 2
    written = rows = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        if fmt == "csv":
            header = "ts,login,src_ip,action\n"
            fh.write(header)
            written += len(header)
        while written < target:
            chunk = []
            for _ in range(50_000):
                t += step * rng.randint(0, 3)
                u = rng.choice(users)
                ip = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                if fmt == "csv":
                    chunk.append(f"{t:%Y-%m-%dT%H:%M:%S},{u},{ip},{rng.choice(('login', 'logout'))}")
                else:
                    port = rng.randint(1024, 65535)
                    if rng.random() < 0.5:
                        chunk.append(f"{t:%Y-%m-%d %H:%M:%S} {ip}:{port} [{u}] Peer Connection "
                                     f"Initiated with [AF_INET]{ip}:{port}")
                    else:
                        chunk.append(f"{t:%Y-%m-%d %H:%M:%S} {u}/{ip}:{port} SIGTERM[soft,"
                                     "remote-exit] received, client-instance exiting")
            text = "\n".join(chunk) + "\n"
            fh.write(text)
            written += len(text)
            rows += len(chunk)
            if gap_at and written >= gap_at:  # one three-day hole in the middle
                t += dt.timedelta(days=3)
                gap_at = 0
    return rows, t.date()


def bench_kuajing(path: Path, fmt: str, as_of: dt.date) -> str:
    from kuajing.evidence.sessionlogs import options_from, run_audit, run_checks

    opts = options_from(kind="csv" if fmt == "csv" else "openvpn",
                        mapping="time=ts,user=login,address=src_ip,event=action"
                        if fmt == "csv" else None)
    result = run_audit([path], as_of=as_of, options=opts, key=b"\0" * 32)
    findings = run_checks(result)
    return (f"{result.coverage.records} records, {len(result.gaps())} gap(s), "
            f"{result.attribution.sessions} sessions, {len(findings)} findings")


def bench_polars(path: Path, fmt: str, as_of: dt.date) -> str:
    import polars as pl

    if fmt == "csv":
        lf = pl.scan_csv(path).with_columns(pl.col("ts").str.to_datetime("%Y-%m-%dT%H:%M:%S"))
        user = pl.col("login")
    else:
        lf = pl.scan_csv(path, has_header=False, separator="\x1f", quote_char=None,
                         new_columns=["line"]).with_columns(
            pl.col("line").str.slice(0, 19).str.to_datetime("%Y-%m-%d %H:%M:%S").alias("ts"))
        user = pl.col("line").str.extract(r"(user\d+)", 1)
    out = lf.select(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi"),
                    pl.len().alias("n"), user.n_unique().alias("users")).collect()
    row = out.row(0, named=True)
    return f"{row['n']} rows, {row['lo']} .. {row['hi']}, {row['users']} accounts"


def bench_duckdb(path: Path, fmt: str, as_of: dt.date) -> str:
    import duckdb

    con = duckdb.connect()
    if fmt == "csv":
        q = (f"SELECT min(ts), max(ts), count(*), count(DISTINCT login) FROM read_csv('{path}', "
             "header=true, columns={'ts': 'TIMESTAMP', 'login': 'VARCHAR', 'src_ip': 'VARCHAR', "
             "'action': 'VARCHAR'})")
    else:
        q = (f"SELECT min(t), max(t), count(*), count(DISTINCT u) FROM (SELECT "
             "strptime(substr(line, 1, 19), '%Y-%m-%d %H:%M:%S') AS t, "
             "regexp_extract(line, '(user[0-9]+)') AS u FROM read_csv('" + str(path) + "', "
             "header=false, delim='\x1f', quote='', escape='', columns={'line': 'VARCHAR'}))")
    lo, hi, n, users = con.execute(q).fetchone()
    return f"{n} rows, {lo} .. {hi}, {users} accounts"


ENGINES = {"kuajing": bench_kuajing, "polars": bench_polars, "duckdb": bench_duckdb}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-gb", type=float, default=1.0, help="size of the generated log (GiB)")
    ap.add_argument("--format", choices=("csv", "openvpn"), default="csv")
    ap.add_argument("--dir", type=Path, default=None, help="where to write the log")
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    ap.add_argument("--engines", default="kuajing,polars,duckdb")
    args = ap.parse_args(argv)

    folder = args.dir or Path(tempfile.gettempdir())
    path = folder / f"kuajing-bench-{args.format}-{args.size_gb:g}gb.log"
    t0 = time.perf_counter()
    rows, last_day = generate(path, args.size_gb, args.format)
    as_of = last_day + dt.timedelta(days=1)
    size = path.stat().st_size
    print(f"generated {path} ({size / GB:.2f} GiB = {size / DECIMAL_GB:.2f} GB, {rows:,} records) in "
          f"{time.perf_counter() - t0:.1f} s")
    print(f"machine: {machine()}")
    print(f"{'engine':<10} {'seconds':>9} {'GiB/min':>9} {'GB/min':>8} {'peak MiB':>9}  result")
    try:
        for name in args.engines.split(","):
            try:
                fn = ENGINES[name]
            except KeyError:
                print(f"{name:<10} unknown engine", file=sys.stderr)
                continue
            t0 = time.perf_counter()
            try:
                summary = fn(path, args.format, as_of)
            except ImportError as exc:
                print(f"{name:<10} {'skipped':>9}            ({exc.name} is not installed)")
                continue
            seconds = time.perf_counter() - t0
            rss = peak_rss_mib()
            print(f"{name:<10} {seconds:9.1f} {size / GB / (seconds / 60):9.2f} "
                  f"{size / DECIMAL_GB / (seconds / 60):8.2f} {rss if rss is not None else 0:9.0f}  {summary}")
            sys.stdout.flush()
    finally:
        if not args.keep:
            os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
