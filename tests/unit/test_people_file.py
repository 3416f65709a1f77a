"""The HR export reader (adapters/people_file.py) on any file: each row becomes a checked
profile row or the whole file is refused with a line number, never another error."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.people_file import KEYS, PeopleFileError, read_profiles

COLUMNS = st.sampled_from(["id", "email", "team", "office", "location", "timezone", "hours",
                           "title", "ID", " Email "])
CELLS = st.one_of(st.text(max_size=30), st.sampled_from(
    ["ana", "ana@acme.example", "Europe/Lisbon", "Mars/Base", "9-17", "8:30-16:30", "17-9",
     "payments", "", "x" * 300]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(COLUMNS, min_size=1, max_size=5, unique=True),
       st.lists(st.lists(CELLS, min_size=5, max_size=5), max_size=6))
def test_any_export_gives_checked_rows_or_one_refusal(tmp_path, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(row[:len(header)] for row in rows)
    path = tmp_path / "hr.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        found = read_profiles(path)
    except PeopleFileError as exc:
        assert "line " in str(exc)
        return
    for row in found:
        assert row.by in KEYS and row.key and row.key.isprintable()
        assert set(row.values) <= {"team", "office", "timezone", "work_start", "work_end"}
        if "work_start" in row.values:
            assert 0 <= row.values["work_start"] < row.values["work_end"] <= 24 * 60
        assert all(isinstance(v, (str, int)) for v in row.values.values())


def test_an_export_saved_in_another_encoding_is_refused_in_one_line(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_bytes("id,team\nana,Recherche et développement\n".encode("latin-1"))
    try:
        read_profiles(path)
    except PeopleFileError as exc:
        assert "not UTF-8 text" in str(exc)
    else:
        raise AssertionError("a Latin-1 file was read")
