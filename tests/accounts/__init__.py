"""Tests of jobportal.accounts."""
