from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.medal_rank import MedalRank





T = TypeVar("T", bound="MedalSpec")



@_attrs_define
class MedalSpec:
    """ 
        Attributes:
            counter (str):
            key (str):
            name (str):
            ranks (list[MedalRank]):
            program (None | str | Unset):
     """

    counter: str
    key: str
    name: str
    ranks: list[MedalRank]
    program: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.medal_rank import MedalRank # noqa: PLC0415
        counter = self.counter

        key = self.key

        name = self.name

        ranks = []
        for ranks_item_data in self.ranks:
            ranks_item = ranks_item_data.to_dict()
            ranks.append(ranks_item)



        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "counter": counter,
            "key": key,
            "name": name,
            "ranks": ranks,
        })
        if program is not UNSET:
            field_dict["program"] = program

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.medal_rank import MedalRank # noqa: PLC0415
        d = dict(src_dict)
        counter = d.pop("counter")

        key = d.pop("key")

        name = d.pop("name")

        ranks = []
        _ranks = d.pop("ranks")
        for ranks_item_data in (_ranks):
            ranks_item = MedalRank.from_dict(ranks_item_data)



            ranks.append(ranks_item)


        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        medal_spec = cls(
            counter=counter,
            key=key,
            name=name,
            ranks=ranks,
            program=program,
        )

        return medal_spec

