"""benchmarks/absence_stats.py on a tiny organisation: its generator gives valid input and its
computations give sane, consistent figures. Behaviour only; no timing assertions."""

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from absence import stats
from tests.absence import reference
from tests.absence.test_stats_properties import assert_same

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "absence_stats.py"
START, END = date(2021, 1, 1), date(2021, 12, 31)


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark_absence_stats", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def org(bench):
    return bench.generate(50, 1, seed=7)


@pytest.fixture(scope="module")
def figures(bench, org):
    return bench.compute_all(bench.prepare(org), org.start, org.end, by_team=True)


def test_generator_is_deterministic_and_covers_the_period(bench, org):
    again = bench.generate(50, 1, seed=7)
    for name in ("contracts", "episodes", "partials"):
        pd.testing.assert_frame_equal(getattr(org, name), getattr(again, name))
    assert (org.start, org.end) == (START, END)
    assert org.contracts["employee_id"].nunique() == 50
    assert len(org.episodes) > 0 and org.contracts["team"].nunique() > 1


def test_generated_intervals_are_valid_input(org):
    far = pd.Timestamp("2200-01-01")
    contracts = org.contracts.sort_values(["employee_id", "start"])
    same = contracts["employee_id"].eq(contracts["employee_id"].shift(-1))
    assert (contracts["end"].isna() | (contracts["end"] >= contracts["start"])).all()
    assert not (same & (contracts["start"].shift(-1) <= contracts["end"].fillna(far))).any()
    assert not (same & contracts["end"].isna()).any()  # only the last contract may be open

    episodes = org.episodes.sort_values(["employee_id", "first_sick_day"])
    recovered = episodes["recovered_on"].fillna(far)
    same = episodes["employee_id"].eq(episodes["employee_id"].shift(-1))
    assert (recovered > episodes["first_sick_day"]).all()
    assert not (same & (episodes["first_sick_day"].shift(-1) < recovered)).any()  # no overlap

    steps = org.partials.merge(org.episodes, on="episode_id", validate="many_to_one")
    assert (steps["start"] > steps["first_sick_day"]).all()
    assert (steps["start"] < steps["recovered_on"].fillna(far)).all()
    assert steps["percentage"].between(0, 100, inclusive="left").all()
    assert not org.partials.duplicated(["episode_id", "start"]).any()


def test_series_have_one_group_per_bucket(figures):
    assert [g["key"] for g in figures["total"]] == ["total"]
    assert [g["key"] for g in figures["months"]] == [b[0] for b in stats.month_buckets(START, END)]
    assert [g["key"] for g in figures["weeks"]] == [b[0] for b in stats.week_buckets(START, END)]
    assert len(figures["months"]) == 12


def test_every_figure_is_in_range(figures):
    for series, groups in figures.items():
        for group in groups:
            where = (series, group["key"])
            assert 0 <= group["sick_days"] <= group["available_days"] + 1e-9, where
            assert group["average_headcount"] >= 0, where
            percentage = group["absence_percentage"]
            if percentage is None:
                assert group["available_days"] == 0, where
                continue
            assert 0 <= percentage <= 100, where
            assert group["status"] in {"green", "amber", "red"}, where
            by_class = group["absence_percentage_by_class"]
            assert all(0 <= v <= 100 for v in by_class.values()), where
            assert sum(by_class.values()) == pytest.approx(percentage, abs=1e-9), where
            assert 0 <= group["zero_absence_percentage"] <= 100, where
            if group["mean_duration_days"] is not None:
                assert group["mean_duration_days"] >= 1, where


def test_empty_buckets_are_exactly_zero(figures):
    # Day sums come from a float running sum; its round-off (about 1e-16) must not leak into a
    # bucket without a single day, e.g. as a -0.0% duration class.
    for series, groups in figures.items():
        for group in groups:
            values = [group["sick_days"], group["available_days"]]
            values += [v for v in group["absence_percentage_by_class"].values() if v is not None]
            assert all(v == 0 or v > 1e-9 for v in values), (series, group["key"], values)


