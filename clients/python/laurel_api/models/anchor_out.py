from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="AnchorOut")



@_attrs_define
class AnchorOut:
    """ 
        Attributes:
            chain (str):
            chain_id (int | None):
            contract (str):
            explorer_url (None | str):
            status (str):
            tx_hash (None | str):
     """

    chain: str
    chain_id: int | None
    contract: str
    explorer_url: None | str
    status: str
    tx_hash: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        chain = self.chain

        chain_id: int | None
        chain_id = self.chain_id

        contract = self.contract

        explorer_url: None | str
        explorer_url = self.explorer_url

        status = self.status

        tx_hash: None | str
        tx_hash = self.tx_hash


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "chain": chain,
            "chain_id": chain_id,
            "contract": contract,
            "explorer_url": explorer_url,
            "status": status,
            "tx_hash": tx_hash,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chain = d.pop("chain")

        def _parse_chain_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        chain_id = _parse_chain_id(d.pop("chain_id"))


        contract = d.pop("contract")

        def _parse_explorer_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        explorer_url = _parse_explorer_url(d.pop("explorer_url"))


        status = d.pop("status")

        def _parse_tx_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tx_hash = _parse_tx_hash(d.pop("tx_hash"))


        anchor_out = cls(
            chain=chain,
            chain_id=chain_id,
            contract=contract,
            explorer_url=explorer_url,
            status=status,
            tx_hash=tx_hash,
        )


        anchor_out.additional_properties = d
        return anchor_out

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
