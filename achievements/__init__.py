"""The achievements engine: events in; points, xp (and, as it grows, badges, quests, levels) out."""
