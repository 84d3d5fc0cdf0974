"""Qt-free outputs: JSON interchange now, PDF (reportlab, only here) and CSV later."""
