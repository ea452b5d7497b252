"""The site's shape, independent of any site engine: which pages, and what each shows.

Page data, labels in the site's language, story Markdown, and the summaries
(priorities, stakeholder grid) that web pages and printed handouts share.
"""
