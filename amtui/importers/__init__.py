"""CSV / XLSX import: header mapping, validation, dry run, all or nothing."""
