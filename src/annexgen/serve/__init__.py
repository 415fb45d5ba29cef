"""The mapping workbench: a local web application over the content folder (annexgen serve)."""
