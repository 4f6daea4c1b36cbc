from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payout_in_chain import PayoutInChain
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PayoutIn")



@_attrs_define
class PayoutIn:
    """ 
        Attributes:
            amount (int): Points, in the program's smallest unit.
            chain (PayoutInChain):
            member (str):
            program (None | str | Unset):
            to_address (None | str | Unset): Withdraw to this address.
     """

    amount: int
    chain: PayoutInChain
    member: str
    program: None | str | Unset = UNSET
    to_address: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        chain = self.chain.value

        member = self.member

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        to_address: None | str | Unset
        if isinstance(self.to_address, Unset):
            to_address = UNSET
        else:
            to_address = self.to_address


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "chain": chain,
            "member": member,
        })
        if program is not UNSET:
            field_dict["program"] = program
        if to_address is not UNSET:
            field_dict["to_address"] = to_address

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        chain = PayoutInChain(d.pop("chain"))




        member = d.pop("member")

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        def _parse_to_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        to_address = _parse_to_address(d.pop("to_address", UNSET))


        payout_in = cls(
            amount=amount,
            chain=chain,
            member=member,
            program=program,
            to_address=to_address,
        )


        payout_in.additional_properties = d
        return payout_in

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
