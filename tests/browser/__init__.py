"""Browser tests: headless Debian Chromium through Playwright, on the published editions."""
