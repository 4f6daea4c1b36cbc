"""The lapse-subscriptions job is on the worker's beat and runs a registered task."""

from core.settings import Settings
from worker.app import EVALUATE_EVENTS, LAPSE_SUBSCRIPTIONS, beat_schedule, create_celery


def test_beat_lapses_subscriptions_hourly_through_a_registered_task() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    entry = beat_schedule(settings)["lapse-subscriptions"]
    assert entry["task"] == LAPSE_SUBSCRIPTIONS and entry["schedule"].total_seconds() == 3600
    app = create_celery(settings)
    app.loader.import_default_modules()
    assert LAPSE_SUBSCRIPTIONS in app.tasks


def test_beat_sweeps_pending_events_through_a_registered_task() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert beat_schedule(settings)["evaluate-events"]["task"] == EVALUATE_EVENTS
    app = create_celery(settings)
    app.loader.import_default_modules()
    assert EVALUATE_EVENTS in app.tasks
