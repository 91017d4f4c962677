"""Tests of jobportal.returnees."""
