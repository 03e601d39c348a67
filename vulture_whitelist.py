"""Names vulture (make lint) reports as unused that are used where it cannot see: keep this list short.

Each entry says why. A name that is really unused is removed from the code, not added here.
"""
# ruff: noqa
_ = object()

# read by name, not by attribute access
plan_no  # etl/inputs/reference.py: a Plan field, written to dim_plan through vars(plan)
author_role  # warehouse/reviews.py: an Entry field, stored with every revision (the audit says who wrote it)
_.buffer_text, _.StartDoctypeDeclHandler, _.EntityDeclHandler  # etl/uploads/xlsx_parts.py: expat reads them
_.StartElementHandler, _.EndElementHandler, _.CharacterDataHandler  # (expat's handler attributes)
signum  # deploy/serve.py: a signal handler's required parameter

# results and protocol fields, written out with dataclasses.asdict / sent over the websocket (bench/)
_.finished_at, finished_at, p99_ms, max_ms, input_files, sample_seconds, copy_peak_rss, copy_failed
server_cpu_seconds, client_cpu_seconds, _.string_value, _.locale, _.timezone, _.timezone_offset, _.is_embedded

# pytest finds these by name
pytest_collection_modifyitems, pytestmark, project_root, fresh_lockout, kyushu_2020_2022, stall, _.sheet_state

# read by the library it is handed to
_.name_IDs  # reports/export.py: a fontTools subset option
