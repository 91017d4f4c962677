"""Helpers shared by the tests of several areas (fixtures, fakes, factories beyond conftest)."""
