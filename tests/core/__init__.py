"""Tests of jobportal.core."""
