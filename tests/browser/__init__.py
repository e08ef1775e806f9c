"""Browser tests: the site in a real Chromium, with and without JavaScript."""
