# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The record-count computes ("Customers" on a tier, "NPS answers" on a contact...): one
``read_group`` for the whole recordset, with the reader's rights unless ``sudo``."""


def set_counts(records, count_field, model, inverse_field, sudo=False):
    """Set ``count_field`` of each of ``records`` to how many ``model`` rows point to it
    through their many2one ``inverse_field``.

    Reading with the caller's rights counts what the caller may read (its record rules);
    ``sudo`` counts every row (for a figure the caller may see but not the rows behind).
    """
    Model = records.env[model].sudo() if sudo else records.env[model]
    groups = Model.read_group([(inverse_field, "in", records.ids)], [inverse_field], [inverse_field])
    counts = {group[inverse_field][0]: group[inverse_field + "_count"] for group in groups}
    for record in records:
        record[count_field] = counts.get(record.id, 0)
