"""Reports built once as plain data; xlsx.py renders them (the only module importing xlsxwriter)."""
