"""PDF handouts: which ones a site publishes, and rendering them with WeasyPrint."""
