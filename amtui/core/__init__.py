"""The business rules as plain Python: no Textual, no xlsxwriter (a test holds this)."""
