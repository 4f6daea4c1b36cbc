from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.erasure_out_badge_tokens_item import ErasureOutBadgeTokensItem
  from ..models.erasure_out_on_chain import ErasureOutOnChain
  from ..models.erasure_out_wallets import ErasureOutWallets
  from ..models.erasure_out_withdrawal_addresses_item import ErasureOutWithdrawalAddressesItem





T = TypeVar("T", bound="ErasureOut")



@_attrs_define
class ErasureOut:
    """ 
        Attributes:
            already_erased (bool):
            badge_tokens (list[ErasureOutBadgeTokensItem]): Badge tokens minted (or queued) to those addresses.
            erased_at (datetime.datetime):
            member (str): The pseudonym the member's ledger postings and records are kept under.
            on_chain (ErasureOutOnChain): Reward token units each custodial address still holds.
            wallets (ErasureOutWallets): Custodial addresses, kept: tokens on chain cannot be erased.
            withdrawal_addresses (list[ErasureOutWithdrawalAddressesItem]): Outside addresses the member was paid to.
     """

    already_erased: bool
    badge_tokens: list[ErasureOutBadgeTokensItem]
    erased_at: datetime.datetime
    member: str
    on_chain: ErasureOutOnChain
    wallets: ErasureOutWallets
    withdrawal_addresses: list[ErasureOutWithdrawalAddressesItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.erasure_out_badge_tokens_item import ErasureOutBadgeTokensItem # noqa: PLC0415
        from ..models.erasure_out_on_chain import ErasureOutOnChain # noqa: PLC0415
        from ..models.erasure_out_wallets import ErasureOutWallets # noqa: PLC0415
        from ..models.erasure_out_withdrawal_addresses_item import ErasureOutWithdrawalAddressesItem # noqa: PLC0415
        already_erased = self.already_erased

        badge_tokens = []
        for badge_tokens_item_data in self.badge_tokens:
            badge_tokens_item = badge_tokens_item_data.to_dict()
            badge_tokens.append(badge_tokens_item)



        erased_at = self.erased_at.isoformat()

        member = self.member

        on_chain = self.on_chain.to_dict()

        wallets = self.wallets.to_dict()

        withdrawal_addresses = []
        for withdrawal_addresses_item_data in self.withdrawal_addresses:
            withdrawal_addresses_item = withdrawal_addresses_item_data.to_dict()
            withdrawal_addresses.append(withdrawal_addresses_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "already_erased": already_erased,
            "badge_tokens": badge_tokens,
            "erased_at": erased_at,
            "member": member,
            "on_chain": on_chain,
            "wallets": wallets,
            "withdrawal_addresses": withdrawal_addresses,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.erasure_out_badge_tokens_item import ErasureOutBadgeTokensItem # noqa: PLC0415
        from ..models.erasure_out_on_chain import ErasureOutOnChain # noqa: PLC0415
        from ..models.erasure_out_wallets import ErasureOutWallets # noqa: PLC0415
        from ..models.erasure_out_withdrawal_addresses_item import ErasureOutWithdrawalAddressesItem # noqa: PLC0415
        d = dict(src_dict)
        already_erased = d.pop("already_erased")

        badge_tokens = []
        _badge_tokens = d.pop("badge_tokens")
        for badge_tokens_item_data in (_badge_tokens):
            badge_tokens_item = ErasureOutBadgeTokensItem.from_dict(badge_tokens_item_data)



            badge_tokens.append(badge_tokens_item)


        erased_at = datetime.datetime.fromisoformat(d.pop("erased_at"))




        member = d.pop("member")

        on_chain = ErasureOutOnChain.from_dict(d.pop("on_chain"))




        wallets = ErasureOutWallets.from_dict(d.pop("wallets"))




        withdrawal_addresses = []
        _withdrawal_addresses = d.pop("withdrawal_addresses")
        for withdrawal_addresses_item_data in (_withdrawal_addresses):
            withdrawal_addresses_item = ErasureOutWithdrawalAddressesItem.from_dict(withdrawal_addresses_item_data)



            withdrawal_addresses.append(withdrawal_addresses_item)


        erasure_out = cls(
            already_erased=already_erased,
            badge_tokens=badge_tokens,
            erased_at=erased_at,
            member=member,
            on_chain=on_chain,
            wallets=wallets,
            withdrawal_addresses=withdrawal_addresses,
        )


        erasure_out.additional_properties = d
        return erasure_out

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
