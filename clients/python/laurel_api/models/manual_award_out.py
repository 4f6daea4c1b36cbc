from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ManualAwardOut")



@_attrs_define
class ManualAwardOut:
    """ 
        Attributes:
            actor (str): Who did it: `key:<id>` through the API, `console:<id>` in the console.
            award_id (None | str): The client's id (points and streak freezes).
            badge (None | str):
            created_at (datetime.datetime):
            freezes (int):
            id (int):
            kind (str): `points`, `badge_grant`, `badge_revoke` or `streak_freezes`.
            member (str):
            points (int):
            program (str):
            reason (str):
            transaction_id (int | None):
            freezes_held (int | None | Unset):
     """

    actor: str
    award_id: None | str
    badge: None | str
    created_at: datetime.datetime
    freezes: int
    id: int
    kind: str
    member: str
    points: int
    program: str
    reason: str
    transaction_id: int | None
    freezes_held: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        award_id: None | str
        award_id = self.award_id

        badge: None | str
        badge = self.badge

        created_at = self.created_at.isoformat()

        freezes = self.freezes

        id = self.id

        kind = self.kind

        member = self.member

        points = self.points

        program = self.program

        reason = self.reason

        transaction_id: int | None
        transaction_id = self.transaction_id

        freezes_held: int | None | Unset
        if isinstance(self.freezes_held, Unset):
            freezes_held = UNSET
        else:
            freezes_held = self.freezes_held


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "actor": actor,
            "award_id": award_id,
            "badge": badge,
            "created_at": created_at,
            "freezes": freezes,
            "id": id,
            "kind": kind,
            "member": member,
            "points": points,
            "program": program,
            "reason": reason,
            "transaction_id": transaction_id,
        })
        if freezes_held is not UNSET:
            field_dict["freezes_held"] = freezes_held

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor = d.pop("actor")

        def _parse_award_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        award_id = _parse_award_id(d.pop("award_id"))


        def _parse_badge(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        badge = _parse_badge(d.pop("badge"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        freezes = d.pop("freezes")

        id = d.pop("id")

        kind = d.pop("kind")

        member = d.pop("member")

        points = d.pop("points")

        program = d.pop("program")

        reason = d.pop("reason")

        def _parse_transaction_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        transaction_id = _parse_transaction_id(d.pop("transaction_id"))


        def _parse_freezes_held(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        freezes_held = _parse_freezes_held(d.pop("freezes_held", UNSET))


        manual_award_out = cls(
            actor=actor,
            award_id=award_id,
            badge=badge,
            created_at=created_at,
            freezes=freezes,
            id=id,
            kind=kind,
            member=member,
            points=points,
            program=program,
            reason=reason,
            transaction_id=transaction_id,
            freezes_held=freezes_held,
        )


        manual_award_out.additional_properties = d
        return manual_award_out

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
