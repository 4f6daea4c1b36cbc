"""Cross-cutting foundations: settings, database, tenancy, ids, errors, logging, the notice port.

Owns nothing domain-specific. Imports no other Laurel package.
"""
