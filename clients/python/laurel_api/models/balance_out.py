from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.balance_out_on_chain import BalanceOutOnChain





T = TypeVar("T", bound="BalanceOut")



@_attrs_define
class BalanceOut:
    """ 
        Attributes:
            available (int):
            lifetime (int):
            on_chain (BalanceOutOnChain):
            pending (int): Points inside the program's return window (`pending_days`), not yet spendable.
            debt (int | Unset): Points a return took back that the member had already spent; paid off first. Default: 0.
            in_payout (int | Unset): Points reserved by payouts not settled yet (held, queued, submitted). Default: 0.
     """

    available: int
    lifetime: int
    on_chain: BalanceOutOnChain
    pending: int
    debt: int | Unset = 0
    in_payout: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.balance_out_on_chain import BalanceOutOnChain # noqa: PLC0415
        available = self.available

        lifetime = self.lifetime

        on_chain = self.on_chain.to_dict()

        pending = self.pending

        debt = self.debt

        in_payout = self.in_payout


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "available": available,
            "lifetime": lifetime,
            "on_chain": on_chain,
            "pending": pending,
        })
        if debt is not UNSET:
            field_dict["debt"] = debt
        if in_payout is not UNSET:
            field_dict["in_payout"] = in_payout

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balance_out_on_chain import BalanceOutOnChain # noqa: PLC0415
        d = dict(src_dict)
        available = d.pop("available")

        lifetime = d.pop("lifetime")

        on_chain = BalanceOutOnChain.from_dict(d.pop("on_chain"))




        pending = d.pop("pending")

        debt = d.pop("debt", UNSET)

        in_payout = d.pop("in_payout", UNSET)

        balance_out = cls(
            available=available,
            lifetime=lifetime,
            on_chain=on_chain,
            pending=pending,
            debt=debt,
            in_payout=in_payout,
        )


        balance_out.additional_properties = d
        return balance_out

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
