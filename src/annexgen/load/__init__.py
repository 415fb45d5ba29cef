"""Reading the content folder into the content model, with located diagnostics."""
