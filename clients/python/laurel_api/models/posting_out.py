from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PostingOut")



@_attrs_define
class PostingOut:
    """ 
        Attributes:
            account (str):
            amount (int):
            created_at (datetime.datetime):
            event_id (None | str):
            id (int):
            kind (str):
            memo (str):
            transaction_id (int):
     """

    account: str
    amount: int
    created_at: datetime.datetime
    event_id: None | str
    id: int
    kind: str
    memo: str
    transaction_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        account = self.account

        amount = self.amount

        created_at = self.created_at.isoformat()

        event_id: None | str
        event_id = self.event_id

        id = self.id

        kind = self.kind

        memo = self.memo

        transaction_id = self.transaction_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "account": account,
            "amount": amount,
            "created_at": created_at,
            "event_id": event_id,
            "id": id,
            "kind": kind,
            "memo": memo,
            "transaction_id": transaction_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        amount = d.pop("amount")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_event_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_id = _parse_event_id(d.pop("event_id"))


        id = d.pop("id")

        kind = d.pop("kind")

        memo = d.pop("memo")

        transaction_id = d.pop("transaction_id")

        posting_out = cls(
            account=account,
            amount=amount,
            created_at=created_at,
            event_id=event_id,
            id=id,
            kind=kind,
            memo=memo,
            transaction_id=transaction_id,
        )


        posting_out.additional_properties = d
        return posting_out

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
