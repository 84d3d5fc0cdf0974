"""Qt-free outputs: JSON interchange now; PDF (reportlab) and CSV later. Only place for reportlab."""
