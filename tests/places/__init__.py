"""Tests of jobportal.places."""
