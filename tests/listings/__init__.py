"""Tests of jobportal.listings."""
