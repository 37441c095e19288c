"""The compiled table readers are generated from the bit layouts: the committed file must
be what the generator writes, and every field column of every table must be read."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import reassure.sea
from reassure.sea.fieldcode import READERS, kernel_source
from reassure.sea.schema import LAYOUTS, PROVENANCE, TABLE_LAYOUTS, table_schema

GENERATED = Path(reassure.sea.__file__).parent / "_fieldkernels.py"


def test_the_committed_readers_are_what_the_generator_writes() -> None:
    assert GENERATED.read_text() == kernel_source(), (
        "run: python -m reassure.sea.fieldcode > src/reassure/sea/_fieldkernels.py"
    )


def test_every_field_of_every_table_has_a_reader_column() -> None:
    derived = {"full_name", "payload", "fill_bits"}
    for table, layouts in TABLE_LAYOUTS.items():
        fields = {f.name for layout in layouts for f in LAYOUTS[layout]}
        columns = {c.name for c in READERS[table].columns}
        schema = table_schema(table)
        assert columns == {name for name in schema if name in fields}, table
        assert set(schema) - set(PROVENANCE) - columns <= derived, table
        for column in READERS[table].columns:
            dtype = schema[column.name]
            assert (column.dtype == "text") == (dtype == pl.String), column
