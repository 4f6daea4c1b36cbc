from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="RecognitionOut")



@_attrs_define
class RecognitionOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            decided_at (datetime.datetime | None):
            from_ (str):
            id (str):
            message (str):
            month (str):
            points (int):
            program (str):
            status (str): `given`, or `pending` until approved (`approved`) or `denied`.
            to (str):
            values (list[str]):
     """

    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    from_: str
    id: str
    message: str
    month: str
    points: int
    program: str
    status: str
    to: str
    values: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        from_ = self.from_

        id = self.id

        message = self.message

        month = self.month

        points = self.points

        program = self.program

        status = self.status

        to = self.to

        values = self.values




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "decided_at": decided_at,
            "from": from_,
            "id": id,
            "message": message,
            "month": month,
            "points": points,
            "program": program,
            "status": status,
            "to": to,
            "values": values,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)



                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))


        from_ = d.pop("from")

        id = d.pop("id")

        message = d.pop("message")

        month = d.pop("month")

        points = d.pop("points")

        program = d.pop("program")

        status = d.pop("status")

        to = d.pop("to")

        values = cast(list[str], d.pop("values"))


        recognition_out = cls(
            created_at=created_at,
            decided_at=decided_at,
            from_=from_,
            id=id,
            message=message,
            month=month,
            points=points,
            program=program,
            status=status,
            to=to,
            values=values,
        )


        recognition_out.additional_properties = d
        return recognition_out

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
