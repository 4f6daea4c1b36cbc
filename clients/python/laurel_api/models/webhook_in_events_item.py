from enum import StrEnum

class WebhookInEventsItem(StrEnum):
    ANNOUNCEMENT_PUBLISHED = "announcement.published"
    BADGE_AWARDED = "badge.awarded"
    EVENT_REVERSED = "event.reversed"
    GOAL_REACHED = "goal.reached"
    LEVEL_CHANGED = "level.changed"
    PAYOUT_CONFIRMED = "payout.confirmed"
    PAYOUT_FAILED = "payout.failed"
    PAYOUT_REPLACED = "payout.replaced"
    POINTS_EARNED = "points.earned"
    POINTS_EXPIRED = "points.expired"
    POINTS_EXPIRING = "points.expiring"
    PROGRAM_CLOSED = "program.closed"
    PROGRAM_CLOSING = "program.closing"
    QUEST_COMPLETED = "quest.completed"
    RECOGNITION_GIVEN = "recognition.given"
    RECOGNITION_RECEIVED = "recognition.received"
    SEGMENT_ENTERED = "segment.entered"
    SEGMENT_LEFT = "segment.left"
    SUBSCRIPTION_CANCELLED = "subscription.cancelled"
    SUBSCRIPTION_LAPSED = "subscription.lapsed"
    SUBSCRIPTION_RENEWED = "subscription.renewed"
    SUBSCRIPTION_STARTED = "subscription.started"
    TRANSFER_RECEIVED = "transfer.received"
    TRANSFER_SENT = "transfer.sent"

    def __str__(self) -> str:
        return str(self.value)
