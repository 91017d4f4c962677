"""Tests of jobportal.web."""
