"""Views: thin functions that read a form, call the rules of comments and
accounts (:mod:`scratchpad.comments`, :mod:`scratchpad.accounts`) and pick
a page.

Each module covers one area of the site; access is decided by the resource
tree, never here (see :mod:`scratchpad.resources`).
"""
