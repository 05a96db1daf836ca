"""`advisor frameworks` and `advisor assess`."""
