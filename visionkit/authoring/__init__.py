"""Tools for the workgroup: a new site, importing a spreadsheet, schemas, the reference."""
