"""Files other programs read or write: JSON interchange, spreadsheets of people, mind maps, the
copies to merge and the merge report; written all or nothing (`writing`). Importers that build an
event file hand their records to the store; nothing here draws a page."""
