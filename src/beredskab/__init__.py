"""beredskab: compliance linter and revision tracker for Danish municipal preparedness
plans against extremism (Barnets lov § 15, stk. 3)."""

__version__ = "0.1.0"

from beredskab import dataclass_cache as _dataclass_cache

# Before any of the package's modules define their dataclasses (see dataclass_cache).
_dataclass_cache.install()
