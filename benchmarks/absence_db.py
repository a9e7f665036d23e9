"""Benchmarks of the absence module through the database and the real commands.

1. `absence_report --by month` over 4 years for 5,000 employees, as a whole command including
   Python and Django start-up (target < 1.5 s);
2. `import_absences` of 30,000 episodes: validate everything, then bulk-create (target < 20 s).

Uses a throw-away SQLite database in a temporary folder (or DATABASE_URL if you pass --database-url)
filled with the synthetic organisation of benchmarks/absence_stats.py.

    .venv/bin/python benchmarks/absence_db.py [--employees 5000] [--episodes 30000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORT_TARGET_S = 1.5
IMPORT_TARGET_S = 20.0


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def fill(org, *, with_episodes: bool) -> tuple[int, int]:
    """Teams, employees and contract periods (and episodes) of the synthetic organisation."""
    import pandas as pd

    from absence.models import Episode, PartialRecovery
    from hrm.models import ContractPeriod, Employee, Team

    contracts = org.contracts
    teams = {
        name: Team.objects.create(name=f"Team {name}")
        for name in sorted(contracts["team"].astype(str).unique())
    }
    ids = sorted(contracts["employee_id"].unique())
    Employee.objects.bulk_create(
        [
            Employee(
                id=int(i),
                personnel_number=f"B{int(i):06d}",
                first_name="Bench",
                last_name=f"Mark {int(i)}",
                sort_name=f"mark {int(i):06d}",
            )
            for i in ids
        ],
        batch_size=2000,
    )
    ContractPeriod.objects.bulk_create(
        [
            ContractPeriod(
                employee_id=int(r.employee_id),
                team=teams[str(r.team)],
                start=pd.Timestamp(r.start).date(),
                end=None if pd.isna(r.end) else pd.Timestamp(r.end).date(),
                hours_per_week=round(float(r.hours_per_week), 2),
                job_title="Generalist",
            )
            for r in contracts.itertuples()
        ],
        batch_size=2000,
    )
    if with_episodes:
        episodes = org.episodes
        Episode.objects.bulk_create(
            [
                Episode(
                    id=int(r.episode_id),
                    employee_id=int(r.employee_id),
                    first_sick_day=pd.Timestamp(r.first_sick_day).date(),
                    recovered_on=None
                    if pd.isna(r.recovered_on)
                    else pd.Timestamp(r.recovered_on).date(),
                )
                for r in episodes.itertuples()
            ],
            batch_size=2000,
        )
        PartialRecovery.objects.bulk_create(
            [
                PartialRecovery(
                    episode_id=int(r.episode_id),
                    start=pd.Timestamp(r.start).date(),
                    percentage=round(float(r.percentage), 2),
                )
                for r in org.partials.itertuples()
            ],
            batch_size=2000,
        )
    return len(ids), len(org.episodes) if with_episodes else 0


def run(command: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, result


def episodes_csv(org, limit: int) -> str:
    import pandas as pd

    # only episodes whose first sick day lies in employment (the generator also makes some in gaps)
    pairs = org.episodes.merge(org.contracts[["employee_id", "start", "end"]], on="employee_id")
    first = pd.to_datetime(pairs["first_sick_day"])
    inside = (pd.to_datetime(pairs["start"]) <= first) & (
        pairs["end"].isna() | (first <= pd.to_datetime(pairs["end"]))
    )
    valid = set(pairs.loc[inside, "episode_id"])
    episodes = org.episodes[org.episodes["episode_id"].isin(valid)].head(limit)
    steps = org.partials[org.partials["episode_id"].isin(episodes["episode_id"])]
    by_episode = {
        key: ";".join(
            f"{pd.Timestamp(s).date().isoformat()}={p:g}"
            for s, p in zip(g["start"], g["percentage"], strict=True)
        )
        for key, g in steps.groupby("episode_id")
    }
    lines = ["personnel_number,first_sick_day,recovered_on,partial_recovery"]
    for r in episodes.itertuples():
        recovered = (
            "" if pd.isna(r.recovered_on) else pd.Timestamp(r.recovered_on).date().isoformat()
        )
        lines.append(
            f"B{int(r.employee_id):06d},{pd.Timestamp(r.first_sick_day).date().isoformat()},{recovered},"
            f'"{by_episode.get(r.episode_id, "")}"'
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=5_000)
    parser.add_argument("--episodes", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from benchmarks.absence_stats import generate

    org = generate(args.employees, 4)
    checks = []
    with tempfile.TemporaryDirectory() as folder:
        report_db = f"sqlite:///{folder}/report.sqlite3"
        import_db = f"sqlite:///{folder}/import.sqlite3"
        env = {**os.environ, "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
        python = sys.executable
        for url in (report_db, import_db):
            migrate = subprocess.run(
                [python, "manage.py", "migrate", "-v0"],
                env={**env, "DATABASE_URL": url},
                cwd=ROOT,
                check=False,
                capture_output=True,
                text=True,
            )
            if migrate.returncode:
                print(migrate.stderr)
                return 1

        # 1. the report command, whole process
        setup_django(report_db)
        from django.db import connections

        started = time.perf_counter()
        people, n_episodes = fill(org, with_episodes=True)
        print(
            f"Report database: {people:,} employees, {len(org.contracts):,} contract periods, "
            f"{n_episodes:,} episodes, {len(org.partials):,} partial recoveries ({time.perf_counter() - started:.1f} s to load)"
        )
        connections.close_all()
        command = [
            python,
            "manage.py",
            "absence_report",
            "--start",
            org.start.isoformat(),
            "--end",
            org.end.isoformat(),
            "--by",
            "month",
        ]
        times = []
        for _ in range(args.repeat):
            elapsed, result = run(command, {**env, "DATABASE_URL": report_db})
            if result.returncode:
                print(result.stderr)
                return 1
            times.append(elapsed)
        best = min(times)
        print(
            f"absence_report --by month, 4 years, whole command: best {best:.2f} s of {args.repeat} "
            f"({', '.join(f'{t:.2f}' for t in times)})"
        )
        startup, _r = run([python, "manage.py", "check", "-v0"], {**env, "DATABASE_URL": report_db})
        print(f"  (for comparison, `manage.py check` start-up alone: {startup:.2f} s)")
        checks.append(
            (
                f"absence_report --by month, 4 years, {people:,} employees, whole command",
                best < REPORT_TARGET_S,
                f"{best:.2f} s (target < {REPORT_TARGET_S} s)",
            )
        )

        # 2. the import command: employees and contracts in place, then N episodes from CSV
        import django.conf

        django.conf.settings.DATABASES["default"]["NAME"] = f"{folder}/import.sqlite3"
        connections.close_all()
        connections["default"].settings_dict["NAME"] = f"{folder}/import.sqlite3"
        fill(org, with_episodes=False)
        connections.close_all()
        csv_path = Path(folder) / "episodes.csv"
        csv_path.write_text(episodes_csv(org, args.episodes), encoding="utf-8")
        rows = csv_path.read_text(encoding="utf-8").count("\n") - 1
        elapsed, result = run(
            [python, "manage.py", "import_absences", str(csv_path)],
            {**env, "DATABASE_URL": import_db},
        )
        print(
            f"import_absences of {rows:,} episodes, whole command: {elapsed:.2f} s -> {result.stdout.strip() or result.stderr.strip()[:500]}"
        )
        ok = result.returncode == 0 and elapsed < IMPORT_TARGET_S
        checks.append(
            (
                f"import_absences of {rows:,} episodes",
                ok,
                f"{elapsed:.2f} s (target < {IMPORT_TARGET_S:.0f} s)",
            )
        )
        elapsed2, result2 = run(
            [python, "manage.py", "import_absences", str(csv_path)],
            {**env, "DATABASE_URL": import_db},
        )
        print(
            f"  the same file again (nothing changes): {elapsed2:.2f} s -> {result2.stdout.strip()}"
        )

    print()
    for label, ok, measured in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured}")
    return 0 if all(ok for _l, ok, _m in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
