from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RecognitionIn")



@_attrs_define
class RecognitionIn:
    """ 
        Attributes:
            from_ (str): The member who gives, from their monthly allowance.
            id (str): The app's own id: sending it again never gives twice.
            message (str):
            points (int):
            to (str):
            program (None | str | Unset):
            values (list[str] | Unset): Among the program's values.
     """

    from_: str
    id: str
    message: str
    points: int
    to: str
    program: None | str | Unset = UNSET
    values: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        id = self.id

        message = self.message

        points = self.points

        to = self.to

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        values: list[str] | Unset = UNSET
        if not isinstance(self.values, Unset):
            values = self.values




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "from": from_,
            "id": id,
            "message": message,
            "points": points,
            "to": to,
        })
        if program is not UNSET:
            field_dict["program"] = program
        if values is not UNSET:
            field_dict["values"] = values

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = d.pop("from")

        id = d.pop("id")

        message = d.pop("message")

        points = d.pop("points")

        to = d.pop("to")

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        values = cast(list[str], d.pop("values", UNSET))


        recognition_in = cls(
            from_=from_,
            id=id,
            message=message,
            points=points,
            to=to,
            program=program,
            values=values,
        )


        recognition_in.additional_properties = d
        return recognition_in

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
