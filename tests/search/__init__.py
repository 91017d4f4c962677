"""Tests of jobportal.search."""
