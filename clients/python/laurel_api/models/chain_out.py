from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ChainOut")



@_attrs_define
class ChainOut:
    """ 
        Attributes:
            badge_address (None | str):
            chain_id (int | None):
            decimals (int):
            explorer_url (None | str):
            name (str):
            rpc_url (str):
            token_address (None | str):
     """

    badge_address: None | str
    chain_id: int | None
    decimals: int
    explorer_url: None | str
    name: str
    rpc_url: str
    token_address: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        badge_address: None | str
        badge_address = self.badge_address

        chain_id: int | None
        chain_id = self.chain_id

        decimals = self.decimals

        explorer_url: None | str
        explorer_url = self.explorer_url

        name = self.name

        rpc_url = self.rpc_url

        token_address: None | str
        token_address = self.token_address


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "badge_address": badge_address,
            "chain_id": chain_id,
            "decimals": decimals,
            "explorer_url": explorer_url,
            "name": name,
            "rpc_url": rpc_url,
            "token_address": token_address,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_badge_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        badge_address = _parse_badge_address(d.pop("badge_address"))


        def _parse_chain_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        chain_id = _parse_chain_id(d.pop("chain_id"))


        decimals = d.pop("decimals")

        def _parse_explorer_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        explorer_url = _parse_explorer_url(d.pop("explorer_url"))


        name = d.pop("name")

        rpc_url = d.pop("rpc_url")

        def _parse_token_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        token_address = _parse_token_address(d.pop("token_address"))


        chain_out = cls(
            badge_address=badge_address,
            chain_id=chain_id,
            decimals=decimals,
            explorer_url=explorer_url,
            name=name,
            rpc_url=rpc_url,
            token_address=token_address,
        )


        chain_out.additional_properties = d
        return chain_out

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
