"""The staff invitation email: the link an owner's invitation answers with, sent when SMTP is configured."""

import smtplib

import structlog

from core.settings import Settings
from notifications.smtp import plain_message, send, smtp_configured

log = structlog.get_logger()

SUBJECT = "Your Laurel console invitation"
BODY = """You have been invited to a Laurel console.

Open this link within a week to set your password and sign in:

{link}

If you did not expect this, ignore this email.
"""


def send_invitation(settings: Settings, email: str, link: str) -> bool:
    """Emails the invitation link; False when SMTP is not configured or the server refused it (the API's answer
    carries the link either way, so the owner can hand it over)."""
    if not smtp_configured(settings):
        return False
    try:
        send(settings, plain_message(email, SUBJECT, BODY.format(link=link)))
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("invitation email not sent", error=type(exc).__name__)
        return False
    return True
