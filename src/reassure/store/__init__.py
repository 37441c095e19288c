"""The DuckDB store: schema, migrations, ingest bookkeeping, queries and exports."""

from reassure.store.db import Store, spatial_extension_path

__all__ = ["Store", "spatial_extension_path"]
