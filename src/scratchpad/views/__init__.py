"""Views: thin functions that read a form, call the models and pick a page.

Each module covers one area of the site; access is decided by the resource
tree, never here (see :mod:`scratchpad.resources`).
"""
