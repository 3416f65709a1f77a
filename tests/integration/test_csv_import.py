"""Importing the common CSV format: one transaction, clear errors naming the line, idempotent."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from adapters.imports import CsvInteractions, ImportFileError, read_people
from bot.store import Store

HEADER = "timestamp,actor,target,kind,channel\n"
GOOD = HEADER + (
    "2015-06-01T08:00:40Z,ana,bea,contact,\n"
    "2015-06-01T08:01:00Z,bea,,message,#general\n"
    "2015-06-01T08:01:00Z,bea,,message,#general\n"
    "2015-06-01T09:00:00.500Z,cai,ana,mention,#random\n"
)


def write(tmp_path: Path, text: str, name: str = "interactions.csv") -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt") as out:
            out.write(text)
    else:
        path.write_text(text)
    return path


def test_a_good_file_is_imported_with_identical_rows_kept_apart(store: Store, tmp_path):
    result = store.import_interactions("t", [], CsvInteractions(write(tmp_path, GOOD)))
    assert (result.interactions_seen, result.interactions_added) == (4, 4)
    kinds = [i.kind for i in store.interactions("t")]
    assert kinds == ["contact", "message", "message", "mention"]


def test_importing_the_same_file_twice_stores_nothing_new(store: Store, tmp_path):
    path = write(tmp_path, GOOD, "interactions.csv.gz")
    store.import_interactions("t", [], CsvInteractions(path))
    again = store.import_interactions("t", [], CsvInteractions(path))
    assert again.interactions_added == 0 and again.people_added == 0
    assert store.interaction_count("t") == 4


@pytest.mark.parametrize("row, problem", [
    ("2015-06-01T08:00:40Z,ana,bea,hug,", "line 3: unknown kind 'hug'"),
    ("yesterday,ana,bea,reply,", "line 3: bad timestamp 'yesterday'"),
    ("2015-06-01T08:00:40Z,ana,ana,reply,", "line 3: ana interacts with themselves"),
    ("2015-06-01T08:00:40Z,,bea,reply,", "line 3: actor is empty"),
    ("2015-06-01T08:00:40Z,ana,,mention,", "line 3: a mention needs a target"),
    ("2015-06-01T08:00:40Z,ana,bea,reply,#x,extra", "line 3: more fields than the header has"),
])
def test_a_bad_row_names_its_line_and_nothing_is_written(store: Store, tmp_path, row, problem):
    text = HEADER + "2015-06-01T08:00:00Z,ana,bea,reply,\n" + row + "\n"
    with pytest.raises(ImportFileError, match=problem):
        store.import_interactions("t", [], CsvInteractions(write(tmp_path, text)))
    assert store.tenant_names() == []


def test_a_bad_row_late_in_a_big_file_rolls_back_every_batch(store: Store, tmp_path):
    rows = [f"2015-06-01T08:00:{i % 60:02d}Z,p{i % 50},p{(i + 1) % 50},reply," for i in range(12000)]
    text = HEADER + "\n".join(rows) + "\nnot-a-time,a,b,reply,\n"
    with pytest.raises(ImportFileError, match="line 12002"):
        store.import_interactions("t", [], CsvInteractions(write(tmp_path, text)))
    assert store.tenant_names() == []


def test_an_empty_file_or_one_without_rows_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="empty"):
        list(CsvInteractions(write(tmp_path, "")))
    with pytest.raises(ImportFileError, match="no interactions"):
        list(CsvInteractions(write(tmp_path, HEADER)))


def test_a_missing_column_is_named(tmp_path):
    with pytest.raises(ImportFileError, match="missing column.*kind"):
        list(CsvInteractions(write(tmp_path, "timestamp,actor,target\n1,2,3\n")))


def test_a_file_that_is_not_gzip_despite_its_name_is_refused(tmp_path):
    path = tmp_path / "interactions.csv.gz"
    path.write_text(GOOD)
    with pytest.raises(ImportFileError, match="not a readable CSV"):
        list(CsvInteractions(path))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ImportFileError, match="no such file"):
        CsvInteractions(tmp_path / "nope.csv")


def test_people_carry_team_name_location_and_timezone(tmp_path):
    path = write(tmp_path, "id,team,name,location,timezone\nana,DSE,Ana Ruiz,Lisbon,Europe/Lisbon\n"
                           "bea,DMI,,,\n", "people.csv")
    ana, bea = read_people(path)
    assert (ana.team, ana.name, ana.office, ana.timezone) == ("DSE", "Ana Ruiz", "Lisbon",
                                                             "Europe/Lisbon")
    assert (bea.office, bea.timezone) == (None, "UTC")


def test_people_with_an_unknown_timezone_or_twice_listed_are_refused(tmp_path):
    bad_zone = write(tmp_path, "id,timezone\nana,Mars/Olympus\n", "p1.csv")
    with pytest.raises(ImportFileError, match="line 2: unknown time zone"):
        read_people(bad_zone)
    twice = write(tmp_path, "id\nana\nana\n", "p2.csv")
    with pytest.raises(ImportFileError, match="line 3: ana is listed twice"):
        read_people(twice)


def test_the_real_workplace_dataset_imports_completely(store: Store):
    data = Path(__file__).parents[2].parent / "shared" / "data" / "sociopatterns-workplace-2015"
    if not data.is_dir():
        pytest.skip(f"shared data not found at {data}")
    people = read_people(data / "people.csv")
    result = store.import_interactions("sp", people, CsvInteractions(data / "interactions.csv.gz"))
    assert result.interactions_added == 78249
    active = {p for i in store.interactions("sp") for p in (i.actor, i.target)}
    assert len(active) == 217
    assert set(store.people("sp")) == {p.id for p in people} | active
