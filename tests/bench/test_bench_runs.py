"""``make bench`` keeps working: the generators and the timings run on a small space and
a small meeting."""

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
            "--participants",
            "10",
            "--posts",
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
    assert "Generated a meeting of 10 participants and 20 posts" in result.stdout
    for page in ("/discussions/", "/progress/"):
        assert page in result.stdout
    assert "Every page's median is within 60000 ms." in result.stdout
