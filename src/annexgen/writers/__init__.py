"""Writers: document model to file bytes, one package per deliverable."""
