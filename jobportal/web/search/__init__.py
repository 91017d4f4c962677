"""The job search area: search page, place suggestions, Atom feed, sitemap, robots.txt."""
