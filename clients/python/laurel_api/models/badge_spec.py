from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.badge_spec_nft_item import BadgeSpecNftItem
from ..models.badge_spec_repeat_type_0 import BadgeSpecRepeatType0
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.badge_criteria import BadgeCriteria





T = TypeVar("T", bound="BadgeSpec")



@_attrs_define
class BadgeSpec:
    """ 
        Attributes:
            criteria (BadgeCriteria): Exactly one shape: count, sum, streak (all on events of `event_type`), member
                condition, or all_of.
            key (str):
            name (str):
            description (str | Unset):  Default: ''.
            image_svg (None | str | Unset):
            nft (list[BadgeSpecNftItem] | Unset): Also mint a soulbound token on these chains when awarded.
            points (int | Unset): Bonus points, in the awarding event's transaction. Default: 0.
            program (None | str | Unset):
            repeat (BadgeSpecRepeatType0 | None | Unset): Awarded again each period (count and sum criteria).
            segment (None | str | Unset):
     """

    criteria: BadgeCriteria
    key: str
    name: str
    description: str | Unset = ''
    image_svg: None | str | Unset = UNSET
    nft: list[BadgeSpecNftItem] | Unset = UNSET
    points: int | Unset = 0
    program: None | str | Unset = UNSET
    repeat: BadgeSpecRepeatType0 | None | Unset = UNSET
    segment: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.badge_criteria import BadgeCriteria # noqa: PLC0415
        criteria = self.criteria.to_dict()

        key = self.key

        name = self.name

        description = self.description

        image_svg: None | str | Unset
        if isinstance(self.image_svg, Unset):
            image_svg = UNSET
        else:
            image_svg = self.image_svg

        nft: list[str] | Unset = UNSET
        if not isinstance(self.nft, Unset):
            nft = []
            for nft_item_data in self.nft:
                nft_item = nft_item_data.value
                nft.append(nft_item)



        points = self.points

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        repeat: None | str | Unset
        if isinstance(self.repeat, Unset):
            repeat = UNSET
        elif isinstance(self.repeat, BadgeSpecRepeatType0):
            repeat = self.repeat.value
        else:
            repeat = self.repeat

        segment: None | str | Unset
        if isinstance(self.segment, Unset):
            segment = UNSET
        else:
            segment = self.segment


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "criteria": criteria,
            "key": key,
            "name": name,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if image_svg is not UNSET:
            field_dict["image_svg"] = image_svg
        if nft is not UNSET:
            field_dict["nft"] = nft
        if points is not UNSET:
            field_dict["points"] = points
        if program is not UNSET:
            field_dict["program"] = program
        if repeat is not UNSET:
            field_dict["repeat"] = repeat
        if segment is not UNSET:
            field_dict["segment"] = segment

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.badge_criteria import BadgeCriteria # noqa: PLC0415
        d = dict(src_dict)
        criteria = BadgeCriteria.from_dict(d.pop("criteria"))




        key = d.pop("key")

        name = d.pop("name")

        description = d.pop("description", UNSET)

        def _parse_image_svg(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_svg = _parse_image_svg(d.pop("image_svg", UNSET))


        _nft = d.pop("nft", UNSET)
        nft: list[BadgeSpecNftItem] | Unset = UNSET
        if _nft is not UNSET:
            nft = []
            for nft_item_data in _nft:
                nft_item = BadgeSpecNftItem(nft_item_data)



                nft.append(nft_item)


        points = d.pop("points", UNSET)

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        def _parse_repeat(data: object) -> BadgeSpecRepeatType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                repeat_type_0 = BadgeSpecRepeatType0(data)



                return repeat_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BadgeSpecRepeatType0 | None | Unset, data)

        repeat = _parse_repeat(d.pop("repeat", UNSET))


        def _parse_segment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        segment = _parse_segment(d.pop("segment", UNSET))


        badge_spec = cls(
            criteria=criteria,
            key=key,
            name=name,
            description=description,
            image_svg=image_svg,
            nft=nft,
            points=points,
            program=program,
            repeat=repeat,
            segment=segment,
        )

        return badge_spec

