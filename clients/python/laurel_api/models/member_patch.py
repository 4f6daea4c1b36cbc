from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.member_patch_attributes import MemberPatchAttributes





T = TypeVar("T", bound="MemberPatch")



@_attrs_define
class MemberPatch:
    """ 
        Attributes:
            attributes (MemberPatchAttributes): Merged into the member's attributes; a null value removes that attribute.
     """

    attributes: MemberPatchAttributes





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_patch_attributes import MemberPatchAttributes # noqa: PLC0415
        attributes = self.attributes.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attributes": attributes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_patch_attributes import MemberPatchAttributes # noqa: PLC0415
        d = dict(src_dict)
        attributes = MemberPatchAttributes.from_dict(d.pop("attributes"))




        member_patch = cls(
            attributes=attributes,
        )

        return member_patch

