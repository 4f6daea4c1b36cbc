from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.program_in_status import ProgramInStatus
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.program_in_settings import ProgramInSettings





T = TypeVar("T", bound="ProgramIn")



@_attrs_define
class ProgramIn:
    """ 
        Attributes:
            key (str):
            name (str):
            budget (int | None | Unset): Most points the program may ever issue; null: no cap.
            decimals (int | Unset):  Default: 0.
            settings (ProgramInSettings | Unset):
            status (ProgramInStatus | Unset):  Default: ProgramInStatus.DRAFT.
            symbol (str | Unset):  Default: 'PTS'.
     """

    key: str
    name: str
    budget: int | None | Unset = UNSET
    decimals: int | Unset = 0
    settings: ProgramInSettings | Unset = UNSET
    status: ProgramInStatus | Unset = ProgramInStatus.DRAFT
    symbol: str | Unset = 'PTS'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.program_in_settings import ProgramInSettings # noqa: PLC0415
        key = self.key

        name = self.name

        budget: int | None | Unset
        if isinstance(self.budget, Unset):
            budget = UNSET
        else:
            budget = self.budget

        decimals = self.decimals

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        symbol = self.symbol


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "name": name,
        })
        if budget is not UNSET:
            field_dict["budget"] = budget
        if decimals is not UNSET:
            field_dict["decimals"] = decimals
        if settings is not UNSET:
            field_dict["settings"] = settings
        if status is not UNSET:
            field_dict["status"] = status
        if symbol is not UNSET:
            field_dict["symbol"] = symbol

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.program_in_settings import ProgramInSettings # noqa: PLC0415
        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        def _parse_budget(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        budget = _parse_budget(d.pop("budget", UNSET))


        decimals = d.pop("decimals", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: ProgramInSettings | Unset
        if isinstance(_settings,  Unset):
            settings = UNSET
        else:
            settings = ProgramInSettings.from_dict(_settings)




        _status = d.pop("status", UNSET)
        status: ProgramInStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = ProgramInStatus(_status)




        symbol = d.pop("symbol", UNSET)

        program_in = cls(
            key=key,
            name=name,
            budget=budget,
            decimals=decimals,
            settings=settings,
            status=status,
            symbol=symbol,
        )


        program_in.additional_properties = d
        return program_in

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
