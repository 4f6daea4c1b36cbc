from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.branding_in_colors import BrandingInColors
  from ..models.contacts import Contacts





T = TypeVar("T", bound="BrandingIn")



@_attrs_define
class BrandingIn:
    """ 
        Attributes:
            colors (BrandingInColors | Unset): `#rrggbb` per role; left out: the default. Pairs drawn as text must reach
                4.5:1 (WCAG AA): text on surface and on background, on_primary on primary, primary on surface.
            contacts (Contacts | Unset):
            cover (None | str | Unset): A cover image, as the logo.
            description (None | str | Unset):
            logo (None | str | Unset): A data URI of a PNG, JPEG, WebP or SVG image, up to 256 KiB.
            name (None | str | Unset): The name shown on pages (the tenant's own when omitted).
     """

    colors: BrandingInColors | Unset = UNSET
    contacts: Contacts | Unset = UNSET
    cover: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    logo: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.branding_in_colors import BrandingInColors # noqa: PLC0415
        from ..models.contacts import Contacts # noqa: PLC0415
        colors: dict[str, Any] | Unset = UNSET
        if not isinstance(self.colors, Unset):
            colors = self.colors.to_dict()

        contacts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contacts, Unset):
            contacts = self.contacts.to_dict()

        cover: None | str | Unset
        if isinstance(self.cover, Unset):
            cover = UNSET
        else:
            cover = self.cover

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        logo: None | str | Unset
        if isinstance(self.logo, Unset):
            logo = UNSET
        else:
            logo = self.logo

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if colors is not UNSET:
            field_dict["colors"] = colors
        if contacts is not UNSET:
            field_dict["contacts"] = contacts
        if cover is not UNSET:
            field_dict["cover"] = cover
        if description is not UNSET:
            field_dict["description"] = description
        if logo is not UNSET:
            field_dict["logo"] = logo
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.branding_in_colors import BrandingInColors # noqa: PLC0415
        from ..models.contacts import Contacts # noqa: PLC0415
        d = dict(src_dict)
        _colors = d.pop("colors", UNSET)
        colors: BrandingInColors | Unset
        if isinstance(_colors,  Unset):
            colors = UNSET
        else:
            colors = BrandingInColors.from_dict(_colors)




        _contacts = d.pop("contacts", UNSET)
        contacts: Contacts | Unset
        if isinstance(_contacts,  Unset):
            contacts = UNSET
        else:
            contacts = Contacts.from_dict(_contacts)




        def _parse_cover(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cover = _parse_cover(d.pop("cover", UNSET))


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        def _parse_logo(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        logo = _parse_logo(d.pop("logo", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        branding_in = cls(
            colors=colors,
            contacts=contacts,
            cover=cover,
            description=description,
            logo=logo,
            name=name,
        )


        branding_in.additional_properties = d
        return branding_in

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
