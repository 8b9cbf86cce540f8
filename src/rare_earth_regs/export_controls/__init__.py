"""China's 2025 export controls on rare earth items, date-aware and with a knowledge horizon.

* :mod:`~rare_earth_regs.export_controls.items`: :class:`ExportItem`, the goods or technology
  asked about (form, element content, product class, customs code).
* :mod:`~rare_earth_regs.export_controls.controls`: the shipped data (control codes, listings,
  the customs-code mapping marked confirmed or inferred, No. 61's limbs) and
  :func:`knowledge_horizon`.
* :mod:`~rare_earth_regs.export_controls.licensing`: :func:`export_licence_required` and
  No. 61's by-value rule, :func:`foreign_made_item_licence_required`.

>>> from datetime import date
>>> answer = export_licence_required(ExportItem(form="oxide", content=["Y"]), on=date(2025, 6, 1))
>>> answer.status.value, answer.control_codes
('required', ('1C908',))
"""

from __future__ import annotations

from rare_earth_regs.export_controls.controls import (
    ControlCode,
    CustomsMapping,
    ExportControlData,
    ForeignMadeRule,
    Listing,
    customs_mappings,
    export_control_data,
    knowledge_horizon,
)
from rare_earth_regs.export_controls.items import CONTAINS, ExportItem, ItemForm
from rare_earth_regs.export_controls.licensing import (
    CONTROLS_ENCODED_FROM,
    LicenceAnswer,
    LicenceStatus,
    export_licence_required,
    foreign_made_item_licence_required,
    meets_value_threshold,
)

__all__ = [
    "CONTAINS",
    "CONTROLS_ENCODED_FROM",
    "ControlCode",
    "CustomsMapping",
    "ExportControlData",
    "ExportItem",
    "ForeignMadeRule",
    "ItemForm",
    "LicenceAnswer",
    "LicenceStatus",
    "Listing",
    "customs_mappings",
    "export_control_data",
    "export_licence_required",
    "foreign_made_item_licence_required",
    "knowledge_horizon",
    "meets_value_threshold",
]
