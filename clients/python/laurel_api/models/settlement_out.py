from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="SettlementOut")



@_attrs_define
class SettlementOut:
    """ 
        Attributes:
            amount (int):
            earned (int):
            end (datetime.datetime | None):
            net (int):
            owes (None | str):
            partner (str):
            redeemed (int):
            start (datetime.datetime | None):
     """

    amount: int
    earned: int
    end: datetime.datetime | None
    net: int
    owes: None | str
    partner: str
    redeemed: int
    start: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        earned = self.earned

        end: None | str
        if isinstance(self.end, datetime.datetime):
            end = self.end.isoformat()
        else:
            end = self.end

        net = self.net

        owes: None | str
        owes = self.owes

        partner = self.partner

        redeemed = self.redeemed

        start: None | str
        if isinstance(self.start, datetime.datetime):
            start = self.start.isoformat()
        else:
            start = self.start


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "earned": earned,
            "end": end,
            "net": net,
            "owes": owes,
            "partner": partner,
            "redeemed": redeemed,
            "start": start,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        earned = d.pop("earned")

        def _parse_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.datetime.fromisoformat(data)



                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        end = _parse_end(d.pop("end"))


        net = d.pop("net")

        def _parse_owes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        owes = _parse_owes(d.pop("owes"))


        partner = d.pop("partner")

        redeemed = d.pop("redeemed")

        def _parse_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.datetime.fromisoformat(data)



                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        start = _parse_start(d.pop("start"))


        settlement_out = cls(
            amount=amount,
            earned=earned,
            end=end,
            net=net,
            owes=owes,
            partner=partner,
            redeemed=redeemed,
            start=start,
        )


        settlement_out.additional_properties = d
        return settlement_out

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
