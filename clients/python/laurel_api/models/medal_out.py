from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="MedalOut")



@_attrs_define
class MedalOut:
    """ 
        Attributes:
            counter (str):
            key (str):
            name (str):
            next_at (int | None):
            rank (int):
            rank_name (None | str):
            value (int):
     """

    counter: str
    key: str
    name: str
    next_at: int | None
    rank: int
    rank_name: None | str
    value: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        counter = self.counter

        key = self.key

        name = self.name

        next_at: int | None
        next_at = self.next_at

        rank = self.rank

        rank_name: None | str
        rank_name = self.rank_name

        value = self.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "counter": counter,
            "key": key,
            "name": name,
            "next_at": next_at,
            "rank": rank,
            "rank_name": rank_name,
            "value": value,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        counter = d.pop("counter")

        key = d.pop("key")

        name = d.pop("name")

        def _parse_next_at(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_at = _parse_next_at(d.pop("next_at"))


        rank = d.pop("rank")

        def _parse_rank_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rank_name = _parse_rank_name(d.pop("rank_name"))


        value = d.pop("value")

        medal_out = cls(
            counter=counter,
            key=key,
            name=name,
            next_at=next_at,
            rank=rank,
            rank_name=rank_name,
            value=value,
        )


        medal_out.additional_properties = d
        return medal_out

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
