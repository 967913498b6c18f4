"""``make bench`` keeps working: the generator and the timings run on a small space."""

from __future__ import annotations

from tests.support.processes import run_python


def test_the_benchmark_generates_a_space_and_times_every_page(migrated_sqlite_database):
    result = run_python(
        [
            "-m",
            "bench.run",
            "--members",
            "10",
            "--items",
            "20",
            "--repeat",
            "1",
            "--budget-ms",
            "60000",
            "--from-database",
            str(migrated_sqlite_database),
        ],
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Generated a space of 10 members and 20 items" in result.stdout
    assert "/projects/" in result.stdout and "/threads/" in result.stdout
    assert "Every page's median is within 60000 ms." in result.stdout
