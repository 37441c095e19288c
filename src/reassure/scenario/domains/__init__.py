"""Domain modules of the scenario generator, discovered by ``pkgutil.iter_modules``.

Each module (name not starting with ``_``) defines ``ORDER: int`` and
``generate(ctx: ScenarioContext) -> None``; they run sorted by (ORDER, name):

| ORDER | module | writes |
|---|---|---|
| 10 | ``zones`` | ``zones.geojson``; fills ``ctx.zones`` |
| 20 | ``coalition`` | ``coalition/``: nations, requirements, pledges, lift, ``coa/`` |
| 30 | ``land_reports`` | ``land/monitor_reports.csv``; ground truth |
| 40 | ``ais`` | ``sea/ais.nmea`` (``.gz`` when large); ground truth (``scenario.ais``) |

A module draws random numbers only from ``ctx.rng(name)`` with its own name, so adding
a module never changes what another writes.
"""
