"""Erasure's reach into what members wrote to each other: a transfer's note or a recognition's message that names
the erased member keeps its words with the personal values replaced."""

from collections.abc import Mapping

from sqlalchemy import select
from sqlmodel import Session, col

from core.privacy import containing, register_scrubber, scrubbed
from people.models import Recognition, Transfer


def scrub_messages(session: Session, tenant_id: str, identifiers: list[str], replacements: Mapping[str, str]) -> None:
    for transfer in session.scalars(
        select(Transfer).where(
            col(Transfer.tenant_id) == tenant_id,
            col(Transfer.note).is_not(None),
            containing(Transfer.note, identifiers),
        )
    ):
        transfer.note = scrubbed(transfer.note, replacements)
        session.add(transfer)
    for recognition in session.scalars(
        select(Recognition).where(col(Recognition.tenant_id) == tenant_id, containing(Recognition.message, identifiers))
    ):
        recognition.message = scrubbed(recognition.message, replacements)
        session.add(recognition)


register_scrubber(scrub_messages)
