from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.branding_out_colors import BrandingOutColors
  from ..models.branding_out_contacts import BrandingOutContacts





T = TypeVar("T", bound="BrandingOut")



@_attrs_define
class BrandingOut:
    """ 
        Attributes:
            colors (BrandingOutColors):
            contacts (BrandingOutContacts):
            cover (None | str):
            description (None | str):
            logo (None | str):
            name (None | str):
            updated_at (datetime.datetime | None):
     """

    colors: BrandingOutColors
    contacts: BrandingOutContacts
    cover: None | str
    description: None | str
    logo: None | str
    name: None | str
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.branding_out_colors import BrandingOutColors # noqa: PLC0415
        from ..models.branding_out_contacts import BrandingOutContacts # noqa: PLC0415
        colors = self.colors.to_dict()

        contacts = self.contacts.to_dict()

        cover: None | str
        cover = self.cover

        description: None | str
        description = self.description

        logo: None | str
        logo = self.logo

        name: None | str
        name = self.name

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "colors": colors,
            "contacts": contacts,
            "cover": cover,
            "description": description,
            "logo": logo,
            "name": name,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.branding_out_colors import BrandingOutColors # noqa: PLC0415
        from ..models.branding_out_contacts import BrandingOutContacts # noqa: PLC0415
        d = dict(src_dict)
        colors = BrandingOutColors.from_dict(d.pop("colors"))




        contacts = BrandingOutContacts.from_dict(d.pop("contacts"))




        def _parse_cover(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cover = _parse_cover(d.pop("cover"))


        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))


        def _parse_logo(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        logo = _parse_logo(d.pop("logo"))


        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


        branding_out = cls(
            colors=colors,
            contacts=contacts,
            cover=cover,
            description=description,
            logo=logo,
            name=name,
            updated_at=updated_at,
        )


        branding_out.additional_properties = d
        return branding_out

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
