"""Returnee area: profile, matches, watch list, municipality pages and the talent pool."""