def test_a_team_nobody_works_in_any_more_has_no_percentage():
    # Part-time factors that do not cancel exactly in floating point (12.5/36, 28/36, 20/36).
    contracts = pd.DataFrame(
        [
            {
                "employee_id": i,
                "team": "A",
                "start": date(2024, 1, 1 + i),
                "end": date(2024, 2, 10 + i),
                "hours_per_week": hours,
            }
            for i, hours in enumerate([12.5, 28.0, 20.0])
        ]
    )
    episodes = pd.DataFrame(columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"])
    prepared = stats.prepare(contracts, episodes)
    months = stats.compute(
        prepared, stats.month_buckets(date(2024, 1, 1), date(2024, 6, 30)), by_team=True
    )
    for group in months[2:]:  # March to June: nobody in team A
        assert group["available_days"] == 0 and group["average_headcount"] == 0
        assert group["absence_percentage"] is None and group["status"] is None


@pytest.mark.parametrize("series", ["months", "weeks", "team_total"])
def test_additive_figures_add_up_to_the_total(figures, series):
    total = figures["total"][0]
    assert total["sick_days"] > 0 and total["episodes_started"] > 0
    for key in ("sick_days", "available_days"):
        parts = sum(g[key] for g in figures[series])
        assert parts == pytest.approx(total[key], rel=1e-9), key
    for key in ("episodes_started", "episodes_ended"):
        assert sum(g[key] for g in figures[series]) == total[key], key


def test_team_series_add_up_to_the_team_totals(figures):
    team_totals = {g["key"]: g for g in figures["team_total"]}
    assert team_totals
    for series in ("team_months", "team_weeks"):
        sick = {}
        for group in figures[series]:
            sick[group["key"]] = sick.get(group["key"], 0.0) + group["sick_days"]
        assert sick.keys() == team_totals.keys()
        for team, value in sick.items():
            assert value == pytest.approx(team_totals[team]["sick_days"], rel=1e-9), team


def test_report_gives_the_same_figures(bench, org, figures):
    prepared = bench.prepare(org)
    monthly = stats.report(prepared, start=START, end=END, by="month")
    internal = {"key", "population", "bucket"}
    assert monthly["groups"] == [stats.publish(g) for g in figures["months"]]
    assert monthly["total"] == {k: v for k, v in figures["total"][0].items() if k not in internal}


def test_date_columns_give_the_same_figures(bench, org, figures):
    python_dates = bench.as_python_dates(org)
    assert isinstance(python_dates.contracts["start"].iloc[0], date)
    prepared = bench.prepare(python_dates)
    assert bench.compute_all(prepared, START, END, by_team=True) == figures


def test_engine_matches_the_per_day_reference_on_a_generated_organisation(bench):
    org = bench.as_python_dates(bench.generate(6, 1, seed=11))
    records = [
        org.contracts.astype(object).to_dict("records"),
        org.episodes.astype(object).to_dict("records"),
        org.partials.astype(object).to_dict("records"),
    ]
    result = stats.report(bench.prepare(org), start=START, end=END, by="month")
    assert_same(result["total"], reference.figures(*records, START, END), "total")
    for group, (key, b_start, b_end) in zip(
        result["groups"], stats.month_buckets(START, END), strict=True
    ):
        assert_same(group, reference.figures(*records, b_start, b_end), key)


def test_main_runs_with_small_arguments(bench, capsys):
    bench.main(
        ["--employees", "20", "--years", "1", "--repeat", "1"]
    )  # its exit status depends on timing
    out = capsys.readouterr().out
    assert "20 employees" in out
    assert "stats.prepare" in out and 'stats.report(by="week")' in out
    assert "tracemalloc peak" in out and "max RSS delta" in out
    assert "see benchmarks/absence_db.py" in out
    verdicts = [line for line in out.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(verdicts) == 2
