"""Reports and exports: plain data computed from scoped queries, and their writers."""
