"""The build pipeline and what drives it: build, watch and init."""
