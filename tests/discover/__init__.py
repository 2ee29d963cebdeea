"""Tests of nashra.discover: feeds, sitemaps, links on pages, URL canonicalization."""
