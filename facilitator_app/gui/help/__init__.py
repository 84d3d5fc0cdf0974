"""Help inside the window: the manual (`manual`, `window`) and the first-run tour (`tour`).

Nothing here is imported at start-up: the main window imports these modules the first time
the person asks for help or the tour starts.
"""
