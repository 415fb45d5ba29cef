"""The document model: each deliverable composed from the content as blocks or a matrix."""
