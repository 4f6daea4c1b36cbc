"""Sending one email over SMTP, as `LAUREL_SMTP_URL` says: `smtp://host:port` (plain, or upgraded with
`?starttls=1`), `smtps://host:port` (TLS from the start), with optional `user:password@` for AUTH."""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from core.settings import Settings

TIMEOUT_SECONDS = 20.0


def smtp_configured(settings: Settings) -> bool:
    return settings.smtp_url is not None and bool(settings.smtp_url.get_secret_value())


def send(settings: Settings, message: EmailMessage) -> None:
    """Hands the message to the configured server; raises OSError or smtplib.SMTPException when it cannot."""
    assert settings.smtp_url is not None
    url = urlsplit(settings.smtp_url.get_secret_value())
    if url.scheme not in ("smtp", "smtps"):
        raise smtplib.SMTPException(f"LAUREL_SMTP_URL must start with smtp:// or smtps://, not {url.scheme}://")
    if "From" not in message:
        message["From"] = settings.smtp_from
    if "Message-ID" not in message:
        message["Message-ID"] = make_msgid(domain="laurel")
    host, port = url.hostname or "127.0.0.1", url.port or (465 if url.scheme == "smtps" else 25)
    client: smtplib.SMTP
    if url.scheme == "smtps":
        client = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    with client:
        if parse_qs(url.query).get("starttls") == ["1"]:
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def plain_message(to: str, subject: str, body: str, *, name: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["To"] = formataddr((name or "", to))
    message["Subject"] = subject
    message.set_content(body)
    return message
