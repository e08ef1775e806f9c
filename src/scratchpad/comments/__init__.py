"""The rules of comments, apart from who may do what (that is the resource
tree's): flood control, keyset pagination and the shared page cache.
"""
