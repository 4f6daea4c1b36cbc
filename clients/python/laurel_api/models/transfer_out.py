from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="TransferOut")



@_attrs_define
class TransferOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            from_ (str):
            id (str):
            note (None | str):
            points (int):
            program (str):
            to (str):
     """

    created_at: datetime.datetime
    from_: str
    id: str
    note: None | str
    points: int
    program: str
    to: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        from_ = self.from_

        id = self.id

        note: None | str
        note = self.note

        points = self.points

        program = self.program

        to = self.to


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "from": from_,
            "id": id,
            "note": note,
            "points": points,
            "program": program,
            "to": to,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        from_ = d.pop("from")

        id = d.pop("id")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))


        points = d.pop("points")

        program = d.pop("program")

        to = d.pop("to")

        transfer_out = cls(
            created_at=created_at,
            from_=from_,
            id=id,
            note=note,
            points=points,
            program=program,
            to=to,
        )


        transfer_out.additional_properties = d
        return transfer_out

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
