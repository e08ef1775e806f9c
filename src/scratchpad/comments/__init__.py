"""The rules of comments, apart from who may do what (that is the resource
tree's): what a comment's text may be (:mod:`.validation`), the one place
comments change (:mod:`.changes`), flood control (:mod:`.flood`), keyset
pagination (:mod:`.pagination`) and the shared page cache
(:mod:`.page_cache`). The site's views and the API both use these; nothing
here decides access.
"""
