from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.badge_out_freezes_type_0 import BadgeOutFreezesType0





T = TypeVar("T", bound="BadgeOut")



@_attrs_define
class BadgeOut:
    """ 
        Attributes:
            awarded (bool):
            awarded_at (datetime.datetime | None):
            description (str):
            image_url (str):
            key (str):
            max_progress (int):
            name (str):
            period (str):
            points (int):
            progress (int):
            times_awarded (int):
            version (int):
            freezes (BadgeOutFreezesType0 | None | Unset): A streak badge with `freezes`: streak freezes the member holds
                and has used on it.
     """

    awarded: bool
    awarded_at: datetime.datetime | None
    description: str
    image_url: str
    key: str
    max_progress: int
    name: str
    period: str
    points: int
    progress: int
    times_awarded: int
    version: int
    freezes: BadgeOutFreezesType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.badge_out_freezes_type_0 import BadgeOutFreezesType0 # noqa: PLC0415
        awarded = self.awarded

        awarded_at: None | str
        if isinstance(self.awarded_at, datetime.datetime):
            awarded_at = self.awarded_at.isoformat()
        else:
            awarded_at = self.awarded_at

        description = self.description

        image_url = self.image_url

        key = self.key

        max_progress = self.max_progress

        name = self.name

        period = self.period

        points = self.points

        progress = self.progress

        times_awarded = self.times_awarded

        version = self.version

        freezes: dict[str, Any] | None | Unset
        if isinstance(self.freezes, Unset):
            freezes = UNSET
        elif isinstance(self.freezes, BadgeOutFreezesType0):
            freezes = self.freezes.to_dict()
        else:
            freezes = self.freezes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "awarded": awarded,
            "awarded_at": awarded_at,
            "description": description,
            "image_url": image_url,
            "key": key,
            "max_progress": max_progress,
            "name": name,
            "period": period,
            "points": points,
            "progress": progress,
            "times_awarded": times_awarded,
            "version": version,
        })
        if freezes is not UNSET:
            field_dict["freezes"] = freezes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.badge_out_freezes_type_0 import BadgeOutFreezesType0 # noqa: PLC0415
        d = dict(src_dict)
        awarded = d.pop("awarded")

        def _parse_awarded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                awarded_at_type_0 = datetime.datetime.fromisoformat(data)



                return awarded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        awarded_at = _parse_awarded_at(d.pop("awarded_at"))


        description = d.pop("description")

        image_url = d.pop("image_url")

        key = d.pop("key")

        max_progress = d.pop("max_progress")

        name = d.pop("name")

        period = d.pop("period")

        points = d.pop("points")

        progress = d.pop("progress")

        times_awarded = d.pop("times_awarded")

        version = d.pop("version")

        def _parse_freezes(data: object) -> BadgeOutFreezesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                freezes_type_0 = BadgeOutFreezesType0.from_dict(data)



                return freezes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BadgeOutFreezesType0 | None | Unset, data)

        freezes = _parse_freezes(d.pop("freezes", UNSET))


        badge_out = cls(
            awarded=awarded,
            awarded_at=awarded_at,
            description=description,
            image_url=image_url,
            key=key,
            max_progress=max_progress,
            name=name,
            period=period,
            points=points,
            progress=progress,
            times_awarded=times_awarded,
            version=version,
            freezes=freezes,
        )


        badge_out.additional_properties = d
        return badge_out

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
