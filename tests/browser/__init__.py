"""Helpers of the reading-experience tests: the book built once per test session, a local web
server for it, and Debian's chromium driven through Playwright."""
