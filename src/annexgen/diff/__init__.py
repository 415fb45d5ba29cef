"""`annexgen diff`: what changed in the outcomes between two versions of the content."""
