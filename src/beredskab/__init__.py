"""beredskab: compliance linter and revision tracker for Danish municipal preparedness
plans against extremism (Barnets lov § 15, stk. 3)."""

__version__ = "0.1.0"
