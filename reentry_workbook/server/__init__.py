"""The workbook server: Voila with keys, a kernel cap, a Host check and its own start pages."""
