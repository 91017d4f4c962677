"""Test suite (a package, so test modules can import helpers from conftest)."""
