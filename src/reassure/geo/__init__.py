"""Geography: zones, offline basemap, metric helpers."""
