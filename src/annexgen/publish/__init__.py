"""Publishing: the output folder swapped in one step, and its manifest."""
