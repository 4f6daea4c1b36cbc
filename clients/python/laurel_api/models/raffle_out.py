from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="RaffleOut")



@_attrs_define
class RaffleOut:
    """ 
        Attributes:
            commitment (str):
            created_at (datetime.datetime):
            drawn_at (datetime.datetime | None):
            ends_at (datetime.datetime | None):
            key (str):
            name (str):
            seed (None | str):
            starts_at (datetime.datetime):
            status (str):
            ticket_event_type (str):
            tickets (int | None):
            winner (None | str):
            winning_ticket (None | str):
     """

    commitment: str
    created_at: datetime.datetime
    drawn_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    key: str
    name: str
    seed: None | str
    starts_at: datetime.datetime
    status: str
    ticket_event_type: str
    tickets: int | None
    winner: None | str
    winning_ticket: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        commitment = self.commitment

        created_at = self.created_at.isoformat()

        drawn_at: None | str
        if isinstance(self.drawn_at, datetime.datetime):
            drawn_at = self.drawn_at.isoformat()
        else:
            drawn_at = self.drawn_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        key = self.key

        name = self.name

        seed: None | str
        seed = self.seed

        starts_at = self.starts_at.isoformat()

        status = self.status

        ticket_event_type = self.ticket_event_type

        tickets: int | None
        tickets = self.tickets

        winner: None | str
        winner = self.winner

        winning_ticket: None | str
        winning_ticket = self.winning_ticket


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "commitment": commitment,
            "created_at": created_at,
            "drawn_at": drawn_at,
            "ends_at": ends_at,
            "key": key,
            "name": name,
            "seed": seed,
            "starts_at": starts_at,
            "status": status,
            "ticket_event_type": ticket_event_type,
            "tickets": tickets,
            "winner": winner,
            "winning_ticket": winning_ticket,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        commitment = d.pop("commitment")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_drawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                drawn_at_type_0 = datetime.datetime.fromisoformat(data)



                return drawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        drawn_at = _parse_drawn_at(d.pop("drawn_at"))


        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)



                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))


        key = d.pop("key")

        name = d.pop("name")

        def _parse_seed(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        seed = _parse_seed(d.pop("seed"))


        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        status = d.pop("status")

        ticket_event_type = d.pop("ticket_event_type")

        def _parse_tickets(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tickets = _parse_tickets(d.pop("tickets"))


        def _parse_winner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        winner = _parse_winner(d.pop("winner"))


        def _parse_winning_ticket(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        winning_ticket = _parse_winning_ticket(d.pop("winning_ticket"))


        raffle_out = cls(
            commitment=commitment,
            created_at=created_at,
            drawn_at=drawn_at,
            ends_at=ends_at,
            key=key,
            name=name,
            seed=seed,
            starts_at=starts_at,
            status=status,
            ticket_event_type=ticket_event_type,
            tickets=tickets,
            winner=winner,
            winning_ticket=winning_ticket,
        )


        raffle_out.additional_properties = d
        return raffle_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
