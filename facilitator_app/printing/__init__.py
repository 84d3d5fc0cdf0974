"""Printed documents (reportlab lives here and nowhere else): the synthesis, the carnet de bord and
its booklet, the table plans. They read an `EventSnapshot` and never the event file."""
