"""Random points near the line of contact, clear of the boundaries that matter.

A planted anomaly is only useful as ground truth if nobody can argue about which side
of a zone boundary it lies on, so :class:`LineSampler` draws points whose distance to
the line is in a given range, at least ``margin_m`` from a list of distances (the DMZ
edge, the withdrawal bands) and at least ``margin_m`` inside Ukraine's outline.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import shapely
from shapely import Geometry

from reassure.geo.metric import local_projection

__all__ = ["LineSampler"]

FloatArray = npt.NDArray[np.float64]


class LineSampler:
    """Draw points by distance from a line, inside an area (both lon/lat)."""

    def __init__(
        self, line: Geometry, area: Geometry, reach_m: float, margin_m: float = 2_000.0
    ) -> None:
        minx, miny, maxx, maxy = line.bounds
        self.plane = local_projection((minx + maxx) / 2, (miny + maxy) / 2)
        self.line_m = self.plane.to_metric(line)
        self.margin_m = margin_m
        lx, ly, hx, hy = self.line_m.bounds  # the bounds of the line's reach_m buffer:
        self.box = (lx - reach_m, ly - reach_m, hx + reach_m, hy + reach_m)
        frame = shapely.box(*self.box).buffer(margin_m * 2)
        inside = self.plane.to_metric(area).intersection(frame).buffer(-margin_m)
        shapely.prepare(inside)
        self.inside = inside

    def sample(
        self,
        rng: np.random.Generator,
        count: int,
        min_m: float,
        max_m: float,
        avoid_m: Sequence[float] = (),
        batch: int = 4096,
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """``count`` points (lon, lat, distance to the line in metres), uniform over the
        part of the area between ``min_m`` and ``max_m`` from the line, and at least
        ``margin_m`` from every distance in ``avoid_m``."""
        xs: list[FloatArray] = []
        ys: list[FloatArray] = []
        ds: list[FloatArray] = []
        found = 0
        minx, miny, maxx, maxy = self.box
        for _ in range(10_000):
            if found >= count:
                break
            x = rng.uniform(minx, maxx, batch)
            y = rng.uniform(miny, maxy, batch)
            keep = shapely.contains_xy(self.inside, x, y)
            x, y = x[keep], y[keep]
            d = shapely.distance(shapely.points(x, y), self.line_m)
            keep = (d >= min_m) & (d <= max_m)
            for edge in avoid_m:
                keep &= np.abs(d - edge) >= self.margin_m
            xs.append(x[keep])
            ys.append(y[keep])
            ds.append(d[keep])
            found += int(keep.sum())
        if found < count:
            raise ValueError(f"no room for {count} points {min_m:.0f}-{max_m:.0f} m from the line")
        x_all = np.concatenate(xs)[:count]
        y_all = np.concatenate(ys)[:count]
        lon, lat = self.plane.lonlat(x_all, y_all)
        return np.round(lon, 5), np.round(lat, 5), np.concatenate(ds)[:count]
