"""The benchmark script runs end to end on a tiny log (no timing is asserted)."""

from __future__ import annotations

import importlib.util

from .conftest import REPO


def test_benchmark_runs_on_a_tiny_log(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("logs_bench", REPO / "benchmarks" / "logs_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    for fmt in ("csv", "openvpn"):
        assert bench.main(["--size-gb", "0.0005", "--format", fmt, "--dir", str(tmp_path),
                           "--engines", "kuajing"]) == 0
    out = capsys.readouterr().out
    assert out.count("kuajing ") == 2 and out.count(" findings") == 2
    assert list(tmp_path.iterdir()) == []  # the generated files are removed
