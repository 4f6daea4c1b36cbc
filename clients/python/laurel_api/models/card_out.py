from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CardOut")



@_attrs_define
class CardOut:
    """ 
        Attributes:
            barcode_png (str):
            barcode_svg (str):
            blocked_at (datetime.datetime | None):
            issued_at (datetime.datetime):
            kind (str): `virtual` (issued by Laurel) or `physical` (registered by its printed number).
            label (None | str):
            member (str):
            number (str):
            primary (bool):
            qr_png (str):
            qr_svg (str):
            replaced_by (None | str):
            status (str): `active`, `blocked` or `replaced`.
     """

    barcode_png: str
    barcode_svg: str
    blocked_at: datetime.datetime | None
    issued_at: datetime.datetime
    kind: str
    label: None | str
    member: str
    number: str
    primary: bool
    qr_png: str
    qr_svg: str
    replaced_by: None | str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        barcode_png = self.barcode_png

        barcode_svg = self.barcode_svg

        blocked_at: None | str
        if isinstance(self.blocked_at, datetime.datetime):
            blocked_at = self.blocked_at.isoformat()
        else:
            blocked_at = self.blocked_at

        issued_at = self.issued_at.isoformat()

        kind = self.kind

        label: None | str
        label = self.label

        member = self.member

        number = self.number

        primary = self.primary

        qr_png = self.qr_png

        qr_svg = self.qr_svg

        replaced_by: None | str
        replaced_by = self.replaced_by

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "barcode_png": barcode_png,
            "barcode_svg": barcode_svg,
            "blocked_at": blocked_at,
            "issued_at": issued_at,
            "kind": kind,
            "label": label,
            "member": member,
            "number": number,
            "primary": primary,
            "qr_png": qr_png,
            "qr_svg": qr_svg,
            "replaced_by": replaced_by,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        barcode_png = d.pop("barcode_png")

        barcode_svg = d.pop("barcode_svg")

        def _parse_blocked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                blocked_at_type_0 = datetime.datetime.fromisoformat(data)



                return blocked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        blocked_at = _parse_blocked_at(d.pop("blocked_at"))


        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))




        kind = d.pop("kind")

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))


        member = d.pop("member")

        number = d.pop("number")

        primary = d.pop("primary")

        qr_png = d.pop("qr_png")

        qr_svg = d.pop("qr_svg")

        def _parse_replaced_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        replaced_by = _parse_replaced_by(d.pop("replaced_by"))


        status = d.pop("status")

        card_out = cls(
            barcode_png=barcode_png,
            barcode_svg=barcode_svg,
            blocked_at=blocked_at,
            issued_at=issued_at,
            kind=kind,
            label=label,
            member=member,
            number=number,
            primary=primary,
            qr_png=qr_png,
            qr_svg=qr_svg,
            replaced_by=replaced_by,
            status=status,
        )


        card_out.additional_properties = d
        return card_out

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
