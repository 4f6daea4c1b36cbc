from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PayoutOut")



@_attrs_define
class PayoutOut:
    """ 
        Attributes:
            amount (int):
            chain (str):
            created_at (datetime.datetime):
            error (None | str):
            explorer_url (None | str):
            id (str):
            member (str):
            status (str):
            to_address (str):
            token_address (str):
            token_amount (str):
            tx_hash (None | str):
            updated_at (datetime.datetime):
     """

    amount: int
    chain: str
    created_at: datetime.datetime
    error: None | str
    explorer_url: None | str
    id: str
    member: str
    status: str
    to_address: str
    token_address: str
    token_amount: str
    tx_hash: None | str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        chain = self.chain

        created_at = self.created_at.isoformat()

        error: None | str
        error = self.error

        explorer_url: None | str
        explorer_url = self.explorer_url

        id = self.id

        member = self.member

        status = self.status

        to_address = self.to_address

        token_address = self.token_address

        token_amount = self.token_amount

        tx_hash: None | str
        tx_hash = self.tx_hash

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "chain": chain,
            "created_at": created_at,
            "error": error,
            "explorer_url": explorer_url,
            "id": id,
            "member": member,
            "status": status,
            "to_address": to_address,
            "token_address": token_address,
            "token_amount": token_amount,
            "tx_hash": tx_hash,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        chain = d.pop("chain")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_explorer_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        explorer_url = _parse_explorer_url(d.pop("explorer_url"))


        id = d.pop("id")

        member = d.pop("member")

        status = d.pop("status")

        to_address = d.pop("to_address")

        token_address = d.pop("token_address")

        token_amount = d.pop("token_amount")

        def _parse_tx_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tx_hash = _parse_tx_hash(d.pop("tx_hash"))


        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        payout_out = cls(
            amount=amount,
            chain=chain,
            created_at=created_at,
            error=error,
            explorer_url=explorer_url,
            id=id,
            member=member,
            status=status,
            to_address=to_address,
            token_address=token_address,
            token_amount=token_amount,
            tx_hash=tx_hash,
            updated_at=updated_at,
        )


        payout_out.additional_properties = d
        return payout_out

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
