"""Cross-cutting foundations: settings, database, tenancy, ids, errors, logging — nothing domain-specific."""
