"""People: what members do for each other. Transfers and tips between members, recognition from monthly giving
allowances (with values, limits and approvals), and goals: member quotas and team targets per period.

Importing the package registers its program settings (`transfers`, `recognition`) with wallets' program settings
its goal tracking with the engine's event observers and its message scrubber with `core.privacy` (erasure), as
the API and the worker do. Notices go through
`core.notices`. May import achievements, targeting, wallets, chain and core; never loyalty, notifications, api or
worker.
"""

import people.goals
import people.privacy
import people.terms  # noqa: F401  (registers the settings)
