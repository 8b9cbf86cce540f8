"""The data model: elements, products, enterprises, quotas and monthly flow reports.

These are frozen attrs classes that enforce the invariants of the data (a tonnage is
not negative, a USCC has a valid check character, a month lies between 1 and 12).
They encode no compliance logic: a quota overrun is valid data, and the rules in
:mod:`rare_earth_regs.rules` report it as a finding.
"""
