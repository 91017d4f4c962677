"""Tests of jobportal.privacy."""
