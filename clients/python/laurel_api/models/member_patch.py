from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.member_patch_attributes import MemberPatchAttributes





T = TypeVar("T", bound="MemberPatch")



@_attrs_define
class MemberPatch:
    """ 
        Attributes:
            attributes (MemberPatchAttributes | Unset): Merged into the member's attributes; a null value removes that
                attribute.
            email (None | str | Unset):
            locale (None | str | Unset):
     """

    attributes: MemberPatchAttributes | Unset = UNSET
    email: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_patch_attributes import MemberPatchAttributes # noqa: PLC0415
        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if email is not UNSET:
            field_dict["email"] = email
        if locale is not UNSET:
            field_dict["locale"] = locale

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_patch_attributes import MemberPatchAttributes # noqa: PLC0415
        d = dict(src_dict)
        _attributes = d.pop("attributes", UNSET)
        attributes: MemberPatchAttributes | Unset
        if isinstance(_attributes,  Unset):
            attributes = UNSET
        else:
            attributes = MemberPatchAttributes.from_dict(_attributes)




        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))


        member_patch = cls(
            attributes=attributes,
            email=email,
            locale=locale,
        )

        return member_patch

