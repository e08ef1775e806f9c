"""Credentials and the rules for them: password hashing (bcrypt, and the
werkzeug formats of adopted tutorial databases), the list of common
passwords, what a username may be, and API tokens.

Nothing here knows about requests; views and scripts call these functions.
"""
