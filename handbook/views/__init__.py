"""The handbook pages, by subject: reading, writing, and the PVT's review."""
