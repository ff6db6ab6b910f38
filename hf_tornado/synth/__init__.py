"""Deterministic generators. Everything here is a pure function of its arguments.

Variety comes from one seeded source (``seed.py``): a keyed hash of the request's identity.
No ``random`` module state, no ``hash()``, no clock.
"""
