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
  from ..models.badge_criteria_type_0 import BadgeCriteriaType0
  from ..models.badge_criteria_type_1 import BadgeCriteriaType1
  from ..models.badge_criteria_type_2 import BadgeCriteriaType2
  from ..models.badge_criteria_type_3 import BadgeCriteriaType3
  from ..models.badge_criteria_type_4 import BadgeCriteriaType4





T = TypeVar("T", bound="BadgeSpec")



@_attrs_define
class BadgeSpec:
    """ 
        Attributes:
            criteria (BadgeCriteriaType0 | BadgeCriteriaType1 | BadgeCriteriaType2 | BadgeCriteriaType3 |
                BadgeCriteriaType4): Exactly one shape: count, sum, streak (all on events of `event_type`), member condition, or
                all_of.
            key (str):
            name (str):
            description (str | Unset):  Default: ''.
            freezes (int | Unset): A streak keeps over up to this many missed days in a row, one freeze each. Default: 0.
            image_svg (None | str | Unset):
            nft (list[BadgeSpecNftItem] | Unset): Also mint a soulbound token on these chains when awarded.
            points (int | Unset): Bonus points, in the awarding event's transaction. Default: 0.
            program (None | str | Unset):
            repeat (BadgeSpecRepeatType0 | None | Unset): Awarded again each period (count and sum criteria).
            revoke_on_reversal (bool | Unset): Taken back (with its bonus points) when a return leaves its count or sum
                short. Default: False.
            segment (None | str | Unset):
            streak_freezes (int | Unset): Streak freezes the member is given with it. Default: 0.
     """

    criteria: BadgeCriteriaType0 | BadgeCriteriaType1 | BadgeCriteriaType2 | BadgeCriteriaType3 | BadgeCriteriaType4
    key: str
    name: str
    description: str | Unset = ''
    freezes: int | Unset = 0
    image_svg: None | str | Unset = UNSET
    nft: list[BadgeSpecNftItem] | Unset = UNSET
    points: int | Unset = 0
    program: None | str | Unset = UNSET
    repeat: BadgeSpecRepeatType0 | None | Unset = UNSET
    revoke_on_reversal: bool | Unset = False
    segment: None | str | Unset = UNSET
    streak_freezes: int | Unset = 0





    def to_dict(self) -> dict[str, Any]:
        from ..models.badge_criteria_type_0 import BadgeCriteriaType0 # noqa: PLC0415
        from ..models.badge_criteria_type_1 import BadgeCriteriaType1 # noqa: PLC0415
        from ..models.badge_criteria_type_2 import BadgeCriteriaType2 # noqa: PLC0415
        from ..models.badge_criteria_type_3 import BadgeCriteriaType3 # noqa: PLC0415
        from ..models.badge_criteria_type_4 import BadgeCriteriaType4 # noqa: PLC0415
        criteria: dict[str, Any]
        if isinstance(self.criteria, BadgeCriteriaType0):
            criteria = self.criteria.to_dict()
        elif isinstance(self.criteria, BadgeCriteriaType1):
            criteria = self.criteria.to_dict()
        elif isinstance(self.criteria, BadgeCriteriaType2):
            criteria = self.criteria.to_dict()
        elif isinstance(self.criteria, BadgeCriteriaType3):
            criteria = self.criteria.to_dict()
        else:
            criteria = self.criteria.to_dict()


        key = self.key

        name = self.name

        description = self.description

        freezes = self.freezes

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

        revoke_on_reversal = self.revoke_on_reversal

        segment: None | str | Unset
        if isinstance(self.segment, Unset):
            segment = UNSET
        else:
            segment = self.segment

        streak_freezes = self.streak_freezes


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "criteria": criteria,
            "key": key,
            "name": name,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if freezes is not UNSET:
            field_dict["freezes"] = freezes
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
        if revoke_on_reversal is not UNSET:
            field_dict["revoke_on_reversal"] = revoke_on_reversal
        if segment is not UNSET:
            field_dict["segment"] = segment
        if streak_freezes is not UNSET:
            field_dict["streak_freezes"] = streak_freezes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.badge_criteria_type_0 import BadgeCriteriaType0 # noqa: PLC0415
        from ..models.badge_criteria_type_1 import BadgeCriteriaType1 # noqa: PLC0415
        from ..models.badge_criteria_type_2 import BadgeCriteriaType2 # noqa: PLC0415
        from ..models.badge_criteria_type_3 import BadgeCriteriaType3 # noqa: PLC0415
        from ..models.badge_criteria_type_4 import BadgeCriteriaType4 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_criteria(data: object) -> BadgeCriteriaType0 | BadgeCriteriaType1 | BadgeCriteriaType2 | BadgeCriteriaType3 | BadgeCriteriaType4:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_badge_criteria_type_0 = BadgeCriteriaType0.from_dict(data)



                return componentsschemas_badge_criteria_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_badge_criteria_type_1 = BadgeCriteriaType1.from_dict(data)



                return componentsschemas_badge_criteria_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_badge_criteria_type_2 = BadgeCriteriaType2.from_dict(data)



                return componentsschemas_badge_criteria_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_badge_criteria_type_3 = BadgeCriteriaType3.from_dict(data)



                return componentsschemas_badge_criteria_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_badge_criteria_type_4 = BadgeCriteriaType4.from_dict(data)



            return componentsschemas_badge_criteria_type_4

        criteria = _parse_criteria(d.pop("criteria"))


        key = d.pop("key")

        name = d.pop("name")

        description = d.pop("description", UNSET)

        freezes = d.pop("freezes", UNSET)

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


        revoke_on_reversal = d.pop("revoke_on_reversal", UNSET)

        def _parse_segment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        segment = _parse_segment(d.pop("segment", UNSET))


        streak_freezes = d.pop("streak_freezes", UNSET)

        badge_spec = cls(
            criteria=criteria,
            key=key,
            name=name,
            description=description,
            freezes=freezes,
            image_svg=image_svg,
            nft=nft,
            points=points,
            program=program,
            repeat=repeat,
            revoke_on_reversal=revoke_on_reversal,
            segment=segment,
            streak_freezes=streak_freezes,
        )

        return badge_spec

